/**
 * Integration of process samples over one period (spec/stats.md §3.2): CPU in IRIX form
 * (percent of one core, may exceed 100 on a multi-core host), memory percent, histories.
 */
import { pushBounded } from './history.js';
import type { ProcessSample } from './types.js';

export interface ProcessSeries {
  readonly period: number;
  ref: ProcessSample | undefined;
  /** `now` of the first sample of the series. */
  start: number;
  readonly times: number[];
  /** IRIX values; the Solaris mode divides them when they are read. */
  readonly cpu: number[];
  readonly mem: number[];
}

export function newProcessSeries(period: number): ProcessSeries {
  return { period, ref: undefined, start: 0, times: [], cpu: [], mem: [] };
}

export interface ProcessIntegration {
  /** `[reference time, new time]`, seconds relative to the first sample of the series. */
  readonly period: [number, number];
  /** IRIX: `100 × Δproc_work / Δnow`. */
  readonly cpu: number;
  readonly mem: number;
}

/** IRIX CPU percent between two samples of one process; 0 when no time elapsed. */
export function processCpuPercent(previous: ProcessSample, current: ProcessSample): number {
  const elapsed = current.now - previous.now;
  return elapsed <= 0 ? 0 : (100 * (current.proc_work - previous.proc_work)) / elapsed;
}

/** Solaris mode: the IRIX value shared over the host's cores (`nbCores` < 1 counts as 1). */
export function solarisCpu(irix: number, nbCores: number): number {
  return irix / Math.max(1, nbCores);
}

/**
 * Feeds one sample of the series' PID (mutated in place): the first sample becomes the
 * reference; later ones are ignored until `period` seconds elapsed, then one point is
 * integrated, appended (histories bounded to `histo`) and returned. A sample older than the
 * reference restarts the series.
 */
export function integrateProcessSample(series: ProcessSeries, sample: ProcessSample, histo: number): ProcessIntegration | undefined {
  const ref = series.ref;
  if (ref === undefined || sample.now < ref.now) {
    series.ref = sample;
    series.start = sample.now;
    series.times.length = 0;
    series.cpu.length = 0;
    series.mem.length = 0;
    return undefined;
  }
  if (sample.now - ref.now < series.period || sample.now === ref.now) return undefined;
  const cpu = processCpuPercent(ref, sample);
  const time = sample.now - series.start;
  pushBounded(series.times, time, histo);
  pushBounded(series.cpu, cpu, histo);
  pushBounded(series.mem, sample.proc_memory, histo);
  series.ref = sample;
  return { period: [ref.now - series.start, time], cpu, mem: sample.proc_memory };
}
