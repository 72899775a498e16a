/**
 * Integration of host samples over one period (spec/stats.md §2.2): CPU percent per core and
 * average, memory, network and disk I/O rates, disk usage, and their bounded histories.
 */
import { newEntryHistory, pushBounded, updateEntries, type EntryChanges, type EntryHistory } from './history.js';
import type { CpuTimes, HostSample, IoCounters } from './types.js';
import type { HostStatisticsPayload } from './payloads.js';

/** Bytes per second to kilobits per second: Supvisors divides by 128 (= 1024 / 8). */
export const BYTES_PER_KBIT = 128;

/**
 * CPU percent per entry (average first, then cores) between two samples:
 * `100 × Δwork / (Δwork + Δidle)`, 0 when no CPU time elapsed. Only entries present in both
 * samples are computed.
 */
export function cpuPercents(previous: readonly CpuTimes[], current: readonly CpuTimes[]): number[] {
  const count = Math.min(previous.length, current.length);
  const percents: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const [workBefore, idleBefore] = previous[index];
    const [workAfter, idleAfter] = current[index];
    const work = workAfter - workBefore;
    const total = work + (idleAfter - idleBefore);
    percents.push(total === 0 ? 0 : (100 * work) / total);
  }
  return percents;
}

/**
 * Rates in kbit/s per entry present in both samples: `Δbytes / duration / 128` for in and out.
 * An entry whose counters decreased (wrap or reset) gives no value for this interval.
 */
export function ioRates(
  previous: Readonly<Record<string, IoCounters>>,
  current: Readonly<Record<string, IoCounters>>,
  duration: number,
): Record<string, [number, number]> {
  const rates: Record<string, [number, number]> = {};
  for (const [name, [inAfter, outAfter]] of Object.entries(current)) {
    if (!Object.hasOwn(previous, name)) continue;
    const [inBefore, outBefore] = previous[name];
    if (inAfter < inBefore || outAfter < outBefore) continue;
    rates[name] = [(inAfter - inBefore) / duration / BYTES_PER_KBIT, (outAfter - outBefore) / duration / BYTES_PER_KBIT];
  }
  return rates;
}

/** The state of the host statistics of one instance over one integration period. */
export interface HostSeries {
  readonly period: number;
  /** The sample the next interval starts from; undefined before the first sample. */
  ref: HostSample | undefined;
  /** `now` of the very first sample: uptimes are relative to it. */
  start: number;
  /** Uptimes of the integrated points. */
  readonly times: number[];
  /** One list per CPU entry (average first), created from the first sample. */
  cpu: number[][];
  readonly mem: number[];
  readonly netIo: Map<string, EntryHistory>;
  readonly diskIo: Map<string, EntryHistory>;
  readonly diskUsage: Map<string, EntryHistory>;
}

export function newHostSeries(period: number): HostSeries {
  return {
    period,
    ref: undefined,
    start: 0,
    times: [],
    cpu: [],
    mem: [],
    netIo: new Map(),
    diskIo: new Map(),
    diskUsage: new Map(),
  };
}

/** One integrated interval. */
export interface HostIntegration extends Pick<HostStatisticsPayload, 'period' | 'cpu' | 'mem' | 'net_io' | 'disk_io' | 'disk_usage'> {
  /** Entries created / deleted in the histories (Supvisors logs them as "new" / "obsolete"). */
  readonly changes: { readonly netIo: EntryChanges; readonly diskIo: EntryChanges; readonly diskUsage: EntryChanges };
}

function prime(series: HostSeries, sample: HostSample): void {
  series.ref = sample;
  series.start = sample.now;
  series.times.length = 0;
  series.mem.length = 0;
  series.cpu = sample.cpu.map(() => []);
  for (const [histories, entries, components] of [
    [series.netIo, sample.net_io, 2],
    [series.diskIo, sample.disk_io, 2],
    [series.diskUsage, sample.disk_usage, 1],
  ] as const) {
    histories.clear();
    for (const name of Object.keys(entries)) histories.set(name, newEntryHistory(components));
  }
}

/**
 * Feeds one sample to a series (mutated in place). The first sample only becomes the
 * reference; later samples are ignored until `period` seconds of collector time have elapsed
 * since the reference, then one interval is integrated, appended to the histories (each bounded
 * to `histo` points) and returned. A sample older than the reference (the collector's clock
 * went back: the host rebooted) restarts the series.
 */
export function integrateHostSample(series: HostSeries, sample: HostSample, histo: number): HostIntegration | undefined {
  const ref = series.ref;
  if (ref === undefined || sample.now < ref.now) {
    prime(series, sample);
    return undefined;
  }
  const duration = sample.now - ref.now;
  if (duration < series.period || duration <= 0) return undefined;
  const cpu = cpuPercents(ref.cpu, sample.cpu);
  const net_io = ioRates(ref.net_io, sample.net_io, duration);
  const disk_io = ioRates(ref.disk_io, sample.disk_io, duration);
  const disk_usage = { ...sample.disk_usage };
  const uptime = sample.now - series.start;
  const integration: HostIntegration = {
    period: [ref.now - series.start, uptime],
    cpu,
    mem: sample.mem,
    net_io,
    disk_io,
    disk_usage,
    changes: {
      netIo: updateEntries(series.netIo, net_io, uptime, histo),
      diskIo: updateEntries(series.diskIo, disk_io, uptime, histo),
      diskUsage: updateEntries(
        series.diskUsage,
        Object.fromEntries(Object.entries(disk_usage).map(([name, percent]) => [name, [percent]])),
        uptime,
        histo,
      ),
    },
  };
  pushBounded(series.times, uptime, histo);
  // Only the cores known from the first sample are kept.
  series.cpu.forEach((list, index) => {
    const value = cpu[index];
    if (value !== undefined) pushBounded(list, value, histo);
  });
  pushBounded(series.mem, sample.mem, histo);
  series.ref = sample;
  return integration;
}

/** Cores of an instance as the UI's CPU selector counts them: `len(cpu) − 1`, or 1. */
export function coresOf(sample: HostSample): number {
  return sample.cpu.length > 1 ? sample.cpu.length - 1 : 1;
}
