/**
 * What the event stream publishes after one change of the cluster model (spec/events.md §4.3-4.5,
 * §5), given what it published before. Pure: the feed (actors/event-publisher/feed.ts) keeps the
 * memory between calls and sends the messages.
 *
 * As Supvisors 0.19 publishes:
 * - a Supervisor state change reported by an instance: `event` (a), then the `process` status,
 *   then the `application` status. A report whose state is the one already known for that process
 *   on that instance is no Supervisor change (a snapshot re-read, the exit details read after
 *   the event, an extra_args update): nothing;
 * - a disabled flag changed (enable / disable): `event` (d) only;
 * - a state forced by Supvisors: `event` (b), `process`, `application`; the same force again
 *   (same state and reason, no report between) is not published twice;
 * - a process removed from an instance: `event` (c); the last `process` status (DELETED) when no
 *   instance has it anymore; the `application` status (DELETED with its last process);
 * - an instance lost: the `process` status of each process that ran only there, then the
 *   `application` statuses.
 * Otherwise (a whole list loaded, a change on another instance), a status already published is
 * published again only when it changed, so that the stream always ends on the model's view;
 * processes and applications never published stay unpublished until their first event (0.19
 * publishes nothing for processes added, numprocs or group addition). Unmanaged applications
 * are never published.
 *
 * Beside 0.19, never instead (`additionsOfChange`, with a memory of its own): our extension
 * headers `process_added` / `application_added` (events/headers.ts) tell a process that joined
 * an instance without an event of its own, and an application no status of which was published,
 * so that a subscriber naming them (the dashboard) sees a numprocs increase or a group addition
 * at once.
 */
import { applicationView } from '../model/applications.js';
import type { ClusterModel, ProcessRecord } from '../model/cluster-model.js';
import type { ModelChange } from '../model/model-change.js';
import { applicationInfoPayload, processInfoPayload } from '../payloads/application-payloads.js';
import { applicationRulesFor } from '../rules/resolve.js';
import type { RuleSet } from '../rules/types.js';
import type { Clock } from '../clock/clock.js';
import { namespecOf } from '../supervisor/namespec.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';
import type { ExtensionHeader } from './headers.js';
import type { JsonObject } from './json.js';
import {
  applicationDeletedEvent,
  applicationStatusEvent,
  type ApplicationStatusBody,
  type ProcessStatusBody,
  forcedStateEvent,
  processDeletedStatusEvent,
  processDisabilityEvent,
  processRemovedEvent,
  processStateEvent,
  processStatusEvent,
  type PublishedEvent,
} from './payloads.js';

/** What the stream has published (and known) so far. */
export interface StreamMemory {
  /** The model of the previous change (the last status of a process that goes). */
  readonly model: ClusterModel;
  /** Per instance, then namespec: the Supervisor state known there. */
  readonly supervisorStates: ReadonlyMap<string, ReadonlyMap<string, ProcessState>>;
  /** Per namespec: the `process` status last published, its times left out. */
  readonly processes: ReadonlyMap<string, string>;
  /** Per application: the `application` status last published, its time left out. */
  readonly applications: ReadonlyMap<string, string>;
  /** Per namespec: the force last published, until the next report of the process. */
  readonly forced: ReadonlyMap<string, string>;
}

export const emptyStreamMemory: StreamMemory = { model: { processes: new Map(), applications: [] }, supervisorStates: new Map(), processes: new Map(), applications: new Map(), forced: new Map() };

/** What the decision reads besides the change: rules, names and clocks (local, seconds). */
export interface StreamContext {
  readonly rules: RuleSet;
  readonly startingStrategy: string;
  /** The nick of an instance. */
  readonly nickOf: (identifier: string) => string;
  /** Local epoch and monotonic seconds now. */
  readonly now: number;
  readonly nowMonotonic: number;
  /** The local clocks, for the disability event (S5's times). */
  readonly clock: Clock;
}

export interface StreamStep {
  readonly events: readonly PublishedEvent[];
  readonly memory: StreamMemory;
}

function processText(record: ProcessRecord): string {
  const { now_monotonic: _now, last_event_mtime: _mtime, ...status } = processInfoPayload(record, 0).payload;
  return JSON.stringify(status);
}

