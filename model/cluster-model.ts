/**
 * The cluster model (states.md §4): every process seen on any instance, with what each instance
 * last reported of it and its synthetic status. Pure functions over plain data: the context actor
 * holds the current value and replaces it with what these return.
 *
 * - A report of an instance (an event, or a full list at handshake / resync) replaces that
 *   instance's entry and re-synthesizes the process (model/process-state.ts).
 * - An instance lost (FAILED) has its running processes marked FATAL, `Supervisor <id> lost`,
 *   not expected; their entries are kept (states.md §2: invalidate_identifier). A process that
 *   then runs nowhere is reported lost.
 * - Applications are the groups, in the order they were first seen.
 */
import type { LocalProcess } from '../supervisor/local-process.js';
import { namespecOf } from '../supervisor/namespec.js';
import { forceState, initialSynthesis, updateStatus } from './process-state.js';
import { isAlive } from '../vocabulary/supervisor-states.js';
import type { ForcedState, InstanceProcessInfo, ProcessSynthesis } from './types.js';

/** What an instance reported of a process: its LocalProcess, and when we received it (local monotonic s). */
export interface ReportedProcess extends LocalProcess {
  readonly localMtime: number;
}

export interface ProcessRecord {
  readonly application: string;
  readonly name: string;
  readonly namespec: string;
  /** By identifier, in the order the instances reported it. */
  readonly infos: ReadonlyMap<string, ReportedProcess>;
  readonly synthesis: ProcessSynthesis;
  /** Local monotonic s of the last report, from any instance. */
  readonly lastEventMtime: number;
}

export interface ClusterModel {
  /** By namespec, in the order first seen. */
  readonly processes: ReadonlyMap<string, ProcessRecord>;
  /** Group names, in the order first seen. */
  readonly applications: readonly string[];
}

export const emptyModel: ClusterModel = { processes: new Map(), applications: [] };

function decisionInfos(infos: ReadonlyMap<string, ReportedProcess>): Map<string, InstanceProcessInfo> {
  return new Map([...infos].map(([identifier, info]) => [identifier, { state: info.state, expected: info.expected, localMtime: info.localMtime, disabled: info.disabled }]));
}

function withRecord(model: ClusterModel, record: ProcessRecord): ClusterModel {
  const processes = new Map(model.processes);
  processes.set(record.namespec, record);
  const applications = model.applications.includes(record.application) ? model.applications : [...model.applications, record.application];
  return { processes, applications };
}

/** One instance's report of one process (an event when `source` is 'event'). */
export function applyReport(model: ClusterModel, identifier: string, process: LocalProcess, nowMonotonic: number, source: 'event' | 'full-info' = 'event'): ClusterModel {
  const key = namespecOf(process.group, process.name);
  const previous = model.processes.get(key);
  const infos = new Map(previous?.infos ?? []);
  infos.set(identifier, { ...process, localMtime: nowMonotonic });
  const synthesis = updateStatus(previous?.synthesis ?? initialSynthesis, identifier, decisionInfos(infos), source);
  return withRecord(model, { application: process.group, name: process.name, namespec: key, infos, synthesis, lastEventMtime: Math.max(previous?.lastEventMtime ?? nowMonotonic, nowMonotonic) });
}

/** The instance no longer has the process (removed from its configuration, numprocs decrease). */
export function removeReport(model: ClusterModel, identifier: string, namespec: string): ClusterModel {
  const previous = model.processes.get(namespec);
  if (previous === undefined || !previous.infos.has(identifier)) return model;
  const infos = new Map(previous.infos);
  infos.delete(identifier);
  if (infos.size === 0) {
    const processes = new Map(model.processes);
    processes.delete(namespec);
    const applications = model.applications.filter((application) => application !== previous.application || [...processes.values()].some((record) => record.application === application));
    return { processes, applications };
  }
  const synthesis = updateStatus(previous.synthesis, identifier, decisionInfos(infos), 'full-info');
  return withRecord(model, { ...previous, infos, synthesis });
}

/**
 * A whole report of an instance (handshake, resync): what it no longer has is removed. A process
 * whose state there is the one already known keeps the time of that news: a resync of one
 * instance (after a numprocs change, a group added) must not make its STOPPED the latest word on
 * a process that EXITED elsewhere (the synthesis of a process running nowhere follows the latest
 * news, states.md §4; Supvisors updates it on events only).
 */
export function replaceInstance(model: ClusterModel, identifier: string, processes: readonly LocalProcess[], nowMonotonic: number): ClusterModel {
  const reported = new Set(processes.map((process) => namespecOf(process.group, process.name)));
  let current = model;
  for (const [key, record] of model.processes) if (record.infos.has(identifier) && !reported.has(key)) current = removeReport(current, identifier, key);
  for (const process of processes) {
    const known = current.processes.get(namespecOf(process.group, process.name))?.infos.get(identifier);
    current = applyReport(current, identifier, process, known?.state === process.state ? known.localMtime : nowMonotonic, 'full-info');
  }
  return current;
}

/**
 * An instance is lost: its running processes become FATAL there. Returns the namespecs that ran
 * there and now run nowhere (the processes lost with it).
 */
export function invalidateInstance(model: ClusterModel, identifier: string, nowMonotonic: number): { model: ClusterModel; lost: string[] } {
  let current = model;
  const lost: string[] = [];
  for (const [key, record] of model.processes) {
    const info = record.infos.get(identifier);
    if (info === undefined || !isAlive(info.state)) continue;
    current = applyReport(current, identifier, { ...info, state: 'FATAL', expected: false, spawnerr: `Supervisor ${identifier} lost`, pid: 0 }, nowMonotonic);
    if ((current.processes.get(key)?.synthesis.runningIdentifiers.length ?? 0) === 0) lost.push(key);
  }
  return { model: current, lost };
}

/**
 * A state imposed by the starter or the stopper (states.md §4.4): shown until an instance reports
 * the process again. A force about a target's silence (`since`: the target and the monotonic
 * time of the force) is dismissed when the target reported after that time.
 */
export function forceProcessState(model: ClusterModel, namespec: string, forced: ForcedState, since?: { readonly target: string; readonly at: number }): ClusterModel {
  const record = model.processes.get(namespec);
  if (record === undefined) return model;
  const targetEventTime = since === undefined ? undefined : record.infos.get(since.target)?.localMtime;
  const synthesis = forceState(record.synthesis, forced, targetEventTime, since?.at ?? 0);
  return synthesis === record.synthesis ? model : withRecord(model, { ...record, synthesis });
}

/** The processes of an application, in the order first seen. */
export function processesOf(model: ClusterModel, application: string): ProcessRecord[] {
  return [...model.processes.values()].filter((record) => record.application === application);
}
