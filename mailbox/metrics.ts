import { DurationHistogram } from './histogram.js';

/** Plain-data view of a mailbox, as diagnostics publish it. Durations in microseconds. */
export interface MailboxStats {
  depth: number;
  /** 0 when unbounded. */
  capacity: number;
  overflow: string;
  highWater: number;
  enqueued: number;
  processed: number;
  failed: number;
  dropped: number;
  rejected: number;
  restarts: number;
  handlingMeanUs: number;
  handlingP99Us: number;
  waitingMeanUs: number;
  waitingP99Us: number;
  /** Age of the oldest queued message, 0 when the mailbox is empty. */
  oldestAgeMs: number;
  lastType: string;
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Counters and timing histograms of one mailbox; the actor cell feeds them. */
export class MailboxMetrics {
  enqueued = 0;
  processed = 0;
  failed = 0;
  dropped = 0;
  rejected = 0;
  restarts = 0;
  highWater = 0;
  lastType = '';
  readonly handling = new DurationHistogram();
  readonly waiting = new DurationHistogram();

  snapshot(depth: number, capacity: number, overflow: string, oldestAgeMs: number): MailboxStats {
    const us = (nanos: number): number => round(nanos / 1000);
    return {
      depth,
      capacity: Number.isFinite(capacity) ? capacity : 0,
      overflow,
      highWater: this.highWater,
      enqueued: this.enqueued,
      processed: this.processed,
      failed: this.failed,
      dropped: this.dropped,
      rejected: this.rejected,
      restarts: this.restarts,
      handlingMeanUs: us(this.handling.meanNanos()),
      handlingP99Us: us(this.handling.quantileNanos(0.99)),
      waitingMeanUs: us(this.waiting.meanNanos()),
      waitingP99Us: us(this.waiting.quantileNanos(0.99)),
      oldestAgeMs: round(oldestAgeMs),
      lastType: this.lastType,
    };
  }
}
