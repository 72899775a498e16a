/**
 * What the main page derives from the cluster view, pure and cheap enough to run once per store
 * revision with 10 instances and 1,000 processes: the conflicts (S4 running on several
 * instances), each instance's process chips grouped by application (from its own S6 rows, as
 * Supvisors' cards), and the placement matrix applications × instances.
 */
import type { LocalProcess } from '../../model/cluster-view.js';
import { isAlive } from '../../../vocabulary/supervisor-states.js';
import type { ApplicationInfoPayload, ProcessInfoPayload } from '../../../payloads/application-payloads.js';
import { byCodePoint } from '../../../vocabulary/name-order.js';


/** The namespecs of the processes running on more than one instance, sorted (S4 `identifiers`). */
export function conflictsOf(processes: ReadonlyMap<string, ProcessInfoPayload>): string[] {
  const found: string[] = [];
  for (const [namespec, info] of processes) if (info.identifiers.length > 1) found.push(namespec);
  return found;
}

/** The filter of the page: a case-insensitive part of a name; '' keeps everything. */
export function matches(name: string, filter: string): boolean {
  return filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}

export interface Chip {
  readonly namespec: string;
  readonly name: string;
  readonly statename: string;
  readonly conflict: boolean;
}

export interface ChipGroup {
  readonly application: string;
  readonly chips: readonly Chip[];
}

export interface InstanceSummary {
  /** Processes running there / known there (all its S6 rows). */
  readonly running: number;
  readonly known: number;
  /** The running processes the filter keeps, by application (sorted), then by name. */
  readonly groups: readonly ChipGroup[];
}

/** One instance's card contents from its S6 rows (undefined: the instance reported none). */
export function instanceSummary(rows: ReadonlyMap<string, LocalProcess> | undefined, conflicts: ReadonlySet<string>, filter: string): InstanceSummary {
  if (rows === undefined) return { running: 0, known: 0, groups: [] };
  let running = 0;
  const groups = new Map<string, Chip[]>();
  for (const [namespec, row] of rows) {
    if (!isAlive(row.statename)) continue;
    running += 1;
    if (!matches(namespec, filter)) continue;
    const chips = groups.get(row.group) ?? [];
    chips.push({ namespec, name: row.name, statename: row.statename, conflict: conflicts.has(namespec) });
    groups.set(row.group, chips);
  }
  return {
    running,
    known: rows.size,
    groups: [...groups]
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([application, chips]) => ({ application, chips: chips.sort((a, b) => byCodePoint(a.name, b.name)) })),
  };
}

/** The copies of an application's processes running on one instance. */
export interface PlacementCell {
  readonly processes: readonly Chip[];
  /** Some copy is moving (STARTING, BACKOFF, STOPPING): the cell's tone. */
  readonly moving: boolean;
  readonly conflict: boolean;
}

export interface ApplicationRow {
  readonly info: ApplicationInfoPayload;
  /** Its processes running somewhere / all its processes (S4). */
  readonly running: number;
  readonly total: number;
  /** By instance identifier; an instance running none of its processes has no cell. */
  readonly cells: ReadonlyMap<string, PlacementCell>;
}

/**
 * The managed applications the filter keeps (by their name or one of their processes'
 * namespecs), each with where its processes run: one pass over the S4 (`identifiers`: where
 * each runs), each copy's state from that instance's S6 row.
 */
export function placement(
  applications: ReadonlyMap<string, ApplicationInfoPayload>,
  processes: ReadonlyMap<string, ProcessInfoPayload>,
  local: ReadonlyMap<string, ReadonlyMap<string, LocalProcess>>,
  conflicts: ReadonlySet<string>,
  filter: string,
): ApplicationRow[] {
  interface Cell {
    readonly processes: Chip[];
    moving: boolean;
    conflict: boolean;
  }
  interface Draft {
    running: number;
    total: number;
    matched: boolean;
    readonly cells: Map<string, Cell>;
  }
  const drafts = new Map<string, Draft>();
  for (const [namespec, info] of processes) {
    const draft: Draft = drafts.get(info.application_name) ?? { running: 0, total: 0, matched: false, cells: new Map<string, Cell>() };
    drafts.set(info.application_name, draft);
    draft.total += 1;
    draft.matched ||= matches(namespec, filter);
    if (info.identifiers.length === 0) continue;
    draft.running += 1;
    const conflict = conflicts.has(namespec);
    for (const identifier of info.identifiers) {
      const statename = local.get(identifier)?.get(namespec)?.statename ?? info.statename;
      const cell: Cell = draft.cells.get(identifier) ?? { processes: [], moving: false, conflict: false };
      cell.processes.push({ namespec, name: info.process_name, statename, conflict });
      cell.moving ||= statename !== 'RUNNING';
      cell.conflict ||= conflict;
      draft.cells.set(identifier, cell);
    }
  }
  const rows: ApplicationRow[] = [];
  for (const [name, info] of applications) {
    if (!info.managed) continue;
    const draft = drafts.get(name);
    if (!matches(name, filter) && draft?.matched !== true) continue;
    for (const cell of draft?.cells.values() ?? []) cell.processes.sort((a, b) => byCodePoint(a.name, b.name));
    rows.push({ info, running: draft?.running ?? 0, total: draft?.total ?? 0, cells: draft?.cells ?? new Map() });
  }
  return rows;
}
