import { performance } from 'node:perf_hooks';
import { SupvisorsError, toError } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import { Mailbox, type Envelope, type Message } from '../../mailbox/mailbox.js';
import { PendingReply } from './ask.js';
import type { DeadLetterReason } from './dead-letters.js';
import type { ActorContext, ActorFactory, Behavior, SpawnOptions, StopMode, SystemView } from './behavior.js';
import type { ActorDiagnostics, FailureRecord } from './diagnostics.js';
import type { Runnable } from './dispatcher.js';
import type { ActorRef, Delivery, ReplyTo } from './ref.js';
import { DEFAULT_POLICY, decideOnFailure, type SupervisionPolicy } from './supervision.js';
import { Timers } from './timers.js';

/** Messages of the runtime itself; they overtake user messages. */
type SystemMessage =
  | { readonly kind: 'start' }
  | { readonly kind: 'stop'; readonly mode: StopMode }
  | { readonly kind: 'child-failed'; readonly child: string; readonly error: Error };

/**
 * starting: the factory runs; running: handling messages; restarting: waiting for the backoff
 * after a failure; stopping: draining before stop; stopped: gone, its name is free again.
 */
export type ActorStatus = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The hooks a cell needs from its system; keeps the cell testable and the system the only registry. */
export interface CellHost {
  readonly system: SystemView;
  readonly log: Logger;
  readonly timing: boolean;
  readonly askTimeoutMs: number;
  schedule(cell: Runnable): void;
  spawnCell<C extends Message>(
    name: string,
    factory: ActorFactory<C>,
    options: SpawnOptions,
    parent: ActorCell<Message> | undefined,
  ): ActorCell<C>;
  deadLetter(recipient: string, message: Message, reason: DeadLetterReason): void;
  released(cell: ActorCell<Message>): void;
  escalated(name: string, error: Error): void;
}

/**
 * The runtime side of one actor: its mailbox, the processing loop that handles one message at
 * a time, supervision of its failures, its timers and children, and its stop sequence.
 */
