/**
 * Raw statistics samples, as the collector produces them and as peers publish them
 * (HOST_STATISTICS / PROCESS_STATISTICS, spec/stats.md §2.1 and §3.1). Keys keep the Python
 * snake_case names because these objects travel unchanged to other Supvisors instances.
 * Times are seconds of CLOCK_MONOTONIC of the instance that took the sample.
 */

/** `[work, idle]` CPU seconds. */
export type CpuTimes = readonly [work: number, idle: number];

/** `[in, out]` byte counters: `[recv, sent]` for a network interface, `[read, write]` for a disk. */
export type IoCounters = readonly [inBytes: number, outBytes: number];

export interface HostSample {
  /** Collector monotonic time, seconds. */
  readonly now: number;
  /** Index 0 = average over the cores, then one entry per logical core. */
  readonly cpu: readonly CpuTimes[];
  /** Memory in use (not available), percent, 1 decimal. */
  readonly mem: number;
  /** Interfaces that are up (loopback included). */
  readonly net_io: Readonly<Record<string, IoCounters>>;
  /** Mount point -> usage percent (1 decimal). */
  readonly disk_usage: Readonly<Record<string, number>>;
  /** Block device -> cumulated bytes. */
  readonly disk_io: Readonly<Record<string, IoCounters>>;
}

/** A measure of one running process (its descendants included). */
export interface ProcessSample {
  readonly namespec: string;
  readonly pid: number;
  readonly now: number;
  /** User + system CPU seconds of the process and all its living descendants. */
  readonly proc_work: number;
  /** Resident memory of the process and its descendants, percent of the host memory. */
  readonly proc_memory: number;
  /** Only on the `supervisord` entry: logical cores of the host (used by the Solaris mode). */
  readonly nb_cores?: number;
}

/** The process is gone (or its PID changed): its series are forgotten. */
export interface ProcessStoppedSample {
  readonly namespec: string;
  readonly pid: 0;
  readonly now: number;
}

export type ProcessRawSample = ProcessSample | ProcessStoppedSample;

/** The special process entry: supervisord and the collector (supvisorsd), without children. */
export const SUPERVISORD_NAMESPEC = 'supervisord';

export function isStoppedSample(sample: ProcessRawSample): sample is ProcessStoppedSample {
  return sample.pid <= 0 || !('proc_work' in sample);
}
