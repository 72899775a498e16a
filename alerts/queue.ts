/**
 * Batching and rate limiting of alerts, a state machine with time as an input (monotonic
 * seconds): the first alert opens a window of `batchSeconds`; when it closes, what it gathered
 * goes out as one batch. At most `maxPerHour` alerts go out in any hour (sliding); the others are
 * counted and told as "N alerts suppressed" in the next batch that goes out — one with only that
 * line once the hour allows it again.
 */
import type { AlertEventName } from '../config/types.js';
import type { Alert } from './detect.js';

export interface QueueSettings {
  readonly events: readonly AlertEventName[];
  readonly batchSeconds: number;
  readonly maxPerHour: number;
}

export interface AlertQueue {
  readonly pending: readonly Alert[];
  /** When the open window closes; undefined: none open. */
  readonly closesAt: number | undefined;
  /** When each alert sent in the last hour went out. */
  readonly sentAt: readonly number[];
  /** Alerts dropped by the hourly limit, not told yet. */
  readonly suppressed: number;
}

export interface AlertBatch {
  readonly alerts: readonly Alert[];
  readonly suppressed: number;
}

const HOUR = 3600;

export const emptyQueue: AlertQueue = { pending: [], closesAt: undefined, sentAt: [], suppressed: 0 };

/** Queues the alerts of the kinds chosen; the first opens a window. */
export function enqueue(queue: AlertQueue, alerts: readonly Alert[], now: number, settings: QueueSettings): AlertQueue {
  const chosen = alerts.filter((alert) => settings.events.includes(alert.kind));
  if (chosen.length === 0) return queue;
  return { ...queue, pending: [...queue.pending, ...chosen], closesAt: queue.closesAt ?? now + settings.batchSeconds };
}

/**
 * A newer reading of an alert already queued (same kind, instance and subject; e.g. the exit
 * status known after the event): replaces it; nothing when it is not pending (already sent).
 */
export function refine(queue: AlertQueue, alert: Alert): AlertQueue {
  const same = (item: Alert): boolean => item.kind === alert.kind && item.identifier === alert.identifier && item.subject === alert.subject;
  return queue.pending.some(same) ? { ...queue, pending: queue.pending.map((item) => (same(item) ? alert : item)) } : queue;
}

/** The batch due at `now`, if any, and the queue after it. */
export function takeDue(queue: AlertQueue, now: number, settings: QueueSettings): { readonly queue: AlertQueue; readonly batch: AlertBatch | undefined } {
  const sentAt = queue.sentAt.filter((at) => at > now - HOUR);
  const room = settings.maxPerHour - sentAt.length;
  if (queue.closesAt !== undefined && now >= queue.closesAt) {
    const sent = queue.pending.slice(0, Math.max(0, room));
    const suppressed = queue.suppressed + queue.pending.length - sent.length;
    if (sent.length === 0) return { queue: { pending: [], closesAt: undefined, sentAt, suppressed }, batch: undefined };
    return { queue: { pending: [], closesAt: undefined, sentAt: [...sentAt, ...sent.map(() => now)], suppressed: 0 }, batch: { alerts: sent, suppressed } };
  }
  // alerts suppressed and nothing pending: told alone once the hour allows one more
  if (queue.closesAt === undefined && queue.suppressed > 0 && room > 0) {
    return { queue: { ...queue, sentAt: [...sentAt, now], suppressed: 0 }, batch: { alerts: [], suppressed: queue.suppressed } };
  }
  return { queue: { ...queue, sentAt }, batch: undefined };
}
