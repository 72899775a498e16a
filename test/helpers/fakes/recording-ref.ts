import type { ActorRef, ReplyTo } from '../../../actors/core/index.js';
import type { Message } from '../../../mailbox/mailbox.js';

/** A ref that records what it is told; asks are answered by `answer` (or refused when there is none). */
export class RecordingRef<M extends Message> implements ActorRef<M> {
  readonly told: M[] = [];
  constructor(
    readonly name: string,
    private readonly answer?: (message: M) => unknown,
  ) {}

  tell(message: M): 'delivered' {
    this.told.push(message);
    return 'delivered';
  }

  ask<R>(build: (replyTo: ReplyTo<R>) => M): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const message = build({ reply: resolve, fail: reject, settled: false });
      this.told.push(message);
      if (this.answer === undefined) reject(new Error(`${this.name}: no answer`));
      else resolve(this.answer(message) as R);
    });
  }

  ofType<T extends M['type']>(type: T): Extract<M, { type: T }>[] {
    return this.told.filter((message): message is Extract<M, { type: T }> => message.type === type);
  }
}
