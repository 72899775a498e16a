/**
 * The statistics compiler (spec/stats.md §2.2, §3.2, §5, §6): raw samples of every instance
 * (the local collector's and the peers') in, integrated event payloads out, bounded histories
 * kept per instance, process and period, read back as views with derived values.
 *
 * No I/O and no clock: the state is plain data (Maps and arrays) created by
 * `createCompilerState`, mutated in place by the `compile*` functions, read by the `*View`
 * functions. Periods are measured in the sample's own clock (the collecting instance's).
 */
import { summarize, type SeriesSummary } from './derived.js';
import type { EntryHistory } from './history.js';
import { integrateHostSample, newHostSeries, type HostIntegration, type HostSeries } from './host-compiler.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from './payloads.js';
import { integrateProcessSample, newProcessSeries, solarisCpu, type ProcessIntegration, type ProcessSeries } from './process-compiler.js';
import { SUPERVISORD_NAMESPEC, isStoppedSample, type HostSample, type ProcessRawSample } from './types.js';

export interface CompilerOptions {
  /** `stats_periods`: 1 to 3 integration periods, seconds, ascending. */
  readonly periods: readonly number[];
  /** `stats_histo`: points kept per series. */
  readonly histo: number;
}

/** The series of one process on one instance: its PID and one series per period. */
export interface ProcessHolder {
  pid: number;
  readonly series: ProcessSeries[];
}

export interface CompilerState {
  readonly options: CompilerOptions;
  /** Identifier -> one series per period (options order). */
  readonly hosts: Map<string, HostSeries[]>;
  /** Namespec -> identifier -> holder. */
  readonly processes: Map<string, Map<string, ProcessHolder>>;
  /** Identifier -> logical cores, from its `supervisord` samples (Solaris mode). */
  readonly nbCores: Map<string, number>;
}

export function createCompilerState(options: CompilerOptions): CompilerState {
  return { options: { periods: [...options.periods], histo: options.histo }, hosts: new Map(), processes: new Map(), nbCores: new Map() };
}

/**
 * Compiles a host sample of `identifier`. Returns the `hstats` payloads of the periods that
 * completed an interval (none for the first sample, which primes the series).
 */
export function compileHostSample(
  state: CompilerState,
  identifier: string,
  sample: HostSample,
  nowMonotonic: number,
): HostStatisticsPayload[] {
  let series = state.hosts.get(identifier);
  if (series === undefined) {
    series = state.options.periods.map((period) => newHostSeries(period));
    state.hosts.set(identifier, series);
  }
  const payloads: HostStatisticsPayload[] = [];
  for (const one of series) {
    const integration = integrateHostSample(one, sample, state.options.histo);
    if (integration !== undefined) payloads.push(hostStatisticsPayload(identifier, nowMonotonic, one.period, integration));
  }
  return payloads;
}

/**
 * Compiles a process sample of `identifier`. A stopped sample (pid 0) forgets that instance's
 * series of the process; a new PID restarts them. Returns the `pstats` payloads produced.
 */
export function compileProcessSample(
  state: CompilerState,
  identifier: string,
  sample: ProcessRawSample,
  nowMonotonic: number,
): ProcessStatisticsPayload[] {
  const holders = state.processes.get(sample.namespec);
  if (isStoppedSample(sample)) {
    holders?.delete(identifier);
    if (holders?.size === 0) state.processes.delete(sample.namespec);
    return [];
  }
  if (sample.namespec === SUPERVISORD_NAMESPEC && sample.nb_cores !== undefined && sample.nb_cores > 0) {
    state.nbCores.set(identifier, sample.nb_cores);
  }
  let byInstance = holders;
  if (byInstance === undefined) {
    byInstance = new Map();
    state.processes.set(sample.namespec, byInstance);
  }
  let holder = byInstance.get(identifier);
  if (holder === undefined || holder.pid !== sample.pid) {
    holder = { pid: sample.pid, series: state.options.periods.map((period) => newProcessSeries(period)) };
    byInstance.set(identifier, holder);
  }
  const payloads: ProcessStatisticsPayload[] = [];
  for (const series of holder.series) {
    const integration = integrateProcessSample(series, sample, state.options.histo);
    if (integration !== undefined) {
      payloads.push(processStatisticsPayload(sample.namespec, identifier, sample.pid, nowMonotonic, series.period, integration));
    }
  }
  return payloads;
}

/** Forgets everything compiled for an instance (e.g. removed from the cluster). */
export function forgetInstance(state: CompilerState, identifier: string): void {
  state.hosts.delete(identifier);
  state.nbCores.delete(identifier);
  for (const [namespec, holders] of state.processes) {
    holders.delete(identifier);
    if (holders.size === 0) state.processes.delete(namespec);
  }
}

/** Logical cores of an instance for the Solaris mode: from its `supervisord` sample, else 1. */
export function nbCoresOf(state: CompilerState, identifier: string): number {
  return state.nbCores.get(identifier) ?? 1;
}

// ---- views ----------------------------------------------------------------------------------

/** A series as plain data (copies), with its derived values. */
export interface SeriesView {
  readonly times: number[];
  readonly values: number[];
  readonly summary: SeriesSummary;
}

