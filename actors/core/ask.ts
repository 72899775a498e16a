import { SupvisorsError } from '../../errors/errors.js';
import type { ReplyTo } from './ref.js';

/** The pending side of an `ask`: settles a promise once, by reply, failure or timeout. */
export class PendingReply<R> implements ReplyTo<R> {
  private done = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (value: R) => void,
    private readonly reject: (error: Error) => void,
    timeoutMs: number,
    describe: () => string,
    /** Called with a reply that arrives after the ask was settled (e.g. timed out). */
    private readonly late: (value: R) => void,
  ) {
    this.timer = setTimeout(() => {
      this.fail(new SupvisorsError('ASK_TIMEOUT', `${describe()} got no reply within ${timeoutMs} ms`));
    }, timeoutMs);
  }

  get settled(): boolean {
    return this.done;
  }

  reply(value: R): void {
    if (this.done) {
      this.late(value);
      return;
    }
    this.done = true;
    clearTimeout(this.timer);
    this.resolve(value);
  }

  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.reject(error);
  }
}
