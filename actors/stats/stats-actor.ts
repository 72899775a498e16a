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
 *
 * The sampling state and its decisions are pure (sampling.ts), and so is the buffer of compiled
 * payloads (compiled-buffer.ts); this file is the shell: timers, the collector, logs, outputs.
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
} from '../../stats-compiler/compiler.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../../stats-compiler/payloads.js';
import { statisticsStatusPayload } from '../../stats-compiler/payloads.js';
import type { HostSample, ProcessRawSample } from '../../stats-compiler/types.js';
import { collectorAvailable } from '../../stats-worker/pool.js';
import type { MonitoredProcess, SampleResult } from '../../stats-worker/protocol.js';
import type { ActorContext, ActorFactory, ActorRef, ReplyTo, SupervisionPolicy } from '../core/index.js';
import { COLLECTOR_POLICY, collectorActor } from './collector-actor.js';
import { emptyCompiled, withCompiled } from './compiled-buffer.js';
import type { CollectorMessage, CompiledStatistics, StatsMessage } from './messages.js';
import {
  collectorInfo,
  initialSampling,
  nextSampleDelayMs,
  replaceProcesses,
  sampleFailed,
  sampleSucceeded,
  setPid,
  startSample,
  withPeriod,
  type SamplingState,
} from './sampling.js';
import { namespecOf } from '../../supervisor/namespec.js';
import { readHostInventory, type HostInventory } from './host-inventory.js';
import { monotonicSeconds } from '../../clock/clock.js';

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
  /** Reads the host inventory (once); default readHostInventory (systeminformation). */
  readonly readInventory?: () => Promise<HostInventory>;
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

export function statsActor(options: StatsActorOptions): ActorFactory<StatsMessage> {
  return (context) => new StatsBehavior(context, options);
}

class StatsBehavior {
  private readonly monotonic: () => number;
  private readonly available: boolean;
  private readonly compiler: CompilerState;
  private readonly collector: ActorRef<CollectorMessage> | undefined;
  private readonly taskTimeoutMs: number;
  private readonly bufferSize: number;
  private sampling: SamplingState;
  private compiled: CompiledStatistics = emptyCompiled();
  /** The host inventory, read at the first request; forgotten if the read failed, so that the next request tries again. */
  private inventory: Promise<HostInventory> | undefined;

