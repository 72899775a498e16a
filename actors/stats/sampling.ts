/**
 * The statistics actor's sampling state (stats-actor.ts) and its decisions, with no I/O: which
 * processes are measured, what the next sampling task asks for, what a sample or a failure
 * changes, when the next sample is due. The actor holds one `SamplingState`, replaces it with
 * what these functions return, and performs what they tell it to (timers, logs, outputs).
 */
import { SUPERVISORD_NAMESPEC, isStoppedSample, type ProcessRawSample } from '../../stats-compiler/types.js';
import type { InjectedFault, MonitoredProcess, SampleResult, SampleTask } from '../../stats-worker/protocol.js';
import type { CollectorInfo } from './messages.js';

/** Sampling is never faster than this, whatever `update_collecting_period` was given. */
export const MIN_SAMPLING_PERIOD_S = 0.1;
/** Longest delay between two attempts after consecutive failures. */
export const MAX_FAILURE_BACKOFF_S = 60;
/** Margin added to the timer so that two samples are at least one period apart in the worker's clock. */
const SCHEDULE_MARGIN_MS = 2;

export interface Monitored {
  readonly pid: number;
  /** Measured at least once: only then is its end reported (Supvisors ignores a PID that never existed). */
  readonly sampled: boolean;
}

export interface SamplingState {
  readonly hostStats: boolean;
  readonly processStats: boolean;
  /** `collecting_period` as configured or updated (reported as is). */
  readonly collectingPeriod: number;
  readonly collectingPeriodIsDouble: boolean;
  /** The period really followed, seconds. */
  readonly samplingPeriod: number;
  readonly supervisordPid: number;
  /** The processes measured, by namespec. */
  readonly monitored: ReadonlyMap<string, Monitored>;
  readonly pendingFault: InjectedFault | undefined;
  readonly seq: number;
  readonly inFlight: { readonly seq: number; readonly since: number } | undefined;
  readonly lastSampleNow: number | undefined;
  readonly samples: number;
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastFailure: { readonly message: string; readonly at: number } | undefined;
  readonly lastResult: SampleResult | undefined;
  readonly workerCpuPercent: number | undefined;
}

export interface SamplingSettings {
  readonly hostStats: boolean;
  readonly processStats: boolean;
  readonly collectingPeriod: number;
  readonly collectingPeriodIsDouble?: boolean;
  readonly supervisordPid?: number;
}

export function initialSampling(settings: SamplingSettings): SamplingState {
  return {
    hostStats: settings.hostStats,
    processStats: settings.processStats,
    collectingPeriod: settings.collectingPeriod,
    collectingPeriodIsDouble: settings.collectingPeriodIsDouble ?? !Number.isInteger(settings.collectingPeriod),
    samplingPeriod: Math.max(MIN_SAMPLING_PERIOD_S, settings.collectingPeriod),
    supervisordPid: settings.supervisordPid ?? 0,
    monitored: new Map(),
    pendingFault: undefined,
    seq: 0,
    inFlight: undefined,
    lastSampleNow: undefined,
    samples: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastFailure: undefined,
    lastResult: undefined,
    workerCpuPercent: undefined,
  };
}

// ---- PIDs ------------------------------------------------------------------------------------

/**
 * Supvisors' PID command for one process: start, change or stop. `ended`: the old series ends
 * (the actor emits its pid-0 sample).
 */
export function setPid(state: SamplingState, namespec: string, pid: number): { readonly state: SamplingState; readonly ended: boolean } {
  const known = state.monitored.get(namespec);
  const next = pid > 0 ? pid : 0;
  if (known?.pid === next || (known === undefined && next === 0)) return { state, ended: false };
  const monitored = new Map(state.monitored);
  monitored.delete(namespec);
  if (next > 0) monitored.set(namespec, { pid: next, sampled: false });
  return { state: { ...state, monitored }, ended: known !== undefined };
}

/** The whole table of running processes: the absent ones stop, then each is set; `ended` in that order. */
export function replaceProcesses(state: SamplingState, processes: readonly MonitoredProcess[]): { readonly state: SamplingState; readonly ended: string[] } {
  const wanted = new Map(processes.map((entry) => [entry.namespec, entry.pid]));
  const ended: string[] = [];
  let current = state;
  const apply = (namespec: string, pid: number): void => {
    const result = setPid(current, namespec, pid);
    current = result.state;
    if (result.ended) ended.push(namespec);
  };
  for (const namespec of [...state.monitored.keys()]) if (!wanted.has(namespec)) apply(namespec, 0);
  for (const [namespec, pid] of wanted) apply(namespec, pid);
  return { state: current, ended };
}

// ---- sampling --------------------------------------------------------------------------------

/** `update_collecting_period`: reported as given; the sampling follows positive values, clamped. */
export function withPeriod(state: SamplingState, period: number): SamplingState {
  return {
    ...state,
    collectingPeriod: period,
    collectingPeriodIsDouble: true,
    samplingPeriod: Number.isFinite(period) && period > 0 ? Math.max(MIN_SAMPLING_PERIOD_S, period) : state.samplingPeriod,
  };
}

