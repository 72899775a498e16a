/**
 * What Linux accounts for a process, read from /proc with the statistics collector's parsers:
 * its resident set (VmRSS), the high-water mark of it since the process started (VmHWM), its
 * proportional set (Pss: shared pages divided among their sharers) and its CPU time.
 */
import { readFileSync } from 'node:fs';
import { CLOCK_TICKS_PER_SECOND, parsePidStat, parseStatusFieldKb } from '../../stats-worker/proc-parsers.js';

export interface ProcMemory {
  readonly rssMiB: number;
  readonly peakRssMiB: number;
  readonly pssMiB: number;
}

const mib = (kb: number | undefined): number => (kb === undefined ? Number.NaN : kb / 1024);

/** The memory of `pid`, or undefined when it is gone. */
export function procMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { rssMiB: mib(parseStatusFieldKb(status, 'VmRSS')), peakRssMiB: mib(parseStatusFieldKb(status, 'VmHWM')), pssMiB: mib(parseStatusFieldKb(rollup, 'Pss')) };
  } catch {
    return undefined;
  }
}

/** Seconds of CPU used by `pid` since it started (all its threads), or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return stat === undefined ? undefined : (stat.utime + stat.stime) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
