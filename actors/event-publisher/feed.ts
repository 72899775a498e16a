/**
 * The event feed: turns what changes in the node into the event stream's messages (spec/events.md
 * §5) and tells them to the publisher. The decisions are pure (events/process-stream.ts,
 * events/cluster-stream.ts); the feed keeps what they remember and sends what they decide.
 * - From the context, each change of the model: the `event` of a Supervisor change (once), a
 *   removal, a force or an enable / disable, and the `process` / `application` statuses it
 *   changed; then, beside 0.19, our `application_added` / `process_added` for what joined the
 *   model with no status published (for the subscribers naming them: the dashboard).
 * - From the state machine, each change of its records: the `supvisors` status when the FSM
 *   state, Master, modes or jobs changed, and the `instance` status of each instance whose state
 *   changed. Every round (heartbeat_period): the `supvisors` status when only the instance table
 *   changed; every 5 s, the status of every instance (Python's TICK).
 * - From the stats actor: the compiled `hstats` / `pstats`.
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import { localView, type StateModesMap } from '../../cluster/state-records.js';
import { clusterStreamStep, emptyClusterStreamMemory } from '../../events/cluster-stream.js';
import { hostStatisticsEvent, instanceStatusEvent, processStatisticsEvent, supvisorsStatusEvent } from '../../events/payloads.js';
import { additionsOfChange, emptyAdditionMemory, emptyStreamMemory, streamOfChange } from '../../events/process-stream.js';
import type { RuleSet } from '../../rules/types.js';
import { monotonicMs, monotonicSeconds, readClock } from '../../clock/clock.js';
import type { HostStatisticsPayload, ProcessStatisticsPayload } from '../../stats-compiler/payloads.js';
import type { ContextMessage, ContextNotice } from '../context/messages.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { EventPublisherMessage } from './messages.js';

export const EVENT_FEED = 'event-feed';

export type EventFeedMessage =
  | ContextNotice
  | { readonly type: 'round' }
  /** From the state machine: its records changed (an FSM step, jobs, an instance state, a peer's STATE). */
  | { readonly type: 'cluster-records'; readonly records: StateModesMap }
  | { readonly type: 'statistics'; readonly hstats: readonly HostStatisticsPayload[]; readonly pstats: readonly ProcessStatisticsPayload[] };

export interface EventFeedDeps {
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly publisher: ActorRef<EventPublisherMessage>;
  /** Actors told every event too (actor plugins: docs/extending.md). */
  readonly followers?: readonly ActorRef<Extract<EventPublisherMessage, { type: 'publish' }>>[];
  readonly rules: () => RuleSet;
  readonly periodMs: number;
  /** Every instance's status is published this often (Python: the 5 s TICK). Default 5000 ms. */
  readonly instancePeriodMs?: number;
}

export function eventFeed(deps: EventFeedDeps): ActorFactory<EventFeedMessage> {
  return (context) => {
    const { view, publisher } = deps;
    let memory = emptyStreamMemory;
    let additions = emptyAdditionMemory;
    let primed = false;
    let clusterMemory = emptyClusterStreamMemory;
    let lastInstanceRound = 0;
    const publish = (event: Omit<Extract<EventPublisherMessage, { type: 'publish' }>, 'type'>): void => {
      publisher.tell({ type: 'publish', ...event });
      for (const follower of deps.followers ?? []) follower.tell({ type: 'publish', ...event });
    };

    const instanceStatus = (records: StateModesMap, identifier: string): void => {
      const instance = view.list.instances.find((one) => one.identifier === identifier);
      if (instance === undefined) return;
      const heartbeat = view.heartbeats.get(identifier);
      const state = localView(records, view.localIdentifier, identifier);
      publish(
        instanceStatusEvent({
          identifier,
          nickIdentifier: instance.nickIdentifier,
          host: instance.host,
          port: instance.port,
          state,
          loading: view.loads.get(identifier) ?? 0,
          processFailure: state === 'RUNNING' && view.processFailures.has(identifier),
          ...(heartbeat === undefined ? {} : { heartbeat }),
        }),
      );
    };

    /** The `supvisors` and `instance` statuses of these records, when they changed; every instance's every 5 s (Python's TICK). */
    const clusterStatuses = (records: StateModesMap, trigger: 'change' | 'round'): void => {
      const identifiers = view.list.instances.map((instance) => instance.identifier);
      const step = clusterStreamStep(clusterMemory, records, view.localIdentifier, identifiers, trigger);
      clusterMemory = step.memory;
      if (step.supvisors) publish(supvisorsStatusEvent(records, view.localIdentifier, monotonicMs()));
      const everyone = trigger === 'round' && Date.now() - lastInstanceRound >= (deps.instancePeriodMs ?? 5000);
      if (everyone) lastInstanceRound = Date.now();
      for (const identifier of everyone ? identifiers : step.instances) instanceStatus(records, identifier);
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('round', deps.periodMs, { type: 'round' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed': {
            // the first notice (the answer to the subscription) may hold processes already: their states are known, not new
            const change = primed ? message : { ...message, namespecs: [...message.model.processes.keys()] };
            primed = true;
            const streamContext = {
              rules: deps.rules(),
              startingStrategy: view.options.startingStrategy,
              nickOf: (identifier: string) => view.list.instances.find((instance) => instance.identifier === identifier)?.nickIdentifier ?? identifier,
              now: Date.now() / 1000,
              nowMonotonic: monotonicSeconds(),
              clock: readClock(),
            };
            const step = streamOfChange(memory, change, streamContext);
            const added = additionsOfChange(additions, change, step, streamContext);
            memory = step.memory;
            additions = added.memory;
            for (const event of step.events) publish(event);
            for (const event of added.events) publish(event);
            return;
          }
          case 'cluster-records':
            clusterStatuses(message.records, 'change');
            return;
          case 'round':
            clusterStatuses(view.records, 'round');
            return;
          case 'statistics':
            for (const payload of message.hstats) publish(hostStatisticsEvent(payload));
            for (const payload of message.pstats) publish(processStatisticsEvent(payload));
            return;
        }
      },
    };
  };
}
