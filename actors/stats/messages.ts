/**
 * The messages of the statistics actor (one per node, named `stats`) and of its child, the
 * collector (`stats-collector`), which owns the worker-thread pool.
 */
import type { ReplyTo } from '../core/index.js';
import type { BridgeNotice } from '../../supervisor-bridge/messages.js';
import type { CompiledIndex, HostStatsView, ProcessStatsView } from '../../stats-compiler/compiler.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload, StatisticsStatusPayload } from '../../stats-compiler/payloads.js';
import type { HostSample, ProcessRawSample } from '../../stats-compiler/types.js';
import type { InjectedFault, MonitoredProcess, SampleResult, SampleTask } from '../../stats-worker/protocol.js';
import type { HostInventory } from './host-inventory.js';

export const STATS = 'stats';

export type { InjectedFault, MonitoredProcess };

/** Answer to `status`: the XML-RPC struct, and how to encode `collecting_period`. */
export interface StatsStatusReply {
  readonly status: StatisticsStatusPayload;
  /** True once the period was configured or updated: XML-RPC `<double>`; false: `<int>` (the default 5). */
  readonly collectingPeriodIsDouble: boolean;
  /** False when this host cannot be sampled (no /proc): the enable / update requests fail with NOT_INSTALLED. */
  readonly collector: boolean;
}

/** Payloads compiled since the previous `take-compiled` (local and peers' samples). */
export interface CompiledStatistics {
  readonly hstats: HostStatisticsPayload[];
  readonly pstats: ProcessStatisticsPayload[];
  /** Payloads lost because nobody took them before the buffer filled. */
  readonly dropped: number;
}

/** The collector's health and cost, for diagnostics and the bench. */
export interface CollectorInfo {
  readonly available: boolean;
  readonly hostStats: boolean;
  readonly processStats: boolean;
  /** Effective sampling period, seconds. */
  readonly period: number;
  /** Processes being measured (the `supervisord` entry excluded). */
  readonly monitored: number;
  /** Successful samples. */
  readonly samples: number;
  /** Failed samples: the task threw, the worker thread exited, timed out, or no answer came. */
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastFailure?: { readonly message: string; readonly at: number };
  readonly inFlight: boolean;
  /** Duration of the last sampling task inside the worker, ms. */
  readonly lastSampleMs?: number;
  /** Monotonic time (s) of the last successful sample. */
  readonly lastSampleNow?: number;
  readonly workerThreadId?: number;
  /** CPU seconds used by the current worker thread since it started. */
  readonly workerCpuSeconds?: number;
  /** CPU of the worker thread between its last two samples, percent of one core. */
  readonly workerCpuPercent?: number;
}

export type StatsMessage =
  // ---- the local bridge's notices: the processes to measure (the actor subscribes like the context) ----
  | BridgeNotice
  // ---- XML-RPC ----------------------------------------------------------------------------
  /** `get_statistics_status`. */
  | { readonly type: 'status'; readonly replyTo: ReplyTo<StatsStatusReply> }
  /** `enable_host_statistics`: replies true, or fails with NOT_INSTALLED without a collector. */
  | { readonly type: 'enable-host'; readonly enabled: boolean; readonly replyTo?: ReplyTo<boolean> }
  /** `enable_process_statistics`. */
  | { readonly type: 'enable-process'; readonly enabled: boolean; readonly replyTo?: ReplyTo<boolean> }
  /** `update_collecting_period` (no range check, as the RPC; sampling is clamped to >= 0.1 s). */
  | { readonly type: 'update-period'; readonly period: number; readonly replyTo?: ReplyTo<boolean> }
  // ---- PIDs to measure (from the supervisor bridge) -----------------------------------------
  /** One process's PID: pid <= 0 = not running. A change of PID ends the old series. */
  | { readonly type: 'process-pid'; readonly namespec: string; readonly pid: number }
  /** The whole table of running local processes (after a resync); absent namespecs are stopped. */
  | { readonly type: 'processes'; readonly processes: readonly MonitoredProcess[] }
  /** The local supervisord's PID, measured with supvisorsd as the `supervisord` entry. */
  | { readonly type: 'supervisord-pid'; readonly pid: number }
  // ---- samples of peers (HOST_STATISTICS / PROCESS_STATISTICS received) ---------------------
  | { readonly type: 'peer-host-sample'; readonly identifier: string; readonly sample: HostSample }
  | { readonly type: 'peer-process-samples'; readonly identifier: string; readonly samples: readonly ProcessRawSample[] }
  /** Drops what was compiled for an instance. */
  | { readonly type: 'forget-instance'; readonly identifier: string }
  // ---- reading compiled statistics ----------------------------------------------------------
  | { readonly type: 'host-stats'; readonly identifier: string; readonly period: number; readonly replyTo: ReplyTo<HostStatsView | undefined> }
  /** CPU in IRIX or Solaris mode per `stats_irix_mode`, unless `irixMode` is given. */
  | {
      readonly type: 'process-stats';
      readonly namespec: string;
      readonly identifier: string;
      readonly period: number;
      readonly irixMode?: boolean;
      readonly replyTo: ReplyTo<ProcessStatsView | undefined>;
    }
  | { readonly type: 'stats-index'; readonly replyTo: ReplyTo<CompiledIndex> }
  /** What this node's host is: read once (host-inventory.ts), then the cached answer. */
  | { readonly type: 'host-inventory'; readonly replyTo: ReplyTo<HostInventory> }
  /** The `hstats` / `pstats` payloads compiled since the last call (for the event publisher's tick). */
  | { readonly type: 'take-compiled'; readonly replyTo: ReplyTo<CompiledStatistics> }
  | { readonly type: 'collector-info'; readonly replyTo: ReplyTo<CollectorInfo> }
  /** Test / diagnosis hook: the next sampling task throws, ends its worker thread, or hangs. */
  | { readonly type: 'inject-fault'; readonly fault: InjectedFault }
  // ---- internal ------------------------------------------------------------------------------
  | { readonly type: 'tick' }
  | { readonly type: 'sampled'; readonly seq: number; readonly result: SampleResult }
  | { readonly type: 'sample-failed'; readonly seq: number; readonly error: string }
  | { readonly type: 'watchdog'; readonly seq: number };

/** The collector child: runs one sampling task in the worker thread and reports to its parent. */
export type CollectorMessage = { readonly type: 'sample'; readonly seq: number; readonly task: SampleTask };
