/**
 * The processes table of the Instance page (spec/dashboard.md §6.1), as plain data: the rows of
 * one instance (S6) grouped by application, each with Supervisor's description (live), its expected
 * load and latest CPU / MEM, the sums per group and the TOTAL over running processes, and which
 * actions apply. Pure: no DOM, no store.
 */
import type { LocalProcess } from '../../model/cluster-view.js';
import { namespecOf } from '../../model/cluster-view.js';
import { describeProcess } from '../../model/process-description.js';
import { isAlive, isRunningState, isStoppedState } from '../../../vocabulary/supervisor-states.js';

/** CPU and MEM of a process, percent (CPU already in the instance's IRIX / Solaris mode). */
export interface Usage {
  readonly cpu: number;
  readonly mem: number;
}

export interface ProcessRow {
  readonly namespec: string;
  readonly info: LocalProcess;
  readonly description: string;
  /** The expected_loading of its rules; undefined while unknown. */
  readonly load: number | undefined;
  readonly usage: Usage | undefined;
  readonly running: boolean;
}

export interface Sums {
  readonly load: number;
  readonly cpu: number;
  readonly mem: number;
}

export interface GroupRows {
  readonly name: string;
  readonly rows: readonly ProcessRow[];
  /** Over its running processes. */
  readonly sums: Sums;
}

export interface ProcessTable {
  readonly groups: readonly GroupRows[];
  readonly total: Sums;
}

/** Supervisor's page: Start when stopped-like and not disabled. */
export const canStart = (info: LocalProcess): boolean => !info.disabled && isStoppedState(info.statename);
/** Stop when running-like. */
export const canStop = (info: LocalProcess): boolean => isRunningState(info.statename);
/** Restart when running-like and not disabled. */
export const canRestart = (info: LocalProcess): boolean => !info.disabled && isRunningState(info.statename);

function sums(rows: readonly ProcessRow[]): Sums {
  let load = 0;
  let cpu = 0;
  let mem = 0;
  for (const row of rows) {
    if (!row.running) continue;
    load += row.load ?? 0;
    cpu += row.usage?.cpu ?? 0;
    mem += row.usage?.mem ?? 0;
  }
  return { load, cpu, mem };
}

/** The rows of an instance grouped by application, alphabetical, with their sums and the TOTAL. */
export function processTable(
  infos: Iterable<LocalProcess>,
  now: number,
  loads: ReadonlyMap<string, number>,
  usage: (namespec: string) => Usage | undefined,
): ProcessTable {
  const byGroup = new Map<string, ProcessRow[]>();
  for (const info of infos) {
    const namespec = namespecOf(info.group, info.name);
    const running = isAlive(info.statename);
    const row: ProcessRow = { namespec, info, description: describeProcess({ ...info, namespec }, now), load: loads.get(namespec), usage: running ? usage(namespec) : undefined, running };
    const rows = byGroup.get(info.group);
    if (rows === undefined) byGroup.set(info.group, [row]);
    else rows.push(row);
  }
  const byName = <T>(key: (item: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const groups = [...byGroup]
    .map(([name, rows]) => {
      const sorted = [...rows].sort(byName((row: ProcessRow) => row.info.name));
      return { name, rows: sorted, sums: sums(sorted) };
    })
    .sort(byName((group: GroupRows) => group.name));
  return { groups, total: sums(groups.flatMap((group) => group.rows)) };
}

/** The CPU of a `pstats` payload (always IRIX) in the instance's mode: Solaris divides by the cores. */
export function cpuInMode(irixCpu: number, irixMode: boolean, nbCores: number): number {
  return irixMode || nbCores <= 1 ? irixCpu : irixCpu / nbCores;
}
