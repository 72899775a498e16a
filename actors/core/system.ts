import { performance } from 'node:perf_hooks';
import { SupvisorsError } from '../../errors/errors.js';
import { Logger } from '../../log/logger.js';
import type { DurationHistogram } from '../../mailbox/histogram.js';
import type { Message } from '../../mailbox/mailbox.js';
import type { ActorFactory, SpawnOptions, StopMode, SystemView } from './behavior.js';
import { ActorCell, type CellHost } from './cell.js';
import { DeadLetters, type DeadLetterReason } from './dead-letters.js';
import type { ActorTimingHistograms, SystemDiagnostics, TimingHistogram } from './diagnostics.js';
import { Dispatcher, type Runnable } from './dispatcher.js';
import type { ActorKey, ActorRef, Delivery } from './ref.js';
import { PEEK_DEFAULT, PEEK_MAX } from '../../mailbox/peek.js';

export interface ActorSystemOptions {
  /** The node this system runs on (its Supvisors identifier); shown in diagnostics. */
  node?: string;
  logger?: Logger;
  /** Time every message (handling and waiting histograms). Counters are always kept. Default true. */
  timing?: boolean;
  /** Default timeout of `ask`, in ms. Default 5000. */
  askTimeoutMs?: number;
  /** Messages one actor handles before another gets its turn. Default 256. */
  throughput?: number;
  /** Called when a top-level actor escalates a failure (after it is stopped). */
  onEscalation?: (actor: string, error: Error) => void;
}


const ACTOR_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The actors of one node: a flat namespace of uniquely named actors, the dispatcher that runs
 * them, dead letters and diagnostics.
 */
export class ActorSystem implements SystemView {
  readonly node: string;
  readonly log: Logger;
  readonly deadLetters: DeadLetters;
  private readonly cells = new Map<string, ActorCell<Message>>();
  private readonly dispatcher: Dispatcher;
  private readonly host: CellHost;
  private readonly startedAt = performance.now();
  private escalations = 0;
  private shuttingDown = false;

  constructor(private readonly options: ActorSystemOptions = {}) {
    this.node = options.node ?? 'local';
    this.log = options.logger ?? Logger.create();
    this.deadLetters = new DeadLetters(this.log.child('dead-letters'));
    this.dispatcher = new Dispatcher(options.throughput);
    this.host = {
      system: this,
      log: this.log,
      timing: options.timing ?? true,
      askTimeoutMs: options.askTimeoutMs ?? 5000,
      schedule: (cell: Runnable) => this.dispatcher.schedule(cell),
      spawnCell: (name, factory, spawnOptions, parent) => this.spawnCell(name, factory, spawnOptions, parent),
      deadLetter: (recipient: string, message: Message, reason: DeadLetterReason) =>
        this.deadLetters.record(recipient, message, reason),
      released: (cell) => {
        if (this.cells.get(cell.name) === cell) this.cells.delete(cell.name);
      },
      escalated: (actor, error) => this.escalated(actor, error),
    };
  }

  /** Spawns a top-level actor. Throws ACTOR_NAME_TAKEN if the name is in use. */
  spawn<M extends Message>(name: string, factory: ActorFactory<M>, options: SpawnOptions = {}): ActorRef<M> {
    return this.spawnCell(name, factory, options, undefined);
  }

  private spawnCell<M extends Message>(
    name: string,
    factory: ActorFactory<M>,
    options: SpawnOptions,
    parent: ActorCell<Message> | undefined,
  ): ActorCell<M> {
    if (this.shuttingDown) throw new SupvisorsError('SYSTEM_STOPPED', `cannot spawn ${name}: the actor system is shut down`);
    if (!ACTOR_NAME.test(name)) {
      throw new SupvisorsError('BAD_ARGUMENTS', `invalid actor name ${JSON.stringify(name)}: use 1-128 of A-Z a-z 0-9 _ . : -`);
    }
    if (this.cells.has(name)) throw new SupvisorsError('ACTOR_NAME_TAKEN', `an actor named ${name} already exists`);
    const cell = new ActorCell<M>(name, factory, options, parent, this.host);
    const untyped = cell as unknown as ActorCell<Message>;
    this.cells.set(name, untyped);
    parent?.children.add(untyped);
    return cell;
  }

  /** The actor registered under a typed key, if it is alive. */
  lookup<M extends Message>(key: ActorKey<M>): ActorRef<M> | undefined {
    return this.cells.get(key.name);
  }

  has(name: string): boolean {
    return this.cells.has(name);
  }

  names(): string[] {
    return [...this.cells.keys()];
  }

  /**
   * Sends to an actor by name when the message type cannot be known statically (routing of
   * remote envelopes). An unknown name is a dead letter, never an exception.
   */
  tellByName(name: string, message: Message): Delivery {
    const cell = this.cells.get(name);
    if (cell === undefined) {
      this.deadLetters.record(name, message, 'no-such-actor');
      return 'dead-letter';
    }
    return cell.tell(message);
  }

  /** Stops an actor and its children; resolves once stopped. Unknown names resolve at once. */
  stop(target: string | ActorRef<Message>, mode: StopMode = 'discard'): Promise<void> {
    const cell = this.cells.get(typeof target === 'string' ? target : target.name);
    return cell === undefined ? Promise.resolve() : cell.stop(mode);
  }

  /** Stops every actor, children with their parents. Sends to stopped actors become dead letters. */
  async shutdown(mode: StopMode = 'discard'): Promise<void> {
    this.shuttingDown = true;
    const roots = [...this.cells.values()].filter((cell) => cell.parent === undefined);
    await Promise.all(roots.map((cell) => cell.stop(mode)));
  }

  get escalationCount(): number {
    return this.escalations;
  }

  private escalated(actor: string, error: Error): void {
    this.escalations += 1;
    this.log.critical(`actor ${actor} escalated to the actor system: ${error.message}`);
    this.options.onEscalation?.(actor, error);
  }

  /**
   * Each actor's handling and waiting times as cumulative counts at `boundsNanos` (ascending),
   * with their number and sum: Prometheus histograms (api/metrics). None without timing.
   */
  timingHistograms(boundsNanos: readonly number[]): ActorTimingHistograms[] {
    if (!this.host.timing) return [];
    const histogram = (durations: DurationHistogram): TimingHistogram => ({ cumulative: durations.cumulativeCounts(boundsNanos), count: durations.count, sumNanos: durations.sumNanos() });
    return [...this.cells.values()].map((cell) => ({ actor: cell.name, handling: histogram(cell.mailbox.metrics.handling), waiting: histogram(cell.mailbox.metrics.waiting) }));
  }

  /** Plain-data snapshot of every actor, its mailbox metrics and up to `peek` queued messages. */
  diagnostics(options: { peek?: number; actor?: string } = {}): SystemDiagnostics {
    const peek = Math.min(Math.max(0, options.peek ?? PEEK_DEFAULT), PEEK_MAX);
    const cells = [...this.cells.values()].filter((cell) => options.actor === undefined || cell.name === options.actor);
    return {
      node: this.node,
      at: Date.now() / 1000,
      uptimeS: (performance.now() - this.startedAt) / 1000,
      timing: this.host.timing,
      actors: cells.map((cell) => cell.diagnostics(peek)),
      deadLetters: this.deadLetters.snapshot(),
      escalations: this.escalations,
    };
  }
}
