/**
 * The statistics actor of a node (`stats`): schedules a sample every `stats_collecting_period`,
 * has it taken in a worker thread by its child collector (`stats-collector`), compiles the
 * local samples and the peers' ones (stats/compiler.ts), answers the statistics XML-RPCs and
 * serves the compiled series. It never calls supervisord: the PIDs to measure come by message.
 *
 * Failures of the collector are survived: the collector is restarted by the runtime with a new
 * pool, the failure is counted here (`collector-info`) and in the collector's mailbox
 * diagnostics, and after consecutive failures the next samples are delayed (period × 2^n,
 * capped at 60 s) so that a persistent fault does not spin.
 */
import { rpcFault } from '../../errors/errors.js';
import type { SupvisorsOptions } from '../../config/types.js';
import {
  compileHostSample,
  compileProcessSample,
  compiledIndex,
  createCompilerState,
  forgetInstance,
  hostView,
  processView,
  type CompilerState,
} from '../../stats/compiler.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../../stats/payloads.js';
import { statisticsStatusPayload } from '../../stats/payloads.js';
import { SUPERVISORD_NAMESPEC, isStoppedSample, type HostSample, type ProcessRawSample } from '../../stats/types.js';
import { collectorAvailable } from '../../stats-worker/pool.js';
import type { InjectedFault, MonitoredProcess, SampleResult, SampleTask } from '../../stats-worker/protocol.js';
import { namespecOf } from '../../model/cluster-model.js';
import type { ActorContext, ActorFactory, ActorRef, ReplyTo, SupervisionPolicy } from '../core/index.js';
import { COLLECTOR_POLICY, collectorActor } from './collector-actor.js';
import type { CollectorInfo, CollectorMessage, CompiledStatistics, StatsMessage } from './messages.js';

/** What the actor publishes as it goes (both optional; `take-compiled` also serves the payloads). */
export interface StatsOutputs {
  /** `hstats` / `pstats` payloads just compiled (local and peers' samples), for the event publisher. */
  compiled?(payloads: { hstats: HostStatisticsPayload[]; pstats: ProcessStatisticsPayload[] }): void;
  /**
   * Raw local samples just taken, to publish to peers as HOST_STATISTICS / PROCESS_STATISTICS
   * (the caller applies the FSM condition: ELECTION, DISTRIBUTION, OPERATION, CONCILIATION).
   */
  localSamples?(host: HostSample | undefined, processes: readonly ProcessRawSample[]): void;
}

export interface StatsActorOptions {
  /** The local Supvisors identifier: local samples are compiled under it. */
  readonly identifier: string;
  /** `stats_enabled` HOST / PROCESS parts. */
  readonly hostStats: boolean;
  readonly processStats: boolean;
  /** `stats_collecting_period`, seconds. */
  readonly collectingPeriod: number;
  /** Whether `collecting_period` is a double for XML-RPC (configured explicitly); default: not an integer. */
  readonly collectingPeriodIsDouble?: boolean;
  /** `stats_periods`, ascending. */
  readonly periods: readonly number[];
  /** `stats_histo`. */
  readonly histo: number;
  /** `stats_irix_mode`. */
  readonly irixMode: boolean;
  /** Whether this host can be sampled; default: /proc is there. False = NOT_INSTALLED behaviour. */
  readonly collector?: boolean;
  /** The compiled worker module; default dist/stats-worker/worker.js. */
  readonly workerFile?: string;
  /** Abort a sampling task after this long; default max(10 s, 2 periods). */
  readonly taskTimeoutMs?: number;
  /** PID of supvisorsd, measured in the `supervisord` entry; default process.pid. */
  readonly selfPid?: number;
  /** PID of the local supervisord if known at start (else sent with `supervisord-pid`). */
  readonly supervisordPid?: number;
  /** Payloads kept for `take-compiled`; the oldest are dropped beyond. Default 10000. */
  readonly compiledBuffer?: number;
  readonly outputs?: StatsOutputs;
  /** Supervision of the collector child; default COLLECTOR_POLICY. */
  readonly collectorPolicy?: SupervisionPolicy;
  /** CLOCK_MONOTONIC seconds; injectable for tests. */
  readonly monotonic?: () => number;
}

