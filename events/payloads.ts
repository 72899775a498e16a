/**
 * The bodies of the event interface (spec/events.md §4), built from the data the rest of the
 * node already has, with the keys Python writes as floats marked (events/json.ts). Pure.
 *
 * The status bodies reuse the XML-RPC builders (they are the same structs): S1 / S2 from
 * payloads/state-modes-payloads.ts and payloads/instance-info.ts, S3 / S4 from
 * payloads/application-payloads.ts, S5 from payloads/local-process-info.ts, statistics from
 * stats/payloads.ts. Times are seconds
 * (`supvisorsStatusEvent` takes milliseconds, as supvisorsStatePayload does).
 *
 * Each builder returns `{ header, body }`: send it as `{ type: 'publish', ...event }` to the
 * event publisher (actors/event-publisher).
 */
import {
  applicationInfoPayload,
  processInfoPayload,
  type ApplicationInfoPayload,
  type ProcessInfoPayload,
} from '../payloads/application-payloads.js';
import type { LocalProcessInfoPayload } from '../payloads/application-payloads.js';
import { localProcessInfo } from '../payloads/local-process-info.js';
import { XmlRpcDouble, type XmlRpcValue } from '../xmlrpc/values.js';
import type { StateModesMap } from '../cluster/state-records.js';
import { instanceInfoDoubles, instanceInfoPayload, type InstanceInfoData, type InstanceInfoPayload } from '../payloads/instance-info.js';
import { stateModesDoubles, supvisorsStatePayload, type SupvisorsStatePayload } from '../payloads/state-modes-payloads.js';
import type { ApplicationView } from '../model/applications.js';
import type { ProcessRecord } from '../model/cluster-model.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../stats-compiler/payloads.js';
import type { Clock } from '../clock/clock.js';
import type { LocalProcess } from '../supervisor/local-process.js';
import type { EventHeader } from './headers.js';
import { Float, markFloats, type JsonObject, type JsonValue } from './json.js';
import { type ProcessState, ProcessStates } from '../vocabulary/supervisor-states.js';