  constructor(
    private readonly context: ActorContext<StatsMessage>,
    private readonly options: StatsActorOptions,
  ) {
    this.monotonic = options.monotonic ?? monotonicSeconds;
    this.available = options.collector ?? collectorAvailable();
    this.compiler = createCompilerState({ periods: options.periods, histo: options.histo });
    this.sampling = initialSampling(options);
    this.taskTimeoutMs = options.taskTimeoutMs ?? Math.max(10_000, 2000 * this.sampling.samplingPeriod);
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
            hostStats: this.sampling.hostStats,
            processStats: this.sampling.processStats,
            collectingPeriod: this.sampling.collectingPeriod,
          }),
          collectingPeriodIsDouble: this.sampling.collectingPeriodIsDouble,
          collector: this.available,
        });
        return;
      case 'enable-host':
      case 'enable-process':
        if (!this.available) {
          message.replyTo?.fail(rpcFault('NOT_INSTALLED', 'psutil not installed'));
          return;
        }
        this.sampling = message.type === 'enable-host' ? { ...this.sampling, hostStats: message.enabled } : { ...this.sampling, processStats: message.enabled };
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
        this.sampling = { ...this.sampling, supervisordPid: message.pid > 0 ? message.pid : 0 };
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
      case 'host-inventory':
        this.hostInventory().then(
          (inventory) => message.replyTo.reply(inventory),
          (thrown: unknown) => message.replyTo.fail(thrown instanceof Error ? thrown : new Error(String(thrown))),
        );
        return;
      case 'take-compiled': {
        const taken = this.compiled;
        this.compiled = emptyCompiled();
        message.replyTo.reply(taken);
        return;
      }
      case 'collector-info':
        message.replyTo.reply(collectorInfo(this.sampling, this.available));
        return;
      case 'inject-fault':
        this.sampling = { ...this.sampling, pendingFault: message.fault };
        return;
      case 'tick':
        this.tick();
        return;
      case 'sampled':
        this.sampled(message.seq, message.result);
        return;
      case 'sample-failed':
        if (this.sampling.inFlight?.seq === message.seq) this.failed(message.error);
        return;
      case 'watchdog':
        if (this.sampling.inFlight?.seq === message.seq) this.failed(`no answer from the collector within ${this.taskTimeoutMs + 5000} ms`);
        return;
    }
  }

  private hostInventory(): Promise<HostInventory> {
    if (this.inventory === undefined) {
      const reading = (this.options.readInventory ?? readHostInventory)();
      this.inventory = reading;
      reading.catch((thrown: unknown) => {
        if (this.inventory === reading) this.inventory = undefined;
        this.context.log.warn(`host inventory not read: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
      });
    }
    return this.inventory;
  }

  // ---- PIDs ------------------------------------------------------------------------------------

  private setPid(namespec: string, pid: number): void {
    const { state, ended } = setPid(this.sampling, namespec, pid);
    this.sampling = state;
    if (ended) this.emitEnd(namespec);
  }

  private replaceProcesses(processes: readonly MonitoredProcess[]): void {
    const { state, ended } = replaceProcesses(this.sampling, processes);
    this.sampling = state;
    for (const namespec of ended) this.emitEnd(namespec);
  }

  /** The end of a series: its pid-0 sample. */
  private emitEnd(namespec: string): void {
    this.emitLocal(undefined, [{ namespec, pid: 0, now: this.monotonic() }]);
  }

  // ---- sampling --------------------------------------------------------------------------------

  private updatePeriod(period: number, replyTo: ReplyTo<boolean> | undefined): void {
    if (!this.available) {
      replyTo?.fail(rpcFault('NOT_INSTALLED', 'psutil not installed'));
      return;
    }
    // Like the RPC of Supvisors: no range check on the value reported; unlike 0.19, the
    // sampling really follows it (clamped to MIN_SAMPLING_PERIOD_S; non-positive values ignored).
    this.sampling = withPeriod(this.sampling, period);
    this.context.log.info(`collecting period set to ${period} s (sampling every ${this.sampling.samplingPeriod} s)`);
    if (this.sampling.inFlight === undefined) this.scheduleAfter(this.sampling.lastSampleNow);
    replyTo?.reply(true);
  }

  private scheduleAfter(reference: number | undefined, periodS = this.sampling.samplingPeriod): void {
    this.context.timers.once('tick', nextSampleDelayMs(reference, periodS, this.monotonic()), { type: 'tick' });
  }

  private tick(): void {
    if (!this.available || this.sampling.inFlight !== undefined || this.collector === undefined) return;
    if (!this.sampling.hostStats && !this.sampling.processStats) {
      this.scheduleAfter(this.monotonic());
      return;
    }
    const { state, task } = startSample(this.sampling, this.options.selfPid ?? process.pid, this.monotonic());
    this.sampling = state;
    const { seq } = state;
    this.context.timers.once('watchdog', this.taskTimeoutMs + 5000, { type: 'watchdog', seq });
    const delivery = this.collector.tell({ type: 'sample', seq, task });
    if (delivery !== 'delivered') this.failed(`the collector did not take the request (${delivery})`);
  }

  private sampled(seq: number, result: SampleResult): void {
    if (this.sampling.inFlight?.seq !== seq) {
      this.context.log.debug(`late sample ${seq} ignored`);
      return;
    }
    this.context.timers.cancel('watchdog');
    if (result.hostError !== undefined) this.context.log.warn(`host sample skipped: ${result.hostError}`);
    const { state, processes, notFound } = sampleSucceeded(this.sampling, result);
    this.sampling = state;
    for (const { namespec, pid } of notFound) this.context.log.debug(`${namespec}: pid ${pid} not found, not monitored`);
    this.emitLocal(state.hostStats ? result.host : undefined, processes);
    this.scheduleAfter(result.now);
  }

  private failed(error: string): void {
    this.context.timers.cancel('watchdog');
    const { state, backoffS } = sampleFailed(this.sampling, error, Date.now());
    this.sampling = state;
    this.context.log.warn(`sample failed (${state.failures} failures, ${state.consecutiveFailures} in a row): ${error}; next try in ${backoffS} s`);
    this.scheduleAfter(this.monotonic(), backoffS);
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
    this.compiled = withCompiled(this.compiled, hstats, pstats, this.bufferSize);
    this.guard('compiled', () => this.options.outputs?.compiled?.({ hstats, pstats }));
  }

  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (thrown) {
      this.context.log.error(`statistics output ${what} failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
  }
}
