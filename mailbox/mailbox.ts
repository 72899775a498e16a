import { performance } from 'node:perf_hooks';
import { MailboxMetrics, type MailboxStats } from './metrics.js';
import { summarize, type MessagePeek } from './peek.js';
import { RingQueue } from './ring-queue.js';

/** Every message has a `type` discriminant: it is what diagnostics and dead letters show. */
export interface Message {
  readonly type: string;
}

/** What to do with a message that arrives at a full bounded mailbox. */
export type OverflowPolicy = 'drop-newest' | 'drop-oldest' | 'reject';
export const overflowPolicies: readonly OverflowPolicy[] = ['drop-newest', 'drop-oldest', 'reject'];

export interface MailboxOptions {
  /** Maximum queued user messages; unbounded when absent. */
  capacity?: number;
  /** Default `drop-newest`; only used when `capacity` is set. */
  overflow?: OverflowPolicy;
}

/** A queued user message. `onLost` tells the sender (e.g. a pending ask) the message was dropped, discarded or failed. */
export interface Envelope<M extends Message> {
  readonly message: M;
  /** performance.now() at enqueue, 0 when timing is off. */
  readonly enqueuedAt: number;
  readonly onLost: ((reason: Error) => void) | undefined;
}

export type Admission<M extends Message> =
  | { readonly outcome: 'enqueued'; readonly evicted?: Envelope<M> }
  | { readonly outcome: 'dropped' }
  | { readonly outcome: 'rejected' };

const ENQUEUED = { outcome: 'enqueued' } as const;
const DROPPED = { outcome: 'dropped' } as const;
const REJECTED = { outcome: 'rejected' } as const;

/**
 * FIFO mailbox of one actor: user messages, optionally bounded, and a separate queue of system
 * messages (stop, supervision) that always overtake user messages. It owns its metrics; the
 * actor cell records handling times in them.
 */
export class Mailbox<M extends Message, S> {
  readonly metrics = new MailboxMetrics();
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  private readonly user = new RingQueue<Envelope<M>>();
  private readonly system = new RingQueue<S>();

  constructor(
    options: MailboxOptions = {},
    /** Whether enqueue times are taken (waiting-time metrics). */
    readonly timing = true,
  ) {
    this.capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    this.overflow = options.overflow ?? 'drop-newest';
    if (!(this.capacity >= 1)) throw new RangeError(`mailbox capacity must be at least 1, got ${this.capacity}`);
  }

  get depth(): number {
    return this.user.length;
  }

  get hasSystem(): boolean {
    return this.system.length > 0;
  }

  enqueue(message: M, onLost?: (reason: Error) => void): Admission<M> {
    const envelope: Envelope<M> = { message, enqueuedAt: this.timing ? performance.now() : 0, onLost };
    const metrics = this.metrics;
    if (this.user.length >= this.capacity) {
      if (this.overflow === 'reject') {
        metrics.rejected += 1;
        return REJECTED;
      }
      metrics.dropped += 1;
      if (this.overflow === 'drop-newest') return DROPPED;
      const evicted = this.user.shift();
      this.user.push(envelope);
      metrics.enqueued += 1;
      return evicted === undefined ? ENQUEUED : { outcome: 'enqueued', evicted };
    }
    this.user.push(envelope);
    metrics.enqueued += 1;
    if (this.user.length > metrics.highWater) metrics.highWater = this.user.length;
    return ENQUEUED;
  }

  enqueueSystem(message: S): void {
    this.system.push(message);
  }

  nextSystem(): S | undefined {
    return this.system.shift();
  }

  nextUser(): Envelope<M> | undefined {
    return this.user.shift();
  }

  /** Empties the user queue, oldest first (for a discarding stop). */
  drainUser(): Envelope<M>[] {
    return this.user.drain();
  }

  oldestAgeMs(now = performance.now()): number {
    const oldest = this.user.at(0);
    return oldest === undefined || oldest.enqueuedAt === 0 ? 0 : now - oldest.enqueuedAt;
  }

  /** The first `limit` queued user messages, summarized and redacted. */
  peek(limit: number): MessagePeek[] {
    const now = performance.now();
    const count = Math.min(Math.max(0, Math.floor(limit)), this.user.length);
    const peeked: MessagePeek[] = [];
    for (let index = 0; index < count; index += 1) {
      const envelope = this.user.at(index);
      if (envelope === undefined) break;
      peeked.push({
        type: envelope.message.type,
        summary: summarize(envelope.message),
        ageMs: envelope.enqueuedAt === 0 ? 0 : Number((now - envelope.enqueuedAt).toFixed(3)),
      });
    }
    return peeked;
  }

  stats(): MailboxStats {
    return this.metrics.snapshot(this.user.length, this.capacity, this.overflow, this.oldestAgeMs());
  }
}