/** The messages of one change, and the memory after them. */
export function streamOfChange(memory: StreamMemory, change: ModelChange, context: StreamContext): StreamStep {
  const { model, reported, removed, forced, lost } = change;
  const events: PublishedEvent[] = [];
  const supervisorStates = new Map([...memory.supervisorStates].map(([identifier, states]) => [identifier, new Map(states)]));
  const processes = new Map(memory.processes);
  const applications = new Map(memory.applications);
  const forcedShown = new Map(memory.forced);
  /** Namespecs whose status follows an event of this change (published even when unchanged). */
  const triggered = new Set<string>(lost?.namespecs ?? []);

  const knownState = (identifier: string, namespec: string): ProcessState | undefined => supervisorStates.get(identifier)?.get(namespec);
  const setKnownState = (identifier: string, namespec: string, state: ProcessState | undefined): void => {
    const states = supervisorStates.get(identifier) ?? new Map<string, ProcessState>();
    if (state === undefined) states.delete(namespec);
    else states.set(namespec, state);
    if (states.size === 0) supervisorStates.delete(identifier);
    else supervisorStates.set(identifier, states);
  };

  if (reported !== undefined) {
    const namespec = namespecOf(reported.process.group, reported.process.name);
    forcedShown.delete(namespec);
    if (reported.disabledChanged) events.push(processDisabilityEvent(reported.process, context.clock));
    else if (knownState(reported.identifier, namespec) !== reported.process.state) {
      events.push(
        processStateEvent({
          identifier: reported.identifier,
          nickIdentifier: context.nickOf(reported.identifier),
          process: reported.process,
          now: context.now,
          nowMonotonic: reported.process.changedMonotonic,
          eventMtime: context.nowMonotonic,
        }),
      );
      triggered.add(namespec);
    }
  }
  if (removed !== undefined) {
    events.push(processRemovedEvent(removed.group, removed.name));
    setKnownState(removed.identifier, namespecOf(removed.group, removed.name), undefined);
  }
  if (forced !== undefined) {
    const record = model.processes.get(forced.namespec);
    const shown = `${forced.state} ${forced.reason}`;
    if (record !== undefined && forcedShown.get(forced.namespec) !== shown) {
      forcedShown.set(forced.namespec, shown);
      events.push(
        forcedStateEvent({
          identifier: '',
          nickIdentifier: '',
          group: record.application,
          name: record.name,
          state: forced.state,
          now: context.now,
          nowMonotonic: context.nowMonotonic,
          reason: forced.reason,
          extraArgs: '',
          eventMtime: context.nowMonotonic,
        }),
      );
      triggered.add(forced.namespec);
    }
  }

  // A whole list replaced (no single cause): processes published before and now gone from every instance.
  const wholeList = reported === undefined && removed === undefined && forced === undefined && lost === undefined;
  const gone = wholeList ? [...processes.keys()].filter((namespec) => !model.processes.has(namespec)) : [];
  const touched = new Set<string>();
  for (const namespec of [...triggered, ...change.namespecs, ...gone]) {
    if (touched.has(namespec)) continue;
    touched.add(namespec);
    const record = model.processes.get(namespec);
    if (record === undefined) {
      const before = memory.model.processes.get(namespec);
      for (const states of supervisorStates.values()) states.delete(namespec);
      if (before !== undefined && (removed !== undefined || processes.has(namespec))) events.push(processDeletedStatusEvent(before, context.nowMonotonic));
      processes.delete(namespec);
      forcedShown.delete(namespec);
      continue;
    }
    for (const [identifier, info] of record.infos) setKnownState(identifier, namespec, info.state);
    const text = processText(record);
    const published = processes.get(namespec);
    if (triggered.has(namespec) || (published !== undefined && published !== text)) {
      events.push(processStatusEvent(record, context.nowMonotonic));
      processes.set(namespec, text);
    }
  }

  // the applications of the processes whose status was published, and the one that lost a process
  const published = new Set(events.flatMap((event) => (event.header === 'process' && typeof event.body['application_name'] === 'string' ? [event.body['application_name']] : [])));
  if (removed !== undefined) published.add(removed.group);
  for (const name of published) {
    const view = applicationView(model, context.rules, name, context.startingStrategy);
    if (view === undefined) {
      // its last process went: DELETED (unmanaged applications are never published)
      applications.delete(name);
      if (applicationRulesFor(context.rules, name, context.startingStrategy).rules.managed) events.push(applicationDeletedEvent(name, true, context.nowMonotonic));
      continue;
    }
    if (!view.managed) continue;
    const { now_monotonic: _now, ...status } = applicationInfoPayload(view, 0).payload;
    applications.set(name, JSON.stringify(status));
    events.push(applicationStatusEvent(view, context.nowMonotonic));
  }
  // the other applications touched: again only when their published status changed
  const others = new Set([...touched].flatMap((namespec) => {
    const application = model.processes.get(namespec)?.application;
    return application === undefined || published.has(application) ? [] : [application];
  }));
  for (const name of others) {
    const before = applications.get(name);
    if (before === undefined) continue;
    const view = applicationView(model, context.rules, name, context.startingStrategy);
    if (view === undefined || !view.managed) continue;
    const { now_monotonic: _now, ...status } = applicationInfoPayload(view, 0).payload;
    const text = JSON.stringify(status);
    if (text === before) continue;
    applications.set(name, text);
    events.push(applicationStatusEvent(view, context.nowMonotonic));
  }

  return { events, memory: { model, supervisorStates, processes, applications, forced: forcedShown } };
}

