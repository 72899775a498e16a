import { summarize } from '../../mailbox/peek.js';
import type { Message } from '../../mailbox/mailbox.js';
import type { Logger } from '../../log/logger.js';

/** Why a message could not be handled. */
export type DeadLetterReason =
  | 'no-such-actor'
  | 'actor-stopped'
  | 'actor-stopping'
  | 'discarded-on-stop'
  | 'mailbox-overflow'
  | 'late-reply';

export interface DeadLetter {
  recipient: string;
  type: string;
  summary: string;
  reason: DeadLetterReason;
  /** Epoch milliseconds. */
  at: number;
}

export interface DeadLetterStats {
  total: number;
  byReason: Record<string, number>;
  /** The most recent ones, newest last. */
  recent: DeadLetter[];
}

/** Undeliverable messages: counted by reason, the last few kept for inspection, logged at debug. */
export class DeadLetters {
  private total = 0;
  private readonly byReason = new Map<DeadLetterReason, number>();
  private readonly recent: DeadLetter[] = [];

  constructor(
    private readonly log: Logger,
    private readonly keep = 100,
  ) {}

  record(recipient: string, message: Message, reason: DeadLetterReason): void {
    this.total += 1;
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
    const letter: DeadLetter = { recipient, type: message.type, summary: summarize(message), reason, at: Date.now() };
    this.recent.push(letter);
    if (this.recent.length > this.keep) this.recent.shift();
    if (this.log.isEnabled('debug')) this.log.debug(`dead letter to ${recipient} (${reason}): ${message.type} ${letter.summary}`);
  }

  get count(): number {
    return this.total;
  }

  snapshot(): DeadLetterStats {
    return { total: this.total, byReason: Object.fromEntries(this.byReason), recent: [...this.recent] };
  }
}