/** The statistics options of the configuration, for `statsActor`. */
export function statsOptionsFromConfig(identifier: string, options: SupvisorsOptions): StatsActorOptions {
  return {
    identifier,
    hostStats: options.statsEnabled.host,
    processStats: options.statsEnabled.process,
    collectingPeriod: options.statsCollectingPeriod,
    periods: options.statsPeriods,
    histo: options.statsHisto,
    irixMode: options.statsIrixMode,
  };
}

/** Sampling is never faster than this, whatever `update_collecting_period` was given. */
export const MIN_SAMPLING_PERIOD_S = 0.1;
/** Longest delay between two attempts after consecutive failures. */
export const MAX_FAILURE_BACKOFF_S = 60;
/** Margin added to the timer so that two samples are at least one period apart in the worker's clock. */
const SCHEDULE_MARGIN_MS = 2;

const defaultMonotonic = (): number => Number(process.hrtime.bigint()) / 1e9;

interface Monitored {
  pid: number;
  /** Measured at least once: only then is its end reported (Supvisors ignores a PID that never existed). */
  sampled: boolean;
}

export function statsActor(options: StatsActorOptions): ActorFactory<StatsMessage> {
  return (context) => new StatsBehavior(context, options);
}

class StatsBehavior {
  private readonly monotonic: () => number;
  private readonly available: boolean;
  private readonly compiler: CompilerState;
  private readonly collector: ActorRef<CollectorMessage> | undefined;
  private readonly monitored = new Map<string, Monitored>();
  private readonly taskTimeoutMs: number;
  private readonly bufferSize: number;
  private hostStats: boolean;
  private processStats: boolean;
  private collectingPeriod: number;
  private collectingPeriodIsDouble: boolean;
  private samplingPeriod: number;
  private supervisordPid: number;
  private pendingFault: InjectedFault | undefined;
  private seq = 0;
  private inFlight: { seq: number; since: number } | undefined;
  private lastSampleNow: number | undefined;
  private samples = 0;
  private failures = 0;
  private consecutiveFailures = 0;
  private lastFailure: { message: string; at: number } | undefined;
  private lastResult: SampleResult | undefined;
  private workerCpuPercent: number | undefined;
  private hstats: HostStatisticsPayload[] = [];
  private pstats: ProcessStatisticsPayload[] = [];
  private dropped = 0;

  constructor(
    private readonly context: ActorContext<StatsMessage>,
    private readonly options: StatsActorOptions,
  ) {
    this.monotonic = options.monotonic ?? defaultMonotonic;
    this.available = options.collector ?? collectorAvailable();
    this.compiler = createCompilerState({ periods: options.periods, histo: options.histo });
    this.hostStats = options.hostStats;
    this.processStats = options.processStats;
    this.collectingPeriod = options.collectingPeriod;
    this.collectingPeriodIsDouble = options.collectingPeriodIsDouble ?? !Number.isInteger(options.collectingPeriod);
    this.samplingPeriod = Math.max(MIN_SAMPLING_PERIOD_S, options.collectingPeriod);
    this.supervisordPid = options.supervisordPid ?? 0;
    this.taskTimeoutMs = options.taskTimeoutMs ?? Math.max(10_000, 2000 * this.samplingPeriod);
    this.bufferSize = options.compiledBuffer ?? 10_000;
    if (this.available) {
      this.collector = context.spawn<CollectorMessage>(
        `${context.name}-collector`,
        collectorActor({ report: context.self, workerFile: options.workerFile, taskTimeoutMs: this.taskTimeoutMs }),
        { supervision: options.collectorPolicy ?? COLLECTOR_POLICY },
      );
      context.timers.once('tick', 0, { type: 'tick' });
    } else {
      context.log.warn('no collector on this host (/proc is not readable): statistics of this instance are not collected');
    }
  }

