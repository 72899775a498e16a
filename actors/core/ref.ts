import type { Message } from '../../mailbox/mailbox.js';

/** What became of a `tell`. Only `delivered` means the message is in the actor's mailbox. */
export type Delivery = 'delivered' | 'dropped' | 'rejected' | 'dead-letter';

/** The reply channel carried by a message sent with `ask`. The first reply or failure wins. */
export interface ReplyTo<R> {
  reply(value: R): void;
  fail(error: Error): void;
  readonly settled: boolean;
}

/**
 * Runs a request's handling; what it throws fails the ask instead of the actor (a refused
 * request is the caller's error, not a crash to supervise).
 */
export function failOnThrow<R>(replyTo: ReplyTo<R> | undefined, handle: () => void): void {
  try {
    handle();
  } catch (thrown) {
    if (replyTo === undefined) throw thrown;
    replyTo.fail(thrown instanceof Error ? thrown : new Error(String(thrown)));
  }
}

/** A typed handle on an actor: only messages of its own union type can be sent to it. */
export interface ActorRef<M extends Message> {
  readonly name: string;
  /** Sends without waiting. Never throws: the outcome says whether the message was queued. */
  tell(message: M): Delivery;
  /**
   * Sends a message built around a reply channel and waits for the reply, at most `timeoutMs`
   * (default: the system's ask timeout). Rejects with a SupvisorsError: ASK_TIMEOUT,
   * HANDLER_FAILED, ACTOR_STOPPED, ACTOR_NOT_FOUND, MAILBOX_FULL or MESSAGE_DROPPED.
   */
  ask<R>(build: (replyTo: ReplyTo<R>) => M, timeoutMs?: number): Promise<R>;
}

/** A typed name: looking an actor up by key gives a ref of the right message type. */
export interface ActorKey<M extends Message> {
  readonly name: string;
  /** Phantom field carrying the message type; never set. */
  readonly messageType?: M;
}

export function actorKey<M extends Message>(name: string): ActorKey<M> {
  return { name };
}
