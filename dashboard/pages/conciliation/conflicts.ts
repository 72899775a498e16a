/**
 * The conflicts the conciliation page lists, pure: the processes running on several instances
 * (S4 `identifiers`), each copy with its instance and its start time from that instance's S6
 * row, the copies ordered by nickname; uptimes as Supvisors shows them (H:MM:SS).
 */
import type { LocalProcess } from '../../model/cluster-view.js';
import type { ProcessInfoPayload } from '../../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../../payloads/instance-info.js';
import { conciliate } from '../../../strategies/conciliation.js';
import { isStateName } from '../../../vocabulary/supervisor-states.js';

export interface ConflictCopy {
  readonly identifier: string;
  readonly nick: string;
  /** Its state there ('UNKNOWN' before its row is known). */
  readonly statename: string;
  /** When it started there, epoch seconds (0: unknown). */
  readonly start: number;
  /** The uptime the instance reported in its row (the fallback when `start` is unknown). */
  readonly reportedUptime: number;
  /**
   * When it started there, in seconds on the monotonic clock of the node serving the page: its
   * instance's stamp moved by the offset between the two clocks its last heartbeat shows (the
   * conciliator's own measure, actors/conciliator/copies.ts); undefined when either is unknown.
   */
  readonly startHere: number | undefined;
}

export interface Conflict {
  readonly namespec: string;
  readonly copies: readonly ConflictCopy[];
  /** The instances running it, in Supvisors' order (which a tie between copies keeps first). */
  readonly runningOrder: readonly string[];
}

export function conflictsFrom(
  processes: ReadonlyMap<string, ProcessInfoPayload>,
  local: ReadonlyMap<string, ReadonlyMap<string, LocalProcess>>,
  instances: ReadonlyMap<string, InstanceInfoPayload>,
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const [namespec, info] of processes) {
    if (info.identifiers.length < 2) continue;
    const copies = info.identifiers.map((identifier): ConflictCopy => {
      const row = local.get(identifier)?.get(namespec);
      const instance = instances.get(identifier);
      const heartbeatSeen = instance !== undefined && instance.remote_mtime > 0 && instance.local_mtime > 0;
      return {
        identifier,
        nick: instance?.nick_identifier ?? row?.nick_identifier ?? identifier,
        statename: row?.statename ?? 'UNKNOWN',
        start: row?.start ?? 0,
        reportedUptime: row?.uptime ?? 0,
        startHere: row !== undefined && row.start_monotonic > 0 && heartbeatSeen ? row.start_monotonic - (instance.remote_mtime - instance.local_mtime) : undefined,
      };
    });
    conflicts.push({ namespec, copies: copies.sort((a, b) => (a.nick < b.nick ? -1 : a.nick > b.nick ? 1 : 0)), runningOrder: info.identifiers });
  }
  return conflicts;
}

/** Seconds the copy has run at `nowSeconds` (epoch). */
export function uptimeOf(copy: ConflictCopy, nowSeconds: number): number {
  return copy.start > 0 ? Math.max(0, nowSeconds - copy.start) : copy.reportedUptime;
}

export function uptimeText(seconds: number): string {
  const whole = Math.floor(seconds);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${Math.floor(whole / 3600)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}

/**
 * The copy a strategy keeps for one conflict, decided as the conciliator decides
 * (strategies/conciliation.ts): INFANTICIDE the oldest, SENICIDE the youngest, a copy still
 * starting counting as the youngest. Starts are compared on this node's clock when every copy's
 * is known there, else as epoch seconds; undefined when a start is unknown either way.
 */
export function keptCopy(conflict: Conflict, strategy: 'INFANTICIDE' | 'SENICIDE'): ConflictCopy | undefined {
  const copies = conflict.runningOrder.flatMap((identifier) => conflict.copies.filter((copy) => copy.identifier === identifier));
  const here = copies.flatMap((copy) => (copy.startHere === undefined ? [] : [copy.startHere]));
  const starts = here.length === copies.length ? here : copies.map((copy) => copy.start);
  if (starts.some((start) => start <= 0)) return undefined;
  // Any one moment after every start orders the uptimes as now does.
  const now = Math.max(...starts) + 1;
  const [action] = conciliate(strategy, [
    {
      namespec: conflict.namespec,
      instances: copies.map((copy, index) => ({ identifier: copy.identifier, state: isStateName(copy.statename) ? copy.statename : 'UNKNOWN', startMonotonic: starts[index] ?? 0, nowMonotonic: now })),
    },
  ]);
  const stopped = action?.kind === 'stop' ? action.identifiers : [];
  return copies.find((copy) => !stopped.includes(copy.identifier));
}