  receive(message: StatsMessage): void {
    switch (message.type) {
      case 'status':
        message.replyTo.reply({
          status: statisticsStatusPayload({
            collector: this.available,
            hostStats: this.hostStats,
            processStats: this.processStats,
            collectingPeriod: this.collectingPeriod,
          }),
          collectingPeriodIsDouble: this.collectingPeriodIsDouble,
          collector: this.available,
        });
        return;
      case 'enable-host':
      case 'enable-process':
        if (!this.available) {
          message.replyTo?.fail(rpcFault('NOT_INSTALLED', 'psutil not installed'));
          return;
        }
        if (message.type === 'enable-host') this.hostStats = message.enabled;
        else this.processStats = message.enabled;
        this.context.log.info(`${message.type === 'enable-host' ? 'host' : 'process'} statistics ${message.enabled ? 'enabled' : 'disabled'}`);
        message.replyTo?.reply(true);
        return;
      case 'update-period':
        this.updatePeriod(message.period, message.replyTo);
        return;
      case 'local-process':
        this.setPid(namespecOf(message.process.group, message.process.name), message.process.pid);
        return;
      case 'local-process-removed':
        this.setPid(namespecOf(message.process.group, message.process.name), 0);
        return;
      case 'local-synced':
        this.replaceProcesses([...message.model.values()].map((process) => ({ namespec: namespecOf(process.group, process.name), pid: process.pid })));
        return;
      case 'process-pid':
        this.setPid(message.namespec, message.pid);
        return;
      case 'processes':
        this.replaceProcesses(message.processes);
        return;
      case 'supervisord-pid':
        this.supervisordPid = message.pid > 0 ? message.pid : 0;
        return;
      case 'peer-host-sample':
        this.publishCompiled(compileHostSample(this.compiler, message.identifier, message.sample, this.monotonic()), []);
        return;
      case 'peer-process-samples': {
        const now = this.monotonic();
        this.publishCompiled([], message.samples.flatMap((sample) => compileProcessSample(this.compiler, message.identifier, sample, now)));
        return;
      }
      case 'forget-instance':
        forgetInstance(this.compiler, message.identifier);
        return;
      case 'host-stats':
        message.replyTo.reply(hostView(this.compiler, message.identifier, message.period));
        return;
      case 'process-stats':
        message.replyTo.reply(
          processView(this.compiler, message.namespec, message.identifier, message.period, message.irixMode ?? this.options.irixMode),
        );
        return;
      case 'stats-index':
        message.replyTo.reply(compiledIndex(this.compiler));
        return;
      case 'take-compiled': {
        const taken: CompiledStatistics = { hstats: this.hstats, pstats: this.pstats, dropped: this.dropped };
        this.hstats = [];
        this.pstats = [];
        this.dropped = 0;
        message.replyTo.reply(taken);
        return;
      }
      case 'collector-info':
        message.replyTo.reply(this.info());
        return;
      case 'inject-fault':
        this.pendingFault = message.fault;
        return;
      case 'tick':
        this.tick();
        return;
      case 'sampled':
        this.sampled(message.seq, message.result);
        return;
      case 'sample-failed':
        if (this.inFlight?.seq === message.seq) this.failed(message.error);
        return;
      case 'watchdog':
        if (this.inFlight?.seq === message.seq) this.failed(`no answer from the collector within ${this.taskTimeoutMs + 5000} ms`);
        return;
    }
  }

  // ---- PIDs ------------------------------------------------------------------------------------

  /** Supvisors' PID command: start, change (the old series ends with a pid-0 sample) or stop. */
  private replaceProcesses(processes: readonly MonitoredProcess[]): void {
    const wanted = new Map(processes.map((entry) => [entry.namespec, entry.pid]));
    for (const namespec of [...this.monitored.keys()]) if (!wanted.has(namespec)) this.setPid(namespec, 0);
    for (const [namespec, pid] of wanted) this.setPid(namespec, pid);
  }

