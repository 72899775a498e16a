/**
 * How late the node's event loop runs (perf_hooks.monitorEventLoopDelay): every actor, link and
 * call shares it, so a busy loop shows as delay everywhere at once. Figures over fixed windows,
 * so that they say what the loop does now, whoever asks and however often; a window that shows a
 * blocked loop is told once, when it ends (`onWindow` and `slowLoopWarning`).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The event-loop delay over the last complete window (the current one before the first ends). */
export interface EventLoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** The span of the figures, s. */
  readonly windowS: number;
  /** When the window ended (epoch ms; now for the current one). */
  readonly endedAt: number;
}

export const EVENT_LOOP_WINDOW_MS = 10_000;
/** A window whose p99 reaches this is a loop that keeps every actor and caller waiting. */
export const SLOW_LOOP_P99_MS = 100;
/** The sampling timer of the histogram: finer costs wakeups for nothing. */
const RESOLUTION_MS = 10;

/** The histogram measures the timer's whole interval: the delay is what comes beyond the resolution. */
const delayMs = (nanos: number): number => Math.max(0, Math.round((nanos / 1e6 - RESOLUTION_MS) * 100) / 100);

/**
 * The warning a window deserves, or undefined. `silenceMs` is how long peers wait before calling
 * this node silent (heartbeat_period × heartbeat_misses): one stall of half of it is worth telling
 * even when the p99 is fine, since the next one may cost the node its membership.
 */
export function slowLoopWarning(figures: EventLoopDelay, silenceMs: number): string | undefined {
  const stall = figures.maxMs >= silenceMs / 2;
  if (figures.p99Ms < SLOW_LOOP_P99_MS && !stall) return undefined;
  const why = stall ? `a stall of ${figures.maxMs} ms is half of the ${silenceMs} ms after which peers call this node silent` : `p99 reached ${SLOW_LOOP_P99_MS} ms`;
  return `event loop blocked over the last ${figures.windowS} s: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms (${why})`;
}

export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private timer: ReturnType<typeof setInterval> | undefined;
  private windowStart = 0;
  private last: EventLoopDelay | undefined;

  /** `onWindow` gets every complete window's figures. */
  constructor(
    private readonly windowMs = EVENT_LOOP_WINDOW_MS,
    private readonly onWindow: (figures: EventLoopDelay) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.histogram.enable();
    this.windowStart = performance.now();
    this.timer = setInterval(() => {
      this.last = this.current();
      this.histogram.reset();
      this.windowStart = performance.now();
      this.onWindow(this.last);
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
    const figure = (nanos: () => number): number => (sampled ? delayMs(nanos()) : 0);
    return {
      p50Ms: figure(() => this.histogram.percentile(50)),
      p99Ms: figure(() => this.histogram.percentile(99)),
      maxMs: figure(() => this.histogram.max),
      meanMs: figure(() => this.histogram.mean),
      windowS: Math.round(performance.now() - this.windowStart) / 1000,
      endedAt: Date.now(),
    };
  }
}