/** The delay before the next sample, one `periodS` after `reference` (now when none). */
export function nextSampleDelayMs(reference: number | undefined, periodS: number, now: number): number {
  return reference === undefined ? 0 : Math.max(0, (reference + periodS - now) * 1000 + SCHEDULE_MARGIN_MS);
}

/** The next sampling task (statistics enabled, none in flight), and the state while it runs. */
export function startSample(state: SamplingState, selfPid: number, now: number): { readonly state: SamplingState; readonly task: SampleTask } {
  const { processStats, supervisordPid } = state;
  const task: SampleTask = {
    host: state.hostStats,
    processes: processStats ? [...state.monitored].map(([namespec, entry]) => ({ namespec, pid: entry.pid })) : [],
    ...(processStats
      ? {
          supervisord: {
            pid: supervisordPid > 0 ? supervisordPid : selfPid,
            pids: supervisordPid > 0 ? [supervisordPid, selfPid] : [selfPid],
          },
        }
      : {}),
    ...(state.pendingFault === undefined ? {} : { fault: state.pendingFault }),
  };
  const seq = state.seq + 1;
  return { state: { ...state, seq, pendingFault: undefined, inFlight: { seq, since: now } }, task };
}

export interface SampleOutcome {
  readonly state: SamplingState;
  /** The process samples to compile and publish (none when process statistics are off). */
  readonly processes: ProcessRawSample[];
  /** Processes whose PID was never found: dropped from the table without an end sample. */
  readonly notFound: readonly { readonly namespec: string; readonly pid: number }[];
}

/** The sample in flight came back. */
export function sampleSucceeded(state: SamplingState, result: SampleResult): SampleOutcome {
  const previous = state.lastResult;
  const workerCpuPercent =
    previous !== undefined && previous.threadId === result.threadId && result.now > previous.now
      ? ((result.workerCpuSeconds - previous.workerCpuSeconds) / (result.now - previous.now)) * 100
      : undefined;
  const next: SamplingState = {
    ...state,
    inFlight: undefined,
    samples: state.samples + 1,
    consecutiveFailures: 0,
    workerCpuPercent,
    lastResult: result,
    lastSampleNow: result.now,
  };
  return state.processStats ? acceptProcessSamples(next, result) : { state: next, processes: [], notFound: [] };
}

/** Drops samples made stale by PID changes received meanwhile; forgets the vanished processes. */
function acceptProcessSamples(state: SamplingState, result: SampleResult): SampleOutcome {
  const vanished = new Map(result.vanished.map((entry) => [entry.namespec, entry.pid]));
  const monitored = new Map(state.monitored);
  const processes: ProcessRawSample[] = [];
  const notFound: { namespec: string; pid: number }[] = [];
  for (const sample of result.processes) {
    const known = monitored.get(sample.namespec);
    if (isStoppedSample(sample)) {
      if (known === undefined || known.pid !== vanished.get(sample.namespec)) continue;
      monitored.delete(sample.namespec);
      if (known.sampled) processes.push(sample);
      else notFound.push({ namespec: sample.namespec, pid: known.pid });
    } else if (known !== undefined) {
      if (known.pid !== sample.pid) continue;
      monitored.set(sample.namespec, { ...known, sampled: true });
      processes.push(sample);
    } else if (sample.namespec === SUPERVISORD_NAMESPEC) {
      processes.push(sample);
    }
  }
  return { state: { ...state, monitored }, processes, notFound };
}

/** The sample in flight failed: counted, and the next try delayed by `backoffS` (doubling, capped). */
export function sampleFailed(state: SamplingState, message: string, atMs: number): { readonly state: SamplingState; readonly backoffS: number } {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const { samplingPeriod } = state;
  const backoffS = Math.min(samplingPeriod * 2 ** (consecutiveFailures - 1), Math.max(samplingPeriod, MAX_FAILURE_BACKOFF_S));
  return {
    state: { ...state, inFlight: undefined, failures: state.failures + 1, consecutiveFailures, lastFailure: { message, at: atMs }, lastResult: undefined },
    backoffS,
  };
}

/** The `collector-info` answer. */
export function collectorInfo(state: SamplingState, available: boolean): CollectorInfo {
  const last = state.lastResult;
  return {
    available,
    hostStats: state.hostStats,
    processStats: state.processStats,
    period: state.samplingPeriod,
    monitored: state.monitored.size,
    samples: state.samples,
    failures: state.failures,
    consecutiveFailures: state.consecutiveFailures,
    ...(state.lastFailure === undefined ? {} : { lastFailure: state.lastFailure }),
    inFlight: state.inFlight !== undefined,
    ...(last === undefined
      ? {}
      : {
          lastSampleMs: last.durationMs,
          lastSampleNow: last.now,
          workerThreadId: last.threadId,
          workerCpuSeconds: last.workerCpuSeconds,
        }),
    ...(state.workerCpuPercent === undefined ? {} : { workerCpuPercent: state.workerCpuPercent }),
  };
}