  private setPid(namespec: string, pid: number): void {
    const known = this.monitored.get(namespec);
    const next = pid > 0 ? pid : 0;
    if (known?.pid === next || (known === undefined && next === 0)) return;
    if (known !== undefined) {
      this.monitored.delete(namespec);
      this.emitLocal(undefined, [{ namespec, pid: 0, now: this.monotonic() }]);
    }
    if (next > 0) this.monitored.set(namespec, { pid: next, sampled: false });
  }

  // ---- sampling --------------------------------------------------------------------------------

  private updatePeriod(period: number, replyTo: ReplyTo<boolean> | undefined): void {
    if (!this.available) {
      replyTo?.fail(rpcFault('NOT_INSTALLED', 'psutil not installed'));
      return;
    }
    // Like the RPC of Supvisors: no range check on the value reported; unlike 0.19, the
    // sampling really follows it (clamped to MIN_SAMPLING_PERIOD_S; non-positive values ignored).
    this.collectingPeriod = period;
    this.collectingPeriodIsDouble = true;
    if (Number.isFinite(period) && period > 0) this.samplingPeriod = Math.max(MIN_SAMPLING_PERIOD_S, period);
    this.context.log.info(`collecting period set to ${period} s (sampling every ${this.samplingPeriod} s)`);
    if (this.inFlight === undefined) this.scheduleAfter(this.lastSampleNow);
    replyTo?.reply(true);
  }

  private scheduleAfter(reference: number | undefined, periodS = this.samplingPeriod): void {
    const delayMs = reference === undefined ? 0 : Math.max(0, (reference + periodS - this.monotonic()) * 1000 + SCHEDULE_MARGIN_MS);
    this.context.timers.once('tick', delayMs, { type: 'tick' });
  }

  private tick(): void {
    if (!this.available || this.inFlight !== undefined || this.collector === undefined) return;
    const processStats = this.processStats;
    if (!this.hostStats && !processStats) {
      this.scheduleAfter(this.monotonic());
      return;
    }
    this.seq += 1;
    const selfPid = this.options.selfPid ?? process.pid;
    const task: SampleTask = {
      host: this.hostStats,
      processes: processStats ? [...this.monitored].map(([namespec, entry]) => ({ namespec, pid: entry.pid })) : [],
      ...(processStats
        ? {
            supervisord: {
              pid: this.supervisordPid > 0 ? this.supervisordPid : selfPid,
              pids: this.supervisordPid > 0 ? [this.supervisordPid, selfPid] : [selfPid],
            },
          }
        : {}),
      ...(this.pendingFault === undefined ? {} : { fault: this.pendingFault }),
    };
    this.pendingFault = undefined;
    this.inFlight = { seq: this.seq, since: this.monotonic() };
    this.context.timers.once('watchdog', this.taskTimeoutMs + 5000, { type: 'watchdog', seq: this.seq });
    const delivery = this.collector.tell({ type: 'sample', seq: this.seq, task });
    if (delivery !== 'delivered') this.failed(`the collector did not take the request (${delivery})`);
  }

  private sampled(seq: number, result: SampleResult): void {
    if (this.inFlight?.seq !== seq) {
      this.context.log.debug(`late sample ${seq} ignored`);
      return;
    }
    this.inFlight = undefined;
    this.context.timers.cancel('watchdog');
    this.samples += 1;
    this.consecutiveFailures = 0;
    const previous = this.lastResult;
    if (previous !== undefined && previous.threadId === result.threadId && result.now > previous.now) {
      this.workerCpuPercent = ((result.workerCpuSeconds - previous.workerCpuSeconds) / (result.now - previous.now)) * 100;
    } else {
      this.workerCpuPercent = undefined;
    }
    this.lastResult = result;
    this.lastSampleNow = result.now;
    if (result.hostError !== undefined) this.context.log.warn(`host sample skipped: ${result.hostError}`);
    this.emitLocal(this.hostStats ? result.host : undefined, this.processStats ? this.acceptProcessSamples(result) : []);
    this.scheduleAfter(result.now);
  }

