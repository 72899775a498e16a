/**
 * What the statistics actor sends to the sampling worker and what it gets back. Plain data
 * (structured clone through piscina); a task carries everything, the worker keeps no state
 * between tasks beyond constants of the host (page size).
 */
import type { HostSample, ProcessRawSample } from '../stats-compiler/types.js';

/** A process to measure: its Supervisor namespec and its current PID (> 0). */
export interface MonitoredProcess {
  readonly namespec: string;
  readonly pid: number;
}

/** The `supervisord` entry: `pids` are measured without children and summed; `pid` is reported. */
export interface SupervisordEntry {
  readonly pid: number;
  readonly pids: readonly number[];
}

/** Test and diagnosis hook: make the task throw, end the worker thread, or hang. */
export type InjectedFault = 'throw' | 'exit' | 'hang';

export interface SampleTask {
  readonly host: boolean;
  readonly processes: readonly MonitoredProcess[];
  readonly supervisord?: SupervisordEntry;
  readonly fault?: InjectedFault;
}

export interface SampleResult {
  /** Monotonic time of the sample (CLOCK_MONOTONIC seconds), the `now` of every sample below. */
  readonly now: number;
  /** Absent when not asked or when reading failed (`hostError` says why; the sample is skipped). */
  readonly host?: HostSample;
  readonly hostError?: string;
  /** One per monitored process (a stopped sample when it vanished), then `supervisord` if asked. */
  readonly processes: ProcessRawSample[];
  /** The monitored processes found gone (their stopped sample is in `processes`). */
  readonly vanished: MonitoredProcess[];
  /** Worker thread id (changes when the worker was replaced). */
  readonly threadId: number;
  /** CPU seconds (user + system) used so far by the worker thread, from /proc/thread-self/stat. */
  readonly workerCpuSeconds: number;
  /** Time spent in the task, ms. */
  readonly durationMs: number;
}
