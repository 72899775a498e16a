/**
 * Rate-limited logging of repeated lines (refused connections, bad requests from clients):
 * within each window, the first `burst` lines of a kind are written as they come, the rest are
 * only counted, and the count is written once when the
 * window ends (a timer, unref'd), or at `flush()`. A flood of refusals therefore costs a few lines, never megabytes.
 *
 * Kinds are chosen by the caller (e.g. `peer refused`), not by client input, so their number
 * stays bounded.
 */
import type { LogLevel } from './levels.js';
import type { Logger } from './logger.js';

export interface RateLimitSettings {
  /** Lines written as they come per kind and window. Default 5. */
  readonly burst: number;
  /** Window length in ms. Default 10 000. */
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { burst: 5, windowMs: 10_000 };

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
  level: LogLevel;
}

export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly log: Logger,
    private readonly settings: RateLimitSettings = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Writes `message` at `level` unless `kind` already had its burst in this window. */
  write(level: LogLevel, kind: string, message: string): void {
    const now = this.now();
    let window = this.windows.get(kind);
    if (window !== undefined && now - window.startedAt >= this.settings.windowMs) {
      this.report(kind, window);
      window = undefined;
    }

    if (window === undefined) {
      window = { startedAt: now, written: 0, suppressed: 0, level };
      this.windows.set(kind, window);
    }
    if (window.written < this.settings.burst) {
      window.written += 1;
      this.log.log(level, message);
    } else {
      window.suppressed += 1;
      if (window.suppressed === 1) this.reportAtEnd(kind, window, window.startedAt + this.settings.windowMs - now);
    }
  }

  private reportAtEnd(kind: string, window: Window, delayMs: number): void {
    setTimeout(() => {
      if (this.windows.get(kind) !== window) return;
      this.report(kind, window);
      this.windows.delete(kind);
    }, Math.max(0, delayMs)).unref();
  }

  warn(kind: string, message: string): void {
    this.write('warn', kind, message);
  }

  /** Lines of `kind` not written in the current window. */
  suppressed(kind: string): number {
    return this.windows.get(kind)?.suppressed ?? 0;
  }

  /** Writes the pending counts (at close, or from a periodic timer). */
  flush(): void {
    for (const [kind, window] of this.windows) this.report(kind, window);
    this.windows.clear();
  }

  private report(kind: string, window: Window): void {
    if (window.suppressed === 0) return;
    const seconds = ((this.now() - window.startedAt) / 1000).toFixed(1);
    this.log.log(window.level, `${kind}: ${window.suppressed} more not logged in the last ${seconds} s`);
  }
}