export interface IoSeriesView {
  /** Receive (network) or read (disk), kbit/s. */
  readonly in: SeriesView;
  /** Send (network) or write (disk), kbit/s. */
  readonly out: SeriesView;
}

export interface HostStatsView {
  readonly identifier: string;
  readonly period: number;
  /** Logical cores as the UI counts them (`len(cpu) − 1`, or 1). */
  readonly cores: number;
  /** Average first, then one per core, percent. */
  readonly cpu: SeriesView[];
  readonly mem: SeriesView;
  readonly netIo: Record<string, IoSeriesView>;
  readonly diskIo: Record<string, IoSeriesView>;
  readonly diskUsage: Record<string, SeriesView>;
}

export interface ProcessStatsView {
  readonly namespec: string;
  readonly identifier: string;
  readonly pid: number;
  readonly period: number;
  readonly irixMode: boolean;
  /** The divisor applied in Solaris mode. */
  readonly nbCores: number;
  /** Percent; IRIX values, or divided by `nbCores` in Solaris mode. */
  readonly cpu: SeriesView;
  readonly mem: SeriesView;
}

export function seriesView(times: readonly number[], values: readonly number[], period: number): SeriesView {
  return { times: [...times], values: [...values], summary: summarize(times, values, period) };
}

function ioView(history: EntryHistory, period: number): IoSeriesView {
  return { in: seriesView(history.times, history.values[0] ?? [], period), out: seriesView(history.times, history.values[1] ?? [], period) };
}

/** The host series of `identifier` for one of the configured periods; undefined if unknown. */
export function hostView(state: CompilerState, identifier: string, period: number): HostStatsView | undefined {
  const series = state.hosts.get(identifier)?.find((one) => one.period === period);
  if (series === undefined) return undefined;
  const netIo: Record<string, IoSeriesView> = {};
  for (const [name, history] of series.netIo) netIo[name] = ioView(history, period);
  const diskIo: Record<string, IoSeriesView> = {};
  for (const [name, history] of series.diskIo) diskIo[name] = ioView(history, period);
  const diskUsage: Record<string, SeriesView> = {};
  for (const [name, history] of series.diskUsage) diskUsage[name] = seriesView(history.times, history.values[0] ?? [], period);
  return {
    identifier,
    period,
    cores: series.cpu.length > 1 ? series.cpu.length - 1 : 1,
    cpu: series.cpu.map((values) => seriesView(series.times, values, period)),
    mem: seriesView(series.times, series.mem, period),
    netIo,
    diskIo,
    diskUsage,
  };
}

/**
 * The series of a process on an instance for one period; undefined if unknown. In Solaris mode
 * (`irixMode` false) every CPU value is divided by the instance's core count.
 */
export function processView(
  state: CompilerState,
  namespec: string,
  identifier: string,
  period: number,
  irixMode: boolean,
): ProcessStatsView | undefined {
  const holder = state.processes.get(namespec)?.get(identifier);
  const series = holder?.series.find((one) => one.period === period);
  if (holder === undefined || series === undefined) return undefined;
  const nbCores = nbCoresOf(state, identifier);
  const cpu = irixMode ? series.cpu : series.cpu.map((value) => solarisCpu(value, nbCores));
  return {
    namespec,
    identifier,
    pid: holder.pid,
    period,
    irixMode,
    nbCores,
    cpu: seriesView(series.times, cpu, period),
    mem: seriesView(series.times, series.mem, period),
  };
}

/** What has been compiled: instances with host series, and (namespec, instance) process pairs. */
export interface CompiledIndex {
  readonly hosts: string[];
  readonly processes: { readonly namespec: string; readonly identifier: string; readonly pid: number }[];
}

export function compiledIndex(state: CompilerState): CompiledIndex {
  const processes: { namespec: string; identifier: string; pid: number }[] = [];
  for (const [namespec, holders] of state.processes) {
    for (const [identifier, holder] of holders) processes.push({ namespec, identifier, pid: holder.pid });
  }
  return { hosts: [...state.hosts.keys()].sort(), processes };
}

function hostStatisticsPayload(
  identifier: string,
  nowMonotonic: number,
  targetPeriod: number,
  integration: HostIntegration,
): HostStatisticsPayload {
  return {
    identifier,
    now_monotonic: nowMonotonic,
    target_period: targetPeriod,
    period: [integration.period[0], integration.period[1]],
    cpu: [...integration.cpu],
    mem: integration.mem,
    net_io: integration.net_io,
    disk_io: integration.disk_io,
    disk_usage: integration.disk_usage,
  };
}

function processStatisticsPayload(
  namespec: string,
  identifier: string,
  pid: number,
  nowMonotonic: number,
  targetPeriod: number,
  integration: ProcessIntegration,
): ProcessStatisticsPayload {
  return {
    namespec,
    identifier,
    pid,
    now_monotonic: nowMonotonic,
    target_period: targetPeriod,
    period: [integration.period[0], integration.period[1]],
    cpu: integration.cpu,
    mem: integration.mem,
  };
}
