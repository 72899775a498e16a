/**
 * What the dashboard knows of the cluster: the snapshot the page loads once (the same structs as
 * the XML-RPC methods answer), then kept current by the event stream (docs/events.md), our
 * extension headers included: a `process_added` / `application_added` is applied as the
 * `process` / `application` status it carries (a numprocs increase or a group added shows at
 * once, where 0.19's headers say nothing until the first event). Pure:
 * `fromSnapshot` builds it, `applyEvents` folds a batch of events into a new view (the store
 * hands it one batch per animation frame). Maps are replaced, never mutated, so that a page
 * can compare them by identity.
 */
import type { StreamHeader } from '../../events/headers.js';
import type { EventBodies } from '../../events/payloads.js';
import type { ExtensionBodies } from '../../events/process-stream.js';
import type { Result } from '../../contract/index.js';
import type { ApplicationInfoPayload, ProcessInfoPayload } from '../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../payloads/instance-info.js';
import type { SupvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../../stats-compiler/payloads.js';
import { byCodePoint } from '../../vocabulary/name-order.js';
import { isAlive, stateName as processStateName } from '../../vocabulary/supervisor-states.js';

/** One process as one instance reports it (S6), kept current by the `event` header. */
export type LocalProcess = Result<'supvisors.get_all_inner_process_info'>[number];

export interface ClusterView {
  /** S1: the Supvisors state, modes, Master and jobs (undefined until loaded). */
  readonly supvisors: SupvisorsStatePayload | undefined;
  /** S2 by identifier, in the order of their nicknames (node2 before node10). */
  readonly instances: ReadonlyMap<string, InstanceInfoPayload>;
  /** S3 by application name, sorted. */
  readonly applications: ReadonlyMap<string, ApplicationInfoPayload>;
  /** S4 by namespec, sorted. */
  readonly processes: ReadonlyMap<string, ProcessInfoPayload>;
  /** S6 per instance, by namespec. */
  readonly local: ReadonlyMap<string, ReadonlyMap<string, LocalProcess>>;
  /** The latest `hstats` per instance and period (key `identifier period`). */
  readonly hostStats: ReadonlyMap<string, HostStatisticsPayload>;
  /** The latest `pstats` per instance, process and period (key `identifier namespec period`). */
  readonly processStats: ReadonlyMap<string, ProcessStatisticsPayload>;
  /** Counts the batches applied since the snapshot. */
  readonly revision: number;
}

export interface Snapshot {
  readonly supvisors: SupvisorsStatePayload;
  readonly instances: readonly InstanceInfoPayload[];
  readonly applications: readonly ApplicationInfoPayload[];
  readonly processes: readonly ProcessInfoPayload[];
  /** all_inner_process_info of each instance that answered. */
  readonly local: Readonly<Record<string, readonly LocalProcess[]>>;
}

export const EMPTY_VIEW: ClusterView = {
  supvisors: undefined,
  instances: new Map(),
  applications: new Map(),
  processes: new Map(),
  local: new Map(),
  hostStats: new Map(),
  processStats: new Map(),
  revision: 0,
};

export function namespecOf(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

const byKey = <T>(entries: Iterable<[string, T]>): Map<string, T> => new Map([...entries].sort(([a], [b]) => byCodePoint(a, b)));

const byNickname = (a: InstanceInfoPayload, b: InstanceInfoPayload): number => a.nick_identifier.localeCompare(b.nick_identifier, 'en', { numeric: true });

export function hostStatsKey(identifier: string, period: number): string {
  return `${identifier} ${period}`;
}

export function processStatsKey(identifier: string, namespec: string, period: number): string {
  return `${identifier} ${namespec} ${period}`;
}

/** The view of a fresh snapshot; the statistics already received are kept (the snapshot has none). */
export function fromSnapshot(snapshot: Snapshot, previous: ClusterView = EMPTY_VIEW): ClusterView {
  return {
    supvisors: snapshot.supvisors,
    instances: new Map([...snapshot.instances].sort(byNickname).map((info) => [info.identifier, info])),
    applications: byKey(snapshot.applications.map((info) => [info.application_name, info])),
    processes: byKey(snapshot.processes.map((info) => [namespecOf(info.application_name, info.process_name), info])),
    local: new Map(Object.entries(snapshot.local).map(([identifier, infos]) => [identifier, byKey(infos.map((info) => [namespecOf(info.group, info.name), info]))])),
    hostStats: previous.hostStats,
    processStats: previous.processStats,
    revision: previous.revision + 1,
  };
}

/** The body of every header the page subscribes to: 0.19's and ours. */
export type StreamBodies = EventBodies & ExtensionBodies;

export interface ReceivedEvent<H extends StreamHeader = StreamHeader> {
  readonly header: H;
  readonly body: StreamBodies[H];
}

/** Mutable copies of the maps a batch touches, made on first touch. */
class Draft {
  private readonly copies = new Map<keyof ClusterView, unknown>();
  /** The copy of `local`, once a batch touches it, and the rows copied in it so far. */
  private local: Map<string, ReadonlyMap<string, LocalProcess>> | undefined;
  private readonly localRows = new Map<string, Map<string, LocalProcess>>();
  constructor(private readonly view: ClusterView) {}

  map<K extends 'instances' | 'applications' | 'processes' | 'hostStats' | 'processStats'>(key: K): Map<string, ClusterView[K] extends ReadonlyMap<string, infer V> ? V : never> {
    type Value = ClusterView[K] extends ReadonlyMap<string, infer V> ? V : never;
    let copy = this.copies.get(key) as Map<string, Value> | undefined;
    if (copy === undefined) {
      copy = new Map(this.view[key] as ReadonlyMap<string, Value>);
      this.copies.set(key, copy);
    }
    return copy;
  }

  /** The instances whose rows hold `namespec`. */
  identifiersHolding(namespec: string): string[] {
    return [...(this.local ?? this.view.local)].filter(([, rows]) => rows.has(namespec)).map(([identifier]) => identifier);
  }

  localOf(identifier: string): Map<string, LocalProcess> {
    const touched = this.localRows.get(identifier);
    if (touched !== undefined) return touched;
    this.local ??= new Map(this.view.local);
    const rows = new Map(this.local.get(identifier) ?? []);
    this.local.set(identifier, rows);
    this.localRows.set(identifier, rows);
    return rows;
  }

  result(supvisors: SupvisorsStatePayload | undefined): ClusterView {
    const pick = <K extends keyof ClusterView>(key: K): ClusterView[K] => (this.copies.get(key) as ClusterView[K] | undefined) ?? this.view[key];
    return {
      supvisors,
      instances: pick('instances'),
      applications: pick('applications'),
      processes: pick('processes'),
      local: this.local ?? this.view.local,
      hostStats: pick('hostStats'),
      processStats: pick('processStats'),
      revision: this.view.revision + 1,
    };
  }
}

function applyProcessEvent(draft: Draft, body: EventBodies['event']): void {
  const namespec = namespecOf(body.group, body.name);
  if (!('identifier' in body) && !('statename' in body)) {
    // shape (c): the process is gone from one instance, which the event does not name (0.19's
    // update_numprocs changes one instance): the row goes when one instance holds it; when
    // several do, they are loaded again (reloadsAfter), and a DELETED status takes every row
    const holders = draft.identifiersHolding(namespec);
    if (holders.length === 1) for (const identifier of holders) draft.localOf(identifier).delete(namespec);
    return;
  }
  if (!('identifier' in body)) {
    // shape (d): an S5 whose `disabled` changed; it names no instance, and the flag is the program's: every row of it
    for (const identifier of draft.identifiersHolding(namespec)) {
      const rows = draft.localOf(identifier);
      const row = rows.get(namespec);
      if (row !== undefined) rows.set(namespec, { ...row, disabled: body.disabled });
    }
    return;
  }
  // shapes (a) and (b): a state change on `identifier`
  const rows = draft.localOf(body.identifier);
  const row = rows.get(namespec);
  const statename = processStateName(body.state);
  const running = isAlive(statename);
  const started = statename === 'STARTING' ? body.now : (row?.start ?? 0);
  const base: LocalProcess = row ?? newRow(body.identifier, body.nick_identifier, body.group, body.name);
  rows.set(namespec, {
    ...base,
    state: body.state,
    statename,
    pid: body.pid,
    now: body.now,
    now_monotonic: body.now_monotonic,
    expected: body.expected,
    spawnerr: body.spawnerr,
    extra_args: body.extra_args,
    disabled: 'disabled' in body ? body.disabled : base.disabled,
    start: started,
    start_monotonic: statename === 'STARTING' ? body.now_monotonic : base.start_monotonic,
    stop: running ? base.stop : body.now,
    event_time: body.now_monotonic,
    has_crashed: statename === 'EXITED' ? !body.expected : statename === 'FATAL' || (statename === 'BACKOFF' ? base.has_crashed : false),
    description: '',
  });
}

function newRow(identifier: string, nick: string, group: string, name: string): LocalProcess {
  return {
    name, group, state: 0, statename: 'STOPPED', start: 0, stop: 0, now: 0, pid: 0, description: '', spawnerr: '', expected: true,
    start_monotonic: 0, stop_monotonic: 0, now_monotonic: 0, extra_args: '', startsecs: 0, stopwaitsecs: 0, process_index: 0,
    program_name: name, disabled: false, has_stdout: false, has_stderr: false, exitstatus: 0, local_mtime: 0, event_time: 0, uptime: 0,
    has_crashed: false, identifier, nick_identifier: nick,
  };
}

/** Folds a batch of events, in their order, into a new view. */
export function applyEvents(view: ClusterView, events: readonly ReceivedEvent[]): ClusterView {
  if (events.length === 0) return view;
  const draft = new Draft(view);
  let supvisors = view.supvisors;
  for (const event of events) {
    switch (event.header) {
      case 'supvisors':
        supvisors = event.body as EventBodies['supvisors'];
        break;
      case 'instance': {
        const body = event.body as EventBodies['instance'];
        draft.map('instances').set(body.identifier, body);
        break;
      }
      case 'application':
      case 'application_added': {
        const body = event.body as EventBodies['application'];
        const applications = draft.map('applications');
        if (body.statename === 'DELETED') applications.delete(body.application_name);
        else applications.set(body.application_name, body);
        break;
      }
      case 'process':
      case 'process_added': {
        const body = event.body as EventBodies['process'];
        const processes = draft.map('processes');
        const namespec = namespecOf(body.application_name, body.process_name);
        if (body.statename === 'DELETED') {
          // gone from every instance
          processes.delete(namespec);
          for (const identifier of draft.identifiersHolding(namespec)) draft.localOf(identifier).delete(namespec);
        } else processes.set(namespec, { ...body, statename: body.statename });
        break;
      }
      case 'event':
        applyProcessEvent(draft, event.body as EventBodies['event']);
        break;
      case 'hstats': {
        const body = event.body as EventBodies['hstats'];
        draft.map('hostStats').set(hostStatsKey(body.identifier, body.target_period), body);
        break;
      }
      case 'pstats': {
        const body = event.body as EventBodies['pstats'];
        draft.map('processStats').set(processStatsKey(body.identifier, body.namespec, body.target_period), body);
        break;
      }
    }
  }
  return draft.result(supvisors);
}

/** The view with the rows of one instance replaced (its all_inner_process_info, when it joins). */
export function withLocalRows(view: ClusterView, identifier: string, rows: readonly LocalProcess[]): ClusterView {
  const local = new Map(view.local);
  local.set(identifier, byKey(rows.map((row) => [namespecOf(row.group, row.name), row])));
  return { ...view, local, revision: view.revision + 1 };
}

/** What a batch asks the store to load: everything (the cluster now answers what it refused), or the rows of instances that came up. */
export interface Reloads {
  readonly snapshot: boolean;
  readonly instances: readonly string[];
}

/**
 * The loads a batch calls for, given the view before it: the applications and processes are
 * only answered from DISTRIBUTION on (their guard), so entering those states reloads the
 * snapshot; an instance turning RUNNING has rows nobody sent yet; so has a process added (its
 * `process_added` names no instance): the rows of every RUNNING instance are loaded again; a
 * process removed from one of several instances holding it (event (c) names none): their rows.
 */
export function reloadsAfter(before: ClusterView, events: readonly ReceivedEvent[], answersApplications: (state: string) => boolean): Reloads {
  let snapshot = false;
  let added = false;
  const instances: string[] = [];
  let state = before.supvisors?.fsm_statename;
  for (const event of events) {
    if (event.header === 'supvisors') {
      const next = (event.body as EventBodies['supvisors']).fsm_statename;
      if (state !== undefined && !answersApplications(state) && answersApplications(next)) snapshot = true;
      state = next;
    } else if (event.header === 'instance') {
      const body = event.body as EventBodies['instance'];
      if (body.statename === 'RUNNING' && before.instances.get(body.identifier)?.statename !== 'RUNNING') instances.push(body.identifier);
    } else if (event.header === 'process_added') {
      added = true;
    } else if (event.header === 'event') {
      const body = event.body as EventBodies['event'];
      if (body.state === -1) {
        const namespec = namespecOf(body.group, body.name);
        const holders = [...before.local].filter(([, rows]) => rows.has(namespec)).map(([identifier]) => identifier);
        if (holders.length > 1) instances.push(...holders);
      }
    }
  }
  if (added) instances.push(...[...before.instances.values()].filter((info) => info.statename === 'RUNNING').map((info) => info.identifier));
  return { snapshot, instances: snapshot ? [] : [...new Set(instances)] };
}
