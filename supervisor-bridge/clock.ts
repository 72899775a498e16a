/** Wall-clock and monotonic seconds, read together. Monotonic is CLOCK_MONOTONIC, like Python's time.monotonic(). */
export interface Clock {
  /** Epoch seconds. */
  readonly epoch: number;
  readonly monotonic: number;
}

export function readClock(): Clock {
  return { epoch: Date.now() / 1000, monotonic: Number(process.hrtime.bigint()) / 1e9 };
}
