/**
 * How late the node's event loop runs (perf_hooks.monitorEventLoopDelay): every actor, link and
 * call shares it, so a busy loop shows as delay everywhere at once. Figures over fixed windows,
 * so that they say what the loop does now, whoever asks and however often.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The event-loop delay over the last complete window (the current one before the first ends). */
export interface EventLoopDelay {
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The span of the figures, s. */
  readonly windowS: number;
}

export const EVENT_LOOP_WINDOW_MS = 10_000;
/** The sampling timer of the histogram: finer costs wakeups for nothing. */
const RESOLUTION_MS = 10;

/** The histogram measures the timer's whole interval: the delay is what comes beyond the resolution. */
const delayMs = (nanos: number): number => Math.max(0, Math.round((nanos / 1e6 - RESOLUTION_MS) * 100) / 100);

export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private timer: ReturnType<typeof setInterval> | undefined;
  private windowStart = 0;
  private last: EventLoopDelay | undefined;

  constructor(private readonly windowMs = EVENT_LOOP_WINDOW_MS) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.histogram.enable();
    this.windowStart = performance.now();
    this.timer = setInterval(() => {
      this.last = this.current();
      this.histogram.reset();
      this.windowStart = performance.now();
    }, this.windowMs);
    // the figures never keep a process alive
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  figures(): EventLoopDelay {
    return this.last ?? this.current();
  }

  private current(): EventLoopDelay {
    // the histogram holds no sample before its first tick: NaN mean, huge min
    const sampled = this.histogram.count > 0;
    return {
      meanMs: sampled ? delayMs(this.histogram.mean) : 0,
      p99Ms: sampled ? delayMs(this.histogram.percentile(99)) : 0,
      maxMs: sampled ? delayMs(this.histogram.max) : 0,
      windowS: Math.round(performance.now() - this.windowStart) / 1000,
    };
  }
}
