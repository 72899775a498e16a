/**
 * The conflicts the conciliation page lists, pure: the processes running on several instances
 * (S4 `identifiers`), each copy with its instance and its start time from that instance's S6
 * row, the copies ordered by nickname; uptimes as Supvisors shows them (H:MM:SS).
 */
import type { LocalProcess } from '../../model/cluster-view.js';
import type { ProcessInfoPayload } from '../../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../../payloads/instance-info.js';

export interface ConflictCopy {
  readonly identifier: string;
  readonly nick: string;
  /** Its state there ('UNKNOWN' before its row is known). */
  readonly statename: string;
  /** When it started there, epoch seconds (0: unknown). */
  readonly start: number;
  /** The uptime the instance reported in its row (the fallback when `start` is unknown). */
  readonly reportedUptime: number;
}

export interface Conflict {
  readonly namespec: string;
  readonly copies: readonly ConflictCopy[];
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
      return {
        identifier,
        nick: instances.get(identifier)?.nick_identifier ?? row?.nick_identifier ?? identifier,
        statename: row?.statename ?? 'UNKNOWN',
        start: row?.start ?? 0,
        reportedUptime: row?.uptime ?? 0,
      };
    });
    conflicts.push({ namespec, copies: copies.sort((a, b) => (a.nick < b.nick ? -1 : a.nick > b.nick ? 1 : 0)) });
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
 * The copy a strategy keeps for one conflict, as the conciliator chooses (strategies/conciliation.ts):
 * INFANTICIDE the oldest (earliest start), SENICIDE the youngest; undefined when a start is unknown.
 */
export function keptCopy(conflict: Conflict, strategy: 'INFANTICIDE' | 'SENICIDE'): ConflictCopy | undefined {
  if (conflict.copies.some((copy) => copy.start === 0)) return undefined;
  const sorted = [...conflict.copies].sort((a, b) => a.start - b.start);
  return strategy === 'INFANTICIDE' ? sorted[0] : sorted[sorted.length - 1];
}
