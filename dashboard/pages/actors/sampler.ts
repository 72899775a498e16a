/**
 * The Actors page's samples: actor metrics are sampled figures, not state, so they are not in
 * the event stream and this page alone asks on a period: one `get_actor_diagnostics` per
 * RUNNING instance every period while the page is shown and the tab visible, none otherwise.
 * The instance whose actor is peeked is asked for its queued messages too.
 */
import { signal } from '@preact/signals';
import { readSnapshot, type NodeSnapshot } from '../../../actors/diagnostics/snapshot-reading.js';
import type { Result } from '../../../contract/index.js';
import { call, failureText } from '../../data/api.js';
import { cluster } from '../../data/store.js';
import { SAMPLE_PERIOD_MS, withDepths, type DepthHistory, type PeekTarget } from './actors-view.js';

/** Queued messages asked for the peeked actor's instance (the runtime caps it at 50). */
export const PEEK_COUNT = 20;
/** A rate over a shorter window (a sample asked at once for a peek) would be noise: the older snapshot stays the base. */
const MIN_RATE_WINDOW_S = 1;
/** Before the cluster is known, look again soon rather than a whole period later. */
const RETRY_EMPTY_MS = 300;

export interface NodeSample {
  /** The latest answer, and the one the rates compare it with. */
  readonly snapshot?: NodeSnapshot;
  readonly previous?: NodeSnapshot;
  /** Why the latest call failed; the older figures stay shown. */
  readonly error?: string;
}

export interface ActorsSample {
  /** By identifier, the RUNNING instances of the last round. */
  readonly nodes: ReadonlyMap<string, NodeSample>;
  readonly depths: DepthHistory;
  /** Rounds answered since the page opened. */
  readonly rounds: number;
}

const EMPTY: ActorsSample = { nodes: new Map(), depths: new Map(), rounds: 0 };

export const actorsSample = signal<ActorsSample>(EMPTY);

function nextNodeSample(before: NodeSample | undefined, snapshot: NodeSnapshot): NodeSample {
  const current = before?.snapshot;
  if (current === undefined) return { snapshot };
  const tooClose = snapshot.uptimeS >= current.uptimeS && snapshot.uptimeS - current.uptimeS < MIN_RATE_WINDOW_S && before?.previous !== undefined;
  return { snapshot, previous: tooClose ? before?.previous : current };
}

export class Sampler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private inFlight = false;
  private again = false;
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible') this.refresh();
    else this.cancelTimer();
  };

  /** `peekTarget`: the actor whose queue is shown, read at each round. */
  constructor(private readonly peekTarget: () => PeekTarget | undefined) {}

  start(): void {
    this.running = true;
    actorsSample.value = EMPTY;
    document.addEventListener('visibilitychange', this.onVisibility);
    this.refresh();
  }

  stop(): void {
    this.running = false;
    this.cancelTimer();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** A round now (the peeked actor changed, the tab came back), then on the period. */
  refresh(): void {
    if (!this.running || document.visibilityState !== 'visible') return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.cancelTimer();
    void this.round();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async round(): Promise<void> {
    this.inFlight = true;
    const identifiers = [...cluster.peek().instances.values()].filter((instance) => instance.statename === 'RUNNING').map((instance) => instance.identifier);
    const peeked = this.peekTarget()?.identifier;
    const answers = await Promise.allSettled(identifiers.map((identifier) => call('supvisors.get_actor_diagnostics', identifier === peeked ? PEEK_COUNT : 0, identifier)));
    this.inFlight = false;
    if (!this.running) return;
    if (identifiers.length > 0) this.apply(identifiers, answers);
    const wait = this.again ? 0 : identifiers.length === 0 ? RETRY_EMPTY_MS : SAMPLE_PERIOD_MS;
    this.again = false;
    if (document.visibilityState === 'visible') this.timer = setTimeout(() => this.refresh(), wait);
  }

  private apply(identifiers: readonly string[], answers: readonly PromiseSettledResult<Result<'supvisors.get_actor_diagnostics'>>[]): void {
    const before = actorsSample.peek();
    const nodes = new Map<string, NodeSample>();
    let depths = before.depths;
    answers.forEach((answer, index) => {
      const identifier = identifiers[index] ?? '';
      const earlier = before.nodes.get(identifier);
      if (answer.status === 'fulfilled') {
        // keyed by the Supvisors identifier asked, as the cluster view is (the runtime names its actor system after supervisord's identifier)
        const snapshot = { ...readSnapshot(answer.value), node: identifier };
        nodes.set(identifier, nextNodeSample(earlier, snapshot));
        depths = withDepths(depths, identifier, snapshot);
      } else {
        nodes.set(identifier, { ...earlier, error: failureText(answer.reason) });
      }
    });
    // the instances no longer RUNNING lose their history
    depths = new Map([...depths].filter(([key]) => nodes.has(key.slice(0, key.indexOf('/')))));
    actorsSample.value = { nodes, depths, rounds: before.rounds + 1 };
  }
}
