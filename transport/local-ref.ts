import { actorKey, type ActorRef, type ActorSystem, type ReplyTo } from '../actors/core/index.js';
import { SupvisorsError } from '../errors/errors.js';
import type { Message } from '../mailbox/mailbox.js';

/**
 * A ref to an actor of this node by name, resolved at each send: what a remote ref to this
 * node's own identifier gives, and how asks arriving from peers reach local actors (with the
 * local `ask` semantics: HANDLER_FAILED at once, MAILBOX_FULL, the timeout...).
 */
export function localRef<M extends Message>(system: ActorSystem, name: string): ActorRef<M> {
  return {
    name,
    tell: (message: M) => system.tellByName(name, message),
    ask: <R>(build: (replyTo: ReplyTo<R>) => M, timeoutMs?: number): Promise<R> => {
      const ref = system.lookup(actorKey<M>(name));
      if (ref === undefined) return Promise.reject(new SupvisorsError('ACTOR_NOT_FOUND', `no actor named ${name} on ${system.node}`));
      return ref.ask(build, timeoutMs);
    },
  };
}
