/**
 * The external shapes of statistics: the `hstats` / `pstats` event bodies (spec/events.md §4.6,
 * §4.7) and the `supvisors.get_statistics_status` struct (spec/xmlrpc.md).
 *
 * JSON note for the event publisher: Python writes `period`, `now_monotonic`, `mem` and the CPU
 * values as floats (`5.0`); JavaScript has one number type, so integral values of these fields
 * must be formatted with a decimal point by the writer if byte-exact output matters. The ints:
 * a CPU element `0` when no CPU time elapsed, and `target_period` when the period is integral
 * (0.19 sends `10` with its default periods).
 */

/** `hstats` body: integrated host statistics of one instance over one period. */
export interface HostStatisticsPayload {
  readonly identifier: string;
  /** Local monotonic time at compilation (the receiver's clock). */
  readonly now_monotonic: number;
  readonly target_period: number;
  /** Bounds of the window, seconds relative to the first sample of the series (collector clock). */
  readonly period: [number, number];
  /** Element 0 = average of all cores, then one value per core, percent. */
  readonly cpu: number[];
  readonly mem: number;
  /** Interface -> [receive, send] kbit/s. */
  readonly net_io: Record<string, [number, number]>;
  /** Block device -> [read, write] kbit/s. */
  readonly disk_io: Record<string, [number, number]>;
  /** Mount point -> usage percent. */
  readonly disk_usage: Record<string, number>;
}

/** `pstats` body: integrated statistics of one process on one instance over one period. */
export interface ProcessStatisticsPayload {
  readonly namespec: string;
  readonly identifier: string;
  readonly pid: number;
  readonly now_monotonic: number;
  readonly target_period: number;
  readonly period: [number, number];
  /** IRIX mode, whatever `stats_irix_mode` says. */
  readonly cpu: number;
  readonly mem: number;
}

/** `supvisors.get_statistics_status()`. */
export interface StatisticsStatusPayload {
  readonly host_stats: boolean;
  readonly process_stats: boolean;
  /** The raw option value: an int `5` when the option is absent, a double once configured or updated. */
  readonly collecting_period: number;
}

/**
 * `get_statistics_status()`: both flags are false when the instance has no collector
 * (NOT_INSTALLED), whatever the options say.
 */
export function statisticsStatusPayload(status: {
  collector: boolean;
  hostStats: boolean;
  processStats: boolean;
  collectingPeriod: number;
}): StatisticsStatusPayload {
  return {
    host_stats: status.collector && status.hostStats,
    process_stats: status.collector && status.processStats,
    collecting_period: status.collectingPeriod,
  };
}
