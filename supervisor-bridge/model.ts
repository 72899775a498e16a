import type { Clock } from '../clock/clock.js';
import { DEFAULT_AUTORESTART, fromSupervisor, type LocalProcess, type ProgramRef } from '../supervisor/local-process.js';
import type { SupervisorConfigInfo, SupervisorProcessInfo } from '../supervisor/records.js';
import { RUNNING_STATES } from '../vocabulary/supervisor-states.js';
import { namespecOf } from '../supervisor/namespec.js';
import { byCodePoint } from '../vocabulary/name-order.js';

/** The local model: every process of the local supervisord by namespec, in lexical order. */
export type LocalModel = ReadonlyMap<string, LocalProcess>;

export interface ModelInputs {
  readonly infos: readonly SupervisorProcessInfo[];
  readonly configs: readonly SupervisorConfigInfo[];
  readonly programs: ReadonlyMap<string, ProgramRef>;
  readonly extraArgs: ReadonlyMap<string, string>;
  readonly disabledPrograms: ReadonlySet<string>;
  /** Program name -> number of processes in use (numprocs changed at run time); absent = all. */
  readonly numprocs: ReadonlyMap<string, number>;
  /** Namespecs hidden before this snapshot (beyond numprocs, stopped). */
  readonly hidden: ReadonlySet<string>;
}

/**
 * Builds the model from a full snapshot of supervisord (a resync). Processes beyond their program's
 * numprocs are left out, except running ones not hidden before: those wait for their next stop (a
 * lazy decrease). A hidden process found running was started behind our back: it stays out.
 */
export function buildModel(inputs: ModelInputs, clock: Clock): LocalModel {
  const configs = new Map(inputs.configs.map((config) => [namespecOf(config.group, config.name), config]));
  const entries: [string, LocalProcess][] = [];
  for (const info of inputs.infos) {
    const key = namespecOf(info.group, info.name);
    const program = inputs.programs.get(key) ?? { programName: info.group, processIndex: 0, autorestart: DEFAULT_AUTORESTART };
    const process = fromSupervisor(
      info,
      configs.get(key),
      program,
      { extraArgs: inputs.extraArgs.get(`${info.group}:${info.name}`) ?? '', disabled: inputs.disabledPrograms.has(program.programName) },
      clock,
    );
    const lazy = RUNNING_STATES.includes(process.state) && !inputs.hidden.has(key);
    if (!isBeyondNumprocs(process, inputs.numprocs) || lazy) entries.push([key, process]);
  }
  entries.sort(([a], [b]) => byCodePoint(a, b));
  return new Map(entries);
}

/** A process whose index is at or beyond its program's numprocs in use. */
export function isBeyondNumprocs(process: LocalProcess, numprocs: ReadonlyMap<string, number>): boolean {
  const limit = numprocs.get(process.programName);
  return limit !== undefined && process.processIndex >= limit;
}

export interface ModelDiff {
  readonly changed: LocalProcess[];
  readonly removed: LocalProcess[];
}

/**
 * What changed between two models (for notifications after a resync). A process that appears
 * STOPPED (a numprocs increase, a group added) changed nothing Supervisor would tell: it comes
 * with the whole list, and Supvisors 0.19 publishes nothing for it (spec/events.md §4.4). One that
 * appears in another state has moved since it was added: it is told as a change.
 */
export function diffModels(before: LocalModel, after: LocalModel): ModelDiff {
  const changed: LocalProcess[] = [];
  const removed: LocalProcess[] = [];
  for (const [key, process] of after) {
    const previous = before.get(key);
    const moved = previous === undefined ? process.state !== 'STOPPED' : previous.state !== process.state || previous.pid !== process.pid || previous.disabled !== process.disabled;
    if (moved) changed.push(process);
  }
  for (const [key, process] of before) if (!after.has(key)) removed.push(process);
  return { changed, removed };
}
