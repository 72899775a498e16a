/**
 * The alerter (docs/alerts.md): on every node it follows the context's model changes (process
 * reports: an unexpected exit, FATAL) and, every TICK_MS, the instances as the state machine sees
 * them, the conflicts and the applications in major failure (alerts/detect.ts). Only the acting
 * Master queues them (alerts/queue.ts: batches, hourly limit) and sends them, so the cluster
 * sends each once. Alerts seen while no Master is known (an election), or while the Master is
 * not seen RUNNING, are held HOLD_SECONDS: the instance that becomes Master sends them, so the
 * loss of the Master itself is told by its successor. Sending never holds the actor's turn: each
 * send is a promise whose end comes back as a message; failures are counted and logged at most
 * once a minute per channel.
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import { factAlerts, modelFacts, noFacts, processAlert, type Alert, type AlertFacts } from '../../alerts/detect.js';
import { emptyQueue, enqueue, refine, takeDue, type AlertQueue, type QueueSettings } from '../../alerts/queue.js';
import { alertBody, alertMail } from '../../alerts/render.js';
import { RateLimitedLog, type RateLimitSettings } from '../../log/rate-limited.js';
import { monotonicSeconds } from '../../clock/clock.js';
import { localView } from '../../cluster/state-records.js';
import { describeError } from '../../errors/errors.js';
import { emptyModel, type ClusterModel } from '../../model/cluster-model.js';
import type { RuleSet } from '../../rules/types.js';
import { namespecOf } from '../../supervisor/namespec.js';
import type { ContextMessage, ContextNotice } from '../context/messages.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import { isClosingState } from '../../vocabulary/supvisors-states.js';
import type { AlertSenders } from './senders.js';

export const ALERTER = 'alerter';

type Channel = 'mail' | 'webhook';

export type AlerterMessage =
  | ContextNotice
  /** Timer: look at the instances and the model's facts, send the batch due. */
  | { readonly type: 'tick' }
  /** A send ended (error: why it failed). */
  | { readonly type: 'sent'; readonly channel: Channel; readonly error?: string };

export interface AlerterDeps {
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly rules: () => RuleSet;
  readonly senders: AlertSenders;
}

const TICK_MS = 500;
/** How long an alert seen without a Master waits for one. */
export const HOLD_SECONDS = 30;
/** A failed send is logged once a minute per channel at most; the others are counted. */
const FAILURE_LOGS: RateLimitSettings = { burst: 1, windowMs: 60_000 };

export function alerter(deps: AlerterDeps): ActorFactory<AlerterMessage> {
  return (context) => {
    const { view, senders } = deps;
    const log = context.log;
    const settings: QueueSettings = { events: view.options.alertEvents, batchSeconds: view.options.alertBatchSeconds, maxPerHour: view.options.alertMaxPerHour };
    let model: ClusterModel = emptyModel;
    let modelChanged = false;
    let facts: AlertFacts = noFacts;
    let queue: AlertQueue = emptyQueue;
    let held: { readonly alert: Alert; readonly at: number }[] = [];
    const failures: Record<Channel, number> = { mail: 0, webhook: 0 };
    const failureLog = new RateLimitedLog(log, FAILURE_LOGS);

    const route = (alerts: readonly Alert[]): void => {
      // a cluster closing (supvisors.shutdown / restart) loses its instances on purpose
      if (alerts.length === 0 || isClosingState(view.state)) return;
      const now = monotonicSeconds();
      const master = view.masterIdentifier;
      if (master === view.localIdentifier) queue = enqueue(queue, alerts, now, settings);
      // no Master, or one no longer seen RUNNING (its own loss, before the election): for the next one
      else if (master === '' || localView(view.records, view.localIdentifier, master) !== 'RUNNING') held = [...held, ...alerts.map((alert) => ({ alert, at: now }))];
    };

    const send = (channel: Channel, promise: Promise<void>): void => {
      promise.then(
        () => context.self.tell({ type: 'sent', channel }),
        (error: unknown) => context.self.tell({ type: 'sent', channel, error: describeError(error) }),
      );
    };

    const tick = (): void => {
      const now = monotonicSeconds();
      held = held.filter((entry) => entry.at > now - HOLD_SECONDS);
      if (view.masterIdentifier === view.localIdentifier && held.length > 0) {
        queue = enqueue(queue, held.map((entry) => entry.alert), now, settings);
        held = [];
      }
      const instances = new Map(view.list.instances.map((instance) => [instance.identifier, localView(view.records, view.localIdentifier, instance.identifier)]));
      const next: AlertFacts = { ...(modelChanged ? modelFacts(model, deps.rules(), view.options.startingStrategy) : facts), instances };
      modelChanged = false;
      route(factAlerts(facts, next, Date.now() / 1000));
      facts = next;
      const due = takeDue(queue, now, settings);
      queue = due.queue;
      if (due.batch === undefined) return;
      const master = view.localIdentifier;
      if (senders.mail !== undefined) send('mail', senders.mail(alertMail(due.batch, master)));
      if (senders.webhook !== undefined) send('webhook', senders.webhook(alertBody(due.batch, master, Date.now() / 1000)));
    };

    const failed = (channel: Channel, error: string): void => {
      failures[channel] += 1;
      failureLog.warn(`alerts: ${channel} failed`, `alerts: ${channel} failed: ${error}; ${failures[channel]} failures in all`);
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('tick', TICK_MS, { type: 'tick' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed': {
            const reported = message.reported;
            const before = reported === undefined ? undefined : model.processes.get(namespecOf(reported.process.group, reported.process.name))?.infos.get(reported.identifier)?.state;
            model = message.model;
            modelChanged = true;
            const alert = reported === undefined ? undefined : processAlert(reported.identifier, reported.process, Date.now() / 1000);
            if (alert === undefined) return;
            // the same state again: the bridge completing a report (the exit status after the event), not a new crash
            if (before === reported?.process.state) queue = refine(queue, alert);
            else route([alert]);
            return;
          }
          case 'tick':
            tick();
            return;
          case 'sent':
            if (message.error === undefined) log.debug(`alerts: ${message.channel} sent`);
            else failed(message.channel, message.error);
            return;
        }
      },
    };
  };
}