  /** Drops samples made stale by PID changes received meanwhile; forgets the vanished processes. */
  private acceptProcessSamples(result: SampleResult): ProcessRawSample[] {
    const vanished = new Map(result.vanished.map((entry) => [entry.namespec, entry.pid]));
    const accepted: ProcessRawSample[] = [];
    for (const sample of result.processes) {
      const known = this.monitored.get(sample.namespec);
      if (isStoppedSample(sample)) {
        if (known === undefined || known.pid !== vanished.get(sample.namespec)) continue;
        this.monitored.delete(sample.namespec);
        if (known.sampled) accepted.push(sample);
        else this.context.log.debug(`${sample.namespec}: pid ${known.pid} not found, not monitored`);
      } else if (known !== undefined) {
        if (known.pid !== sample.pid) continue;
        known.sampled = true;
        accepted.push(sample);
      } else if (sample.namespec === SUPERVISORD_NAMESPEC) {
        accepted.push(sample);
      }
    }
    return accepted;
  }

  private failed(error: string): void {
    this.inFlight = undefined;
    this.context.timers.cancel('watchdog');
    this.failures += 1;
    this.consecutiveFailures += 1;
    this.lastFailure = { message: error, at: Date.now() };
    this.lastResult = undefined;
    const backoff = Math.min(this.samplingPeriod * 2 ** (this.consecutiveFailures - 1), Math.max(this.samplingPeriod, MAX_FAILURE_BACKOFF_S));
    this.context.log.warn(`sample failed (${this.failures} failures, ${this.consecutiveFailures} in a row): ${error}; next try in ${backoff} s`);
    this.scheduleAfter(this.monotonic(), backoff);
  }

  // ---- outputs ---------------------------------------------------------------------------------

  /** Local raw samples: compiled under the local identifier and handed out for the peers. */
  private emitLocal(host: HostSample | undefined, processes: readonly ProcessRawSample[]): void {
    if (host === undefined && processes.length === 0) return;
    const now = this.monotonic();
    const identifier = this.options.identifier;
    const hstats = host === undefined ? [] : compileHostSample(this.compiler, identifier, host, now);
    const pstats = processes.flatMap((sample) => compileProcessSample(this.compiler, identifier, sample, now));
    this.guard('localSamples', () => this.options.outputs?.localSamples?.(host, processes));
    this.publishCompiled(hstats, pstats);
  }

  private publishCompiled(hstats: HostStatisticsPayload[], pstats: ProcessStatisticsPayload[]): void {
    if (hstats.length === 0 && pstats.length === 0) return;
    this.hstats.push(...hstats);
    this.pstats.push(...pstats);
    const excess = this.hstats.length + this.pstats.length - this.bufferSize;
    if (excess > 0) {
      const fromHosts = Math.min(excess, this.hstats.length);
      this.hstats.splice(0, fromHosts);
      this.pstats.splice(0, excess - fromHosts);
      this.dropped += excess;
    }
    this.guard('compiled', () => this.options.outputs?.compiled?.({ hstats, pstats }));
  }

  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (thrown) {
      this.context.log.error(`statistics output ${what} failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }

  private info(): CollectorInfo {
    const last = this.lastResult;
    return {
      available: this.available,
      hostStats: this.hostStats,
      processStats: this.processStats,
      period: this.samplingPeriod,
      monitored: this.monitored.size,
      samples: this.samples,
      failures: this.failures,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.lastFailure === undefined ? {} : { lastFailure: this.lastFailure }),
      inFlight: this.inFlight !== undefined,
      ...(last === undefined
        ? {}
        : {
            lastSampleMs: last.durationMs,
            lastSampleNow: last.now,
            workerThreadId: last.threadId,
            workerCpuSeconds: last.workerCpuSeconds,
          }),
      ...(this.workerCpuPercent === undefined ? {} : { workerCpuPercent: this.workerCpuPercent }),
    };
  }
}
