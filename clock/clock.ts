/**
 * The node's one clock. Monotonic is CLOCK_MONOTONIC, like Python's time.monotonic(): what every
 * duration, timeout and `now_monotonic` is measured with; epoch is only for wall-clock fields.
 */

/** Wall-clock and monotonic seconds, read together. */
export interface Clock {
  /** Epoch seconds. */
  readonly epoch: number;
  readonly monotonic: number;
}

export function monotonicSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function readClock(): Clock {
  return { epoch: Date.now() / 1000, monotonic: monotonicSeconds() };
}