/** One message of our extension headers: the body is the status of its 0.19 counterpart. */
export interface ExtensionEvent<H extends ExtensionHeader = ExtensionHeader> {
  readonly header: H;
  readonly body: JsonObject;
}

/** The body of each extension header, as a subscriber decodes it: S4 for `process_added`, S3 for `application_added`. */
export interface ExtensionBodies {
  process_added: ProcessStatusBody;
  application_added: ApplicationStatusBody;
}

/** What the extension headers know so far; kept apart from StreamMemory, which decides 0.19's messages alone. */
export interface AdditionMemory {
  /** Per namespec: the instances known to have it (their lists as of the last change of it). */
  readonly processes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Applications told by `application_added` (or by 0.19's `application` status). */
  readonly applications: ReadonlySet<string>;
}

export const emptyAdditionMemory: AdditionMemory = { processes: new Map(), applications: new Set() };

export interface AdditionStep {
  /** The `application_added` messages first, then the `process_added` ones. */
  readonly events: readonly ExtensionEvent[];
  readonly memory: AdditionMemory;
}

/**
 * The extension messages of one change, given `published`, the 0.19 stream's step for the same
 * change (streamOfChange):
 * - `process_added` (its S4 status), once per change, for a process that joined the list of an
 *   instance without an `event` of its own in that step: a numprocs increase, a group added, a
 *   list loaded. 0.19's `update_numprocs` changes one instance, so a process may join one
 *   instance while others have it already: the dashboard, told, loads the instances' rows
 *   again. One whose `event` (a) 0.19 published needs none: it names the instance;
 * - `application_added` (its S3 status), for an application no status of which was published
 *   yet: unmanaged ones too, which 0.19 never publishes (the dashboard lists them, as
 *   get_all_applications_info does).
 * A process gone from an instance, or an application gone, is forgotten (0.19's `event` and
 * DELETED statuses tell the removal), so that it is told again when it comes back.
 */
export function additionsOfChange(memory: AdditionMemory, change: ModelChange, published: StreamStep, context: StreamContext): AdditionStep {
  const { model } = change;
  const processes = new Map<string, ReadonlySet<string>>();
  for (const [namespec, identifiers] of memory.processes) {
    const infos = model.processes.get(namespec)?.infos;
    if (infos === undefined) continue;
    const kept = [...identifiers].filter((identifier) => infos.has(identifier));
    processes.set(namespec, kept.length === identifiers.size ? identifiers : new Set(kept));
  }
  const applications = new Set([...memory.applications].filter((name) => model.applications.includes(name)));
  /** `<identifier> <namespec>` of each `event` of the step that names its instance. */
  const evented = new Set(
    published.events.flatMap(({ header, body }) => {
      const { identifier, group, name } = body;
      return header === 'event' && typeof identifier === 'string' && identifier !== '' && typeof group === 'string' && typeof name === 'string' ? [`${identifier} ${namespecOf(group, name)}`] : [];
    }),
  );
  const newProcesses: ExtensionEvent[] = [];
  const newApplications: ExtensionEvent[] = [];
  for (const namespec of new Set(change.namespecs)) {
    const record = model.processes.get(namespec);
    if (record === undefined) continue;
    const known = processes.get(namespec);
    const joined = [...record.infos.keys()].filter((identifier) => known?.has(identifier) !== true);
    if (joined.length > 0) processes.set(namespec, new Set(record.infos.keys()));
    const untold = joined.filter((identifier) => !evented.has(`${identifier} ${namespec}`));
    if (untold.length > 0) newProcesses.push({ header: 'process_added', body: processStatusEvent(record, context.nowMonotonic).body });
    const name = record.application;
    if (published.memory.applications.has(name) || applications.has(name)) continue;
    const view = applicationView(model, context.rules, name, context.startingStrategy);
    if (view === undefined) continue;
    applications.add(name);
    newApplications.push({ header: 'application_added', body: applicationStatusEvent(view, context.nowMonotonic).body });
  }
  return { events: [...newApplications, ...newProcesses], memory: { processes, applications } };
}
