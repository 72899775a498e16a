/**
 * The event feed: turns what changes in the node into the event stream's messages (spec/events.md
 * §5) and tells them to the publisher.
 * - From the context: a process reported by an instance gives its `event`, then its `process`
 *   status and its `application` status; other model changes (a whole report, a lost instance,
 *   a forced state) give the `process` and `application` statuses; a removed process, a forced
 *   state and a disabled flag changed (enable / disable) also give their `event`.
 * - Every round (heartbeat_period): the `supvisors` status when it changed, and the `instance`
 *   status of each instance whose state changed; every 5 s, the status of every instance
 *   (Python's TICK).
 * - From the stats actor: the compiled `hstats` / `pstats`.
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import { localView } from '../../cluster/state-records.js';
import { hostStatisticsEvent, instanceStatusEvent, processStatisticsEvent, supvisorsStatusEvent } from '../../events/payloads.js';
import { emptyStreamMemory, streamOfChange } from '../../events/process-stream.js';
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
  | { readonly type: 'statistics'; readonly hstats: readonly HostStatisticsPayload[]; readonly pstats: readonly ProcessStatisticsPayload[] };

export interface EventFeedDeps {
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly publisher: ActorRef<EventPublisherMessage>;
  readonly rules: () => RuleSet;
  readonly periodMs: number;
  /** Every instance's status is published this often (Python: the 5 s TICK). Default 5000 ms. */
  readonly instancePeriodMs?: number;
}

export function eventFeed(deps: EventFeedDeps): ActorFactory<EventFeedMessage> {
  return (context) => {
    const { view, publisher } = deps;
    let memory = emptyStreamMemory;
    let lastStatus = '';
    let lastInstanceRound = 0;
    const instanceStates = new Map<string, string>();
    const publish = (event: Omit<Extract<EventPublisherMessage, { type: 'publish' }>, 'type'>): void => {
      publisher.tell({ type: 'publish', ...event });
    };

    const instanceStatus = (identifier: string): void => {
      const instance = view.list.instances.find((one) => one.identifier === identifier);
      if (instance === undefined) return;
      const heartbeat = view.heartbeats.get(identifier);
      const state = localView(view.records, view.localIdentifier, identifier);
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

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('round', deps.periodMs, { type: 'round' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed': {
            const step = streamOfChange(memory, message, {
              rules: deps.rules(),
              startingStrategy: view.options.startingStrategy,
              nickOf: (identifier) => view.list.instances.find((instance) => instance.identifier === identifier)?.nickIdentifier ?? identifier,
              now: Date.now() / 1000,
              nowMonotonic: monotonicSeconds(),
              clock: readClock(),
            });
            memory = step.memory;
            for (const event of step.events) publish(event);
            return;
          }
          case 'round': {
            const status = supvisorsStatusEvent(view.records, view.localIdentifier, monotonicMs());
            const text = JSON.stringify({ ...status.body, now_monotonic: 0 });
            if (text !== lastStatus) {
              lastStatus = text;
              publish(status);
            }
            const everyone = Date.now() - lastInstanceRound >= (deps.instancePeriodMs ?? 5000);
            if (everyone) lastInstanceRound = Date.now();
            for (const { identifier } of view.list.instances) {
              const state = localView(view.records, view.localIdentifier, identifier);
              if (everyone || instanceStates.get(identifier) !== state) instanceStatus(identifier);
              instanceStates.set(identifier, state);
            }
            return;
          }
          case 'statistics':
            for (const payload of message.hstats) publish(hostStatisticsEvent(payload));
            for (const payload of message.pstats) publish(processStatisticsEvent(payload));
            return;
        }
      },
    };
  };
}
