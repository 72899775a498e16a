import { SupvisorsError } from '../errors/errors.js';
import type { ReplyTo } from '../actors/core/index.js';
import { armDeadline, type Deadline } from './deadline.js';
import type { ReplyFrame } from './frames.js';
import { errorFromWire } from './wire-error.js';

/**
 * The asker's end of a remote ask: the ReplyTo the message builder receives. It never crosses
 * the wire (the ask frame names the field that held it); the reply frame settles it, once.
 */
export class RemoteReply<R> implements ReplyTo<R> {
  private done = false;

  constructor(
    private readonly resolve: (value: R) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  get settled(): boolean {
    return this.done;
  }

  reply(value: R): void {
    if (this.done) return;
    this.done = true;
    this.resolve(value);
  }

  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.reject(error);
  }
}

interface Pending {
  readonly reply: ReplyTo<unknown>;
  readonly deadline: Deadline;
}

/** The asks sent over one link and not answered yet, by id; each bounded by its timeout. */
export class PendingAsks {
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;

  /** `peer` names the peer in errors; known only once the handshake is done. */
  constructor(private readonly peer: () => string) {}

  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers an ask; `describe` names it in the timeout error. Returns its id. The timeout
   * counts only the time this node was running (deadline.ts): a reply waiting unread while this
   * node's event loop stalled is not lost to a timer that runs first.
   */
  add(reply: ReplyTo<unknown>, timeoutMs: number, describe: string): number {
    this.lastId += 1;
    const id = this.lastId;
    const deadline = armDeadline(timeoutMs, () => {
      this.pending.delete(id);
      reply.fail(new SupvisorsError('ASK_TIMEOUT', `${describe} got no reply within ${timeoutMs} ms`));
    });
    this.pending.set(id, { reply, deadline });
    return id;
  }

  /** Forgets an ask that could not be sent. */
  cancel(id: number): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    pending.deadline.cancel();
    this.pending.delete(id);
  }

  /** Settles the ask a reply answers; false when none is waiting (it timed out: a late reply). */
  settle(frame: ReplyFrame): boolean {
    const pending = this.pending.get(frame.id);
    if (pending === undefined) return false;
    this.cancel(frame.id);
    if (frame.ok) pending.reply.reply(frame.value);
    else pending.reply.fail(errorFromWire(frame.error, this.peer()));
    return true;
  }

  /** Fails every waiting ask (the link dropped). */
  failAll(error: SupvisorsError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const pending of all) {
      pending.deadline.cancel();
      pending.reply.fail(error);
    }
  }
}