/** One message for the publisher: its header and its body, floats marked. */
export interface PublishedEvent<H extends EventHeader = EventHeader> {
  readonly header: H;
  readonly body: JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Wire shapes (what a subscriber decodes; numbers are plain numbers once decoded)

/** `process` body: S4, or its last message when the process is gone from every instance. */
export type ProcessStatusBody = Omit<ProcessInfoPayload, 'statename'> & { statename: ProcessInfoPayload['statename'] | 'DELETED' };

/** `application` body: S3 (statecode 4 / `DELETED` when the application lost its last process). */
export type ApplicationStatusBody = ApplicationInfoPayload;

/** `event` shape (a): a Supervisor state change, reported by the instance `identifier`. */
export interface ProcessStateEventBody {
  identifier: string;
  nick_identifier: string;
  name: string;
  group: string;
  state: number;
  now: number;
  now_monotonic: number;
  pid: number;
  expected: boolean;
  spawnerr: string;
  extra_args: string;
  disabled: boolean;
  event_mtime: number;
}

/** `event` shape (b): a state forced by Supvisors (no `disabled`). */
export type ForcedStateEventBody = Omit<ProcessStateEventBody, 'disabled'>;

/** `event` shape (c): the process is gone from the publishing instance's view of one instance. */
export interface ProcessRemovedEventBody {
  name: string;
  group: string;
  state: -1;
}

/** `event` shape (d): S5 of the process where its `disabled` flag changed, as 0.19 writes it (without our S5's `exitstatus`). */
export type ProcessDisabilityEventBody = Omit<LocalProcessInfoPayload, 'exitstatus'>;

/** Consumers must tolerate missing keys: tell the shapes apart by `state === -1`, `disabled`, `statename`. */
export type ProcessEventBody = ProcessStateEventBody | ForcedStateEventBody | ProcessRemovedEventBody | ProcessDisabilityEventBody;

/** The body type of each header. */
export interface EventBodies {
  supvisors: SupvisorsStatePayload;
  instance: InstanceInfoPayload;
  application: ApplicationStatusBody;
  process: ProcessStatusBody;
  event: ProcessEventBody;
  hstats: HostStatisticsPayload;
  pstats: ProcessStatisticsPayload;
}

// ---------------------------------------------------------------------------------------------
// §4.1 supvisors, §4.2 instance

/** Same struct as get_supvisors_state (S1, jobs as lists). */
export function supvisorsStatusEvent(records: StateModesMap, localIdentifier: string, nowMonotonicMs: number): PublishedEvent<'supvisors'> {
  return { header: 'supvisors', body: markFloats(supvisorsStatePayload(records, localIdentifier, nowMonotonicMs), stateModesDoubles) };
}

/** Same struct as one element of get_all_instances_info (S2). */
export function instanceStatusEvent(data: InstanceInfoData): PublishedEvent<'instance'> {
  return { header: 'instance', body: markFloats(instanceInfoPayload(data), instanceInfoDoubles) };
}

// ---------------------------------------------------------------------------------------------
// §4.3 application, §4.5 process

export function applicationStatusEvent(view: ApplicationView, nowMonotonic: number): PublishedEvent<'application'> {
  const built = applicationInfoPayload(view, nowMonotonic);
  return { header: 'application', body: markFloats(built.payload, built.doubles) };
}

/** The application lost its last process: DELETED (4), no failure. */
export function applicationDeletedEvent(name: string, managed: boolean, nowMonotonic: number): PublishedEvent<'application'> {
  const body: ApplicationStatusBody = {
    application_name: name,
    managed,
    now_monotonic: nowMonotonic,
    statecode: 4,
    statename: 'DELETED',
    major_failure: false,
    minor_failure: false,
  };
  return { header: 'application', body: markFloats(body, ['now_monotonic']) };
}

export function processStatusEvent(record: ProcessRecord, nowMonotonic: number): PublishedEvent<'process'> {
  const built = processInfoPayload(record, nowMonotonic);
  return { header: 'process', body: markFloats(built.payload, built.doubles) };
}

/** The last status of a process gone from every instance (`record` as it was before): -1 / DELETED, running nowhere. */
export function processDeletedStatusEvent(record: ProcessRecord, nowMonotonic: number): PublishedEvent<'process'> {
  const built = processInfoPayload(record, nowMonotonic);
  const body: ProcessStatusBody = { ...built.payload, statecode: -1, statename: 'DELETED', identifiers: [] };
  return { header: 'process', body: markFloats(body, built.doubles) };
}

// ---------------------------------------------------------------------------------------------
// §4.4 event

/** What shape (a) is made of. */
export interface ProcessStateChange {
  /** The instance where the change happened, and its nick. */
  readonly identifier: string;
  readonly nickIdentifier: string;
  /** The process after the change (as that instance reported it). */
  readonly process: Pick<LocalProcess, 'name' | 'group' | 'state' | 'pid' | 'expected' | 'spawnerr' | 'extraArgs' | 'disabled'>;
  /** Epoch and monotonic seconds of the change, on the originating host. */
  readonly now: number;
  readonly nowMonotonic: number;
  /** Local monotonic seconds when this instance processed it. */
  readonly eventMtime: number;
}

export function processStateEvent(change: ProcessStateChange): PublishedEvent<'event'> {
  const { process } = change;
  const body: ProcessStateEventBody = {
    identifier: change.identifier,
    nick_identifier: change.nickIdentifier,
    name: process.name,
    group: process.group,
    state: ProcessStates[process.state],
    now: change.now,
    now_monotonic: change.nowMonotonic,
    pid: process.pid,
    expected: process.expected,
    spawnerr: process.spawnerr,
    extra_args: process.extraArgs,
    disabled: process.disabled,
    event_mtime: change.eventMtime,
  };
  return { header: 'event', body: markFloats(body, ['now', 'now_monotonic', 'event_mtime']) };
}

/** What shape (b) is made of. */
export interface ForcedStateChange {
  /** The instance chosen for the request; `''` when none could be. */
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly group: string;
  readonly name: string;
  /** FATAL for a start failure, STOPPED for a stop failure. */
  readonly state: ProcessState;
  /** Local epoch and monotonic seconds. */
  readonly now: number;
  readonly nowMonotonic: number;
  /** e.g. `No resource available`, `process RUNNING event not received in time`. */
  readonly reason: string;
  readonly extraArgs: string;
  readonly eventMtime: number;
}

export function forcedStateEvent(change: ForcedStateChange): PublishedEvent<'event'> {
  const body: ForcedStateEventBody = {
    identifier: change.identifier,
    nick_identifier: change.nickIdentifier,
    group: change.group,
    name: change.name,
    state: ProcessStates[change.state],
    now: change.now,
    now_monotonic: change.nowMonotonic,
    pid: 0,
    expected: false,
    spawnerr: change.reason,
    extra_args: change.extraArgs,
    event_mtime: change.eventMtime,
  };
  return { header: 'event', body: markFloats(body, ['now', 'now_monotonic', 'event_mtime']) };
}

/** Shape (c): exactly `{name, group, state: -1}`, one per removed process. */
export function processRemovedEvent(group: string, name: string): PublishedEvent<'event'> {
  const body: ProcessRemovedEventBody = { name, group, state: -1 };
  return { header: 'event', body: markFloats(body) };
}

function fromXmlRpc(value: XmlRpcValue): JsonValue {
  if (value instanceof XmlRpcDouble) return new Float(value.value);
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromXmlRpc);
  if (value instanceof Date || Buffer.isBuffer(value)) throw new TypeError('a date or binary value has no place in an event body');
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) result[key] = fromXmlRpc(item);
  return result;
}

/**
 * Shape (d), after enable / disable: S5 of the process on the instance where the flag changed
 * (`clock` = now on that instance's clocks), as get_local_process_info answers it, without the
 * `exitstatus` we add there (0.19's body has the S5 keys only).
 */
export function processDisabilityEvent(process: LocalProcess, clock: Clock): PublishedEvent<'event'> {
  const { exitstatus: _exitstatus, ...s5 } = localProcessInfo(process, clock);
  const body = fromXmlRpc(s5);
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof Float) throw new TypeError('S5 is not a struct');
  return { header: 'event', body: body as JsonObject };
}

// ---------------------------------------------------------------------------------------------
// §4.6 hstats, §4.7 pstats

/**
 * Every number is a float, except a CPU element equal to 0, written as the int `0` (what
 * Python writes when no CPU time elapsed in the window; a 0.0 measured over elapsed time cannot
 * be told apart here), and `target_period`, an int when the period is one (0.19 sends `10` with
 * its default periods).
 */
export function hostStatisticsEvent(payload: HostStatisticsPayload): PublishedEvent<'hstats'> {
  const body = markFloats(payload, ['now_monotonic', 'period', 'mem', 'net_io', 'disk_io', 'disk_usage']);
  return { header: 'hstats', body: { ...body, cpu: payload.cpu.map((value) => (value === 0 ? 0 : new Float(value))) } };
}

/** Every number is a float except `pid` and an integral `target_period` (as for hstats). */
export function processStatisticsEvent(payload: ProcessStatisticsPayload): PublishedEvent<'pstats'> {
  return { header: 'pstats', body: markFloats(payload, ['now_monotonic', 'period', 'cpu', 'mem']) };
}
