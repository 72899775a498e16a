/**
 * The payloads compiled since the last `take-compiled` (stats-actor.ts), bounded: beyond the
 * size, the oldest are dropped (host payloads first) and counted.
 */
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../../stats-compiler/payloads.js';
import type { CompiledStatistics } from './messages.js';

/** Fresh arrays each time: a taken buffer belongs to whoever took it. */
export function emptyCompiled(): CompiledStatistics {
  return { hstats: [], pstats: [], dropped: 0 };
}

export function withCompiled(buffer: CompiledStatistics, hstats: readonly HostStatisticsPayload[], pstats: readonly ProcessStatisticsPayload[], size: number): CompiledStatistics {
  const hosts = [...buffer.hstats, ...hstats];
  const processes = [...buffer.pstats, ...pstats];
  const excess = hosts.length + processes.length - size;
  if (excess <= 0) return { hstats: hosts, pstats: processes, dropped: buffer.dropped };
  const fromHosts = Math.min(excess, hosts.length);
  return { hstats: hosts.slice(fromHosts), pstats: processes.slice(excess - fromHosts), dropped: buffer.dropped + excess };
}