export class ActorCell<M extends Message> implements Runnable, ActorRef<M> {
  readonly mailbox: Mailbox<M, SystemMessage>;
  readonly children = new Set<ActorCell<Message>>();
  readonly timers: Timers<M>;
  readonly context: ActorContext<M>;
  private readonly policy: SupervisionPolicy;
  private readonly log: Logger;
  private behavior: Behavior<M> | undefined;
  private state: ActorStatus = 'starting';
  /** A handler, factory or stop step is in flight: nothing else runs until it settles. */
  private busy = false;
  /** Already in the dispatcher's ready queue. */
  private queued = false;
  private restartTimes: readonly number[] = [];
  private backoffTimer: NodeJS.Timeout | undefined;
  private lastFailure: FailureRecord | undefined;
  private stopMode: StopMode = 'discard';
  /** Set by `stop()`: from then on new messages are refused, even before the stop is handled. */
  private stopRequested = false;
  private readonly stopWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly factory: ActorFactory<M>,
    private readonly options: SpawnOptions,
    readonly parent: ActorCell<Message> | undefined,
    private readonly host: CellHost,
  ) {
    this.mailbox = new Mailbox(options.mailbox, host.timing);
    this.policy = options.supervision ?? DEFAULT_POLICY;
    this.log = host.log.child(name);
    this.timers = new Timers<M>((message) => void this.tell(message));
    this.context = {
      name,
      self: this,
      system: host.system,
      log: this.log,
      timers: this.timers,
      spawn: <C extends Message>(childName: string, childFactory: ActorFactory<C>, childOptions: SpawnOptions = {}) =>
        host.spawnCell(childName, childFactory, childOptions, this as unknown as ActorCell<Message>),
      stopSelf: (mode: StopMode = 'discard') => void this.stop(mode),
    };
    this.enqueueSystem({ kind: 'start' });
  }

  get status(): ActorStatus {
    return this.state;
  }

  // ---- sending -------------------------------------------------------------------------------

  tell(message: M): Delivery {
    return this.deliver(message, undefined);
  }

  ask<R>(build: (replyTo: ReplyTo<R>) => M, timeoutMs = this.host.askTimeoutMs): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let type = '?';
      const pending = new PendingReply<R>(
        resolve,
        reject,
        timeoutMs,
        () => `ask ${type} to ${this.name}`,
        () => this.host.deadLetter(this.name, { type: `reply to ${type}` }, 'late-reply'),
      );
      const message = build(pending);
      type = message.type;
      const delivery = this.deliver(message, (error) => pending.fail(error));
      if (delivery === 'rejected') {
        pending.fail(new SupvisorsError('MAILBOX_FULL', `mailbox of ${this.name} is full (${this.mailbox.capacity})`));
      } else if (delivery === 'dropped') {
        pending.fail(new SupvisorsError('MESSAGE_DROPPED', `mailbox of ${this.name} is full, ${type} dropped`));
      } else if (delivery === 'dead-letter') {
        pending.fail(new SupvisorsError('ACTOR_STOPPED', `actor ${this.name} is ${this.state}`));
      }
    });
  }

  private deliver(message: M, onLost: ((reason: Error) => void) | undefined): Delivery {
    if (this.stopRequested || this.state === 'stopped' || this.state === 'stopping') {
      this.host.deadLetter(this.name, message, this.state === 'stopped' ? 'actor-stopped' : 'actor-stopping');
      return 'dead-letter';
    }
    const admission = this.mailbox.enqueue(message, onLost);
    switch (admission.outcome) {
      case 'rejected':
        return 'rejected';
      case 'dropped':
        this.host.deadLetter(this.name, message, 'mailbox-overflow');
        return 'dropped';
      case 'enqueued':
        if (admission.evicted !== undefined) this.lose(admission.evicted, 'mailbox-overflow');
        this.wake();
        return 'delivered';
    }
  }

  /** A queued message that will never be handled: dead letter, and its asker is told. */
  private lose(envelope: Envelope<M>, reason: 'mailbox-overflow' | 'discarded-on-stop'): void {
    this.host.deadLetter(this.name, envelope.message, reason);
    envelope.onLost?.(
      reason === 'mailbox-overflow'
        ? new SupvisorsError('MESSAGE_DROPPED', `mailbox of ${this.name} is full, ${envelope.message.type} evicted`)
        : new SupvisorsError('ACTOR_STOPPED', `actor ${this.name} stopped before handling ${envelope.message.type}`),
    );
  }

  // ---- processing loop -----------------------------------------------------------------------

  private enqueueSystem(message: SystemMessage): void {
    this.mailbox.enqueueSystem(message);
    this.wake();
  }

  private wake(): void {
    if (this.queued || this.busy) return;
    this.queued = true;
    this.host.schedule(this);
  }

  run(budget: number): void {
    this.queued = false;
    // With timing on, the end of one message is the start of the next: one clock read each.
    let now = this.mailbox.timing ? performance.now() : 0;
    for (let remaining = budget; remaining > 0 && !this.busy; remaining -= 1) {
      const system = this.mailbox.nextSystem();
      if (system !== undefined) {
        this.handleSystem(system);
        if (this.mailbox.timing) now = performance.now();
        continue;
      }
      if (this.state !== 'running' && this.state !== 'stopping') return;
      const envelope = this.mailbox.nextUser();
      if (envelope === undefined) {
        if (this.state === 'stopping') void this.finishStop();
        return;
      }
      now = this.handle(envelope, now);
    }
    if (!this.busy && (this.mailbox.hasSystem || this.mailbox.depth > 0 || this.state === 'stopping')) this.wake();
  }

  /** Handles one message that started at `started`; returns the clock after it (0 without timing). */
  private handle(envelope: Envelope<M>, started: number): number {
    const behavior = this.behavior as Behavior<M>;
    const metrics = this.mailbox.metrics;
    if (this.mailbox.timing) metrics.waiting.record((started - envelope.enqueuedAt) * 1e6);
    metrics.lastType = envelope.message.type;
    let result: void | Promise<void>;
    try {
      result = behavior.receive(envelope.message);
    } catch (thrown) {
      this.handled(started);
      this.failed(toError(thrown), envelope);
      return this.mailbox.timing ? performance.now() : 0;
    }
    if (isPromiseLike(result)) {
      this.busy = true;
      result.then(
        () => {
          this.busy = false;
          this.handled(started);
          this.wake();
        },
        (thrown: unknown) => {
          this.busy = false;
          this.handled(started);
          this.failed(toError(thrown), envelope);
        },
      );
      return 0;
    }
    return this.handled(started);
  }

  private handled(started: number): number {
    const metrics = this.mailbox.metrics;
    metrics.processed += 1;
    if (!this.mailbox.timing) return 0;
    const now = performance.now();
    metrics.handling.record((now - started) * 1e6);
    return now;
  }

  private handleSystem(message: SystemMessage): void {
    switch (message.kind) {
      case 'start':
        this.start();
        return;
      case 'stop':
        if (message.mode === 'drain' && this.state === 'running') {
          this.state = 'stopping';
          this.stopMode = 'drain';
          this.log.debug('draining before stop');
        } else if (this.state !== 'stopped') {
          void this.finishStop();
        }
        return;
      case 'child-failed':
        this.log.error(`child ${message.child} escalated: ${message.error.message}`);
        this.failed(
          new SupvisorsError('ESCALATED', `child ${message.child} failed: ${message.error.message}`, { cause: message.error }),
          undefined,
        );
        return;
    }
  }

  private start(): void {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    let made: Behavior<M> | Promise<Behavior<M>>;
    try {
      made = this.factory(this.context);
    } catch (thrown) {
      this.failed(toError(thrown), undefined);
      return;
    }
    if (!isPromiseLike(made)) {
      this.started(made);
      return;
    }
    this.busy = true;
    made.then(
      (behavior) => {
        this.busy = false;
        this.started(behavior);
        this.wake();
      },
      (thrown: unknown) => {
        this.busy = false;
        this.failed(toError(thrown), undefined);
      },
    );
  }

  private started(behavior: Behavior<M>): void {
    this.behavior = behavior;
    this.state = 'running';
  }

  // ---- supervision ---------------------------------------------------------------------------

  private failed(error: Error, envelope: Envelope<M> | undefined): void {
    const metrics = this.mailbox.metrics;
    if (envelope !== undefined) metrics.failed += 1;
    const during = envelope?.message.type ?? (this.state === 'starting' || this.state === 'restarting' ? 'start' : 'escalation');
    this.lastFailure = { message: error.message, during, at: Date.now() };
    envelope?.onLost?.(
      new SupvisorsError('HANDLER_FAILED', `actor ${this.name} failed handling ${during}: ${error.message}`, { cause: error }),
    );
    this.log.error(`failed handling ${during}: ${error.stack ?? error.message}`);
    if (this.state === 'stopping' || this.state === 'stopped') {
      this.wake();
      return;
    }
    const decision = decideOnFailure(this.policy, this.restartTimes, performance.now());
    switch (decision.action) {
      case 'restart':
        this.restartTimes = decision.restarts;
        metrics.restarts += 1;
        this.state = 'restarting';
        this.log.warn(`restarting in ${decision.delayMs} ms (restart ${metrics.restarts})`);
        void this.teardown().then(() => {
          if (this.state !== 'restarting') return;
          this.backoffTimer = setTimeout(() => {
            this.backoffTimer = undefined;
            this.enqueueSystem({ kind: 'start' });
          }, decision.delayMs);
        });
        return;
      case 'stop':
        this.log.warn('stopped by its supervision policy');
        void this.finishStop();
        return;
      case 'escalate':
        this.log.error(`escalating: ${decision.reason}`);
        void this.finishStop().then(() => {
          if (this.parent !== undefined && this.parent.status !== 'stopped') {
            this.parent.enqueueSystem({ kind: 'child-failed', child: this.name, error });
          } else {
            this.host.escalated(this.name, error);
          }
        });
        return;
    }
  }

  /** Releases what the current incarnation holds: timers, children, resources (postStop). */
  private async teardown(mode: StopMode = 'discard'): Promise<void> {
    this.busy = true;
    this.timers.cancelAll();
    await Promise.all([...this.children].map((child) => child.stop(mode)));
    const behavior = this.behavior;
    this.behavior = undefined;
    if (behavior?.postStop !== undefined) {
      try {
        await behavior.postStop();
      } catch (thrown) {
        this.log.error(`postStop failed: ${toError(thrown).message}`);
      }
    }
    this.busy = false;
  }

  // ---- stopping ------------------------------------------------------------------------------

  /** Asks the actor to stop; resolves once it is stopped (children first, then postStop). */
  stop(mode: StopMode = 'discard'): Promise<void> {
    if (this.state === 'stopped') return Promise.resolve();
    this.stopRequested = true;
    const done = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    this.enqueueSystem({ kind: 'stop', mode });
    return done;
  }

  private async finishStop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    if (this.backoffTimer !== undefined) clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    for (const envelope of this.mailbox.drainUser()) this.lose(envelope, 'discarded-on-stop');
    await this.teardown(this.stopMode);
    this.state = 'stopped';
    for (const envelope of this.mailbox.drainUser()) this.lose(envelope, 'discarded-on-stop');
    this.parent?.children.delete(this as unknown as ActorCell<Message>);
    this.host.released(this as unknown as ActorCell<Message>);
    this.log.debug('stopped');
    for (const resolve of this.stopWaiters.splice(0)) resolve();
  }

  // ---- diagnostics ---------------------------------------------------------------------------

  diagnostics(peekLimit: number): ActorDiagnostics {
    const stats = this.mailbox.stats();
    const health = this.behavior?.health?.();
    return {
      name: this.name,
      parent: this.parent?.name ?? '',
      kind: this.options.kind ?? 'built-in',
      status: this.state,
      children: [...this.children].map((child) => child.name),
      timers: this.timers.size,
      restarts: stats.restarts,
      ...(this.lastFailure === undefined ? {} : { lastFailure: this.lastFailure }),
      ...(health === undefined ? {} : { health }),
      mailbox: stats,
      peek: this.mailbox.peek(peekLimit),
    };
  }
}
