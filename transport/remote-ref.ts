import type { ActorRef, ActorSystem, Delivery, ReplyTo } from '../actors/core/index.js';
import { SupvisorsError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import type { Message } from '../mailbox/mailbox.js';
import type { PeerLink } from './peer-link.js';
import { RemoteReply } from './pending-asks.js';

/** The part of a peer's record a remote ref reads: its link, when up. */
export interface Route {
  readonly link: PeerLink | undefined;
}

/**
 * A ref to actor `actorName` on peer `identifier`, with the contract of a local ref:
 * - `tell` never throws: `delivered` (queued on the link), `rejected` (the link's send queue is
 *   full), `dead-letter` (peer unknown or down, or a message that is not plain data: logged).
 * - `ask` settles with the reply or a typed error: ASK_TIMEOUT, PEER_DOWN, PEER_UNKNOWN,
 *   PEER_BACKPRESSURE, PEER_MESSAGE_INVALID, or whatever the remote actor's ask failed with
 *   (ACTOR_NOT_FOUND, HANDLER_FAILED, MAILBOX_FULL...).
 * The ReplyTo given to the message builder must be a top-level field of the message: it stays
 * here, and the peer puts its own local reply channel in the same field.
 */
export class RemoteRef<M extends Message> implements ActorRef<M> {
  readonly name: string;

  constructor(
    private readonly route: Route | undefined,
    readonly identifier: string,
    readonly actorName: string,
    private readonly system: ActorSystem,
    private readonly log: Logger,
    private readonly askTimeoutMs: number,
  ) {
    // `@` is not allowed in actor names: the recipient shown in dead letters is unambiguous.
    this.name = `${actorName}@${identifier}`;
  }

  tell(message: M): Delivery {
    const link = this.route?.link;
    if (link === undefined) {
      this.system.deadLetters.record(this.name, message, this.route === undefined ? 'no-such-actor' : 'actor-stopped');
      return 'dead-letter';
    }
    const result = link.send(this.actorName, message);
    if (result.ok) return 'delivered';
    if (result.error.code === 'PEER_BACKPRESSURE') return 'rejected';
    if (result.error.code === 'PEER_MESSAGE_INVALID') this.log.error(`tell ${message.type} to ${this.name} refused: ${result.error.message}`);
    this.system.deadLetters.record(this.name, message, 'actor-stopped');
    return 'dead-letter';
  }

  ask<R>(build: (replyTo: ReplyTo<R>) => M, timeoutMs = this.askTimeoutMs): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const link = this.route?.link;
      if (link === undefined) {
        reject(
          this.route === undefined
            ? new SupvisorsError('PEER_UNKNOWN', `no peer ${this.identifier} in the configuration`)
            : new SupvisorsError('PEER_DOWN', `the link to ${this.identifier} is down`),
        );
        return;
      }
      const reply = new RemoteReply<R>(resolve, reject);
      const message = build(reply);
      // The message without its reply channel (copied field by field: `delete` would slow the object down).
      const fields = message as unknown as Record<string, unknown>;
      const travelling: Record<string, unknown> = {};
      let replyField: string | undefined;
      for (const key of Object.keys(fields)) {
        if (fields[key] === reply) replyField = key;
        else travelling[key] = fields[key];
      }
      if (replyField === undefined) {
        reject(new SupvisorsError('PEER_MESSAGE_INVALID', `ask ${message.type} to ${this.name}: the reply channel must be a top-level field of the message`));
        return;
      }
      const result = link.ask(this.actorName, travelling as unknown as Message, replyField, timeoutMs, reply);
      if (!result.ok) reject(result.error);
    });
  }
}
