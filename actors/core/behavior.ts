import type { Logger } from '../../log/logger.js';
import type { Message, MailboxOptions } from '../../mailbox/mailbox.js';
import type { ActorRef } from './ref.js';
import type { SupervisionPolicy } from './supervision.js';
import type { SystemDiagnostics } from './diagnostics.js';
import type { Timers } from './timers.js';

/**
 * An actor's behaviour: how it handles one message. A handler may be async; the next message
 * is not handled before the returned promise settles. A throw or a rejection is a failure,
 * handled by the actor's supervision policy.
 */
export interface Behavior<M extends Message> {
  receive(message: M): void | Promise<void>;
  /** Releases what the actor holds (sockets, files), before a restart and when it stops. */
  postStop?(): void | Promise<void>;
  /** One line on what the actor drives (e.g. a plugin's worker thread), shown in its diagnostics. */
  health?(): string;
}

/**
 * Builds the actor's state and behaviour. Called at spawn and again at every restart, so the
 * state after a restart is exactly what the factory makes.
 */
export type ActorFactory<M extends Message> = (context: ActorContext<M>) => Behavior<M> | Promise<Behavior<M>>;

/** `drain` handles what is already queued, then stops; `discard` turns it into dead letters. */
export type StopMode = 'drain' | 'discard';

export interface SpawnOptions {
  mailbox?: MailboxOptions;
  supervision?: SupervisionPolicy;
  /** Free label shown in diagnostics, e.g. `built-in` or a plugin's module name. */
  kind?: string;
}

/** What an actor sees of its system (the ActorSystem): the diagnostics of every actor. */
export interface SystemView {
  diagnostics(options?: { peek?: number; actor?: string }): SystemDiagnostics;
}

/** What an actor sees of the world: itself, its timers, its logger, its children. */
export interface ActorContext<M extends Message> {
  readonly name: string;
  readonly self: ActorRef<M>;
  readonly system: SystemView;
  readonly log: Logger;
  readonly timers: Timers<M>;
  /** Spawns a child: stopped with this actor, restarted with it (the factory spawns it anew). */
  spawn<C extends Message>(name: string, factory: ActorFactory<C>, options?: SpawnOptions): ActorRef<C>;
  /** Stops this actor once the current message is handled. */
  stopSelf(mode?: StopMode): void;
}
