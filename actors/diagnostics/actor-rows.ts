/**
 * The rows of a cluster-wide top of the actor mailboxes (supvisorsctl `actors`, the dashboard's
 * Actors page): one per actor of a node, its rate from two snapshots of the node, their order.
 * Pure.
 */
import type { NodeSnapshot } from './snapshot-reading.js';

/** One actor of one node: supvisorsctl's `actors --json` document is a list of these. Times as the runtime gives them. */
export interface ActorRow {
  /** The node: its actor system's name, or the Supvisors identifier the view asked about. */
  readonly node: string;
  /** Epoch seconds of the node's snapshot. */
  readonly at: number;
  readonly actor: string;
  readonly status: string;
  readonly depth: number;
  readonly highWater: number;
  readonly oldestAgeMs: number;
  /** Messages processed per second between the two snapshots; null without a comparable earlier one. */
  readonly ratePerS: number | null;
  readonly processed: number;
  readonly handlingP99Us: number;
  readonly waitingP99Us: number;
  readonly failed: number;
  /** Messages this mailbox turned into dead letters (overflow). */
  readonly dropped: number;
  readonly restarts: number;
  /** The type of the message taken last: what a busy or stuck actor is handling. */
  readonly lastType: string;
}

/**
 * The rows of a node's snapshot. The rate compares `processed` with the previous snapshot of the
 * same node on its own uptime clock: none when there is no previous one, when the runtime
 * restarted meanwhile (its uptime went back) or when the actor's counter went back.
 */
export function actorRows(current: NodeSnapshot, previous?: NodeSnapshot): ActorRow[] {
  const elapsedS = previous === undefined || previous.node !== current.node ? 0 : current.uptimeS - previous.uptimeS;
  const before = new Map((elapsedS > 0 ? (previous?.actors ?? []) : []).map((actor) => [actor.name, actor.mailbox.processed]));
  return current.actors.map((actor) => {
    const box = actor.mailbox;
    const earlier = before.get(actor.name);
    const ratePerS = earlier === undefined || box.processed < earlier ? null : Math.round(((box.processed - earlier) / elapsedS) * 1000) / 1000;
    return {
      node: current.node,
      at: current.at,
      actor: actor.name,
      status: actor.status,
      depth: box.depth,
      highWater: box.highWater,
      oldestAgeMs: box.oldestAgeMs,
      ratePerS,
      processed: box.processed,
      handlingP99Us: box.handlingP99Us,
      waitingP99Us: box.waitingP99Us,
      failed: box.failed,
      dropped: box.dropped,
      restarts: actor.restarts,
      lastType: box.lastType,
    };
  });
}

/** The orders of the rows: `name` is node then actor; `p99` the handling time, `wait` the waiting time. */
export const ROW_ORDERS = ['name', 'actor', 'depth', 'hwm', 'age', 'p99', 'wait', 'rate', 'restarts', 'dropped', 'current'] as const;
export type RowOrder = (typeof ROW_ORDERS)[number];

export function isRowOrder(value: string): value is RowOrder {
  return (ROW_ORDERS as readonly string[]).includes(value);
}

type Compare = (a: ActorRow, b: ActorRow) => number;

const byName: Compare = (a, b) => a.node.localeCompare(b.node) || a.actor.localeCompare(b.actor);
const descending =
  (value: (row: ActorRow) => number): Compare =>
  (a, b) =>
    value(b) - value(a);
// an unknown rate goes after every known one
const rateOf = (row: ActorRow): number => row.ratePerS ?? -1;

/** Each order, in its natural direction: figures the busiest first, names ascending. */
const ORDERS: Readonly<Record<RowOrder, Compare>> = {
  name: byName,
  actor: (a, b) => a.actor.localeCompare(b.actor),
  current: (a, b) => a.lastType.localeCompare(b.lastType),
  depth: descending((row) => row.depth),
  hwm: descending((row) => row.highWater),
  age: descending((row) => row.oldestAgeMs),
  p99: descending((row) => row.handlingP99Us),
  wait: descending((row) => row.waitingP99Us),
  rate: descending(rateOf),
  restarts: descending((row) => row.restarts),
  dropped: descending((row) => row.dropped),
};

/**
 * The rows by `order`, in its natural direction (figures the busiest first, names ascending) or
 * reversed. Ties are broken by depth, then oldest message age (busiest first), then node and
 * actor name, whatever the direction, so that the order is stable between redraws.
 */
export function sortRows(rows: readonly ActorRow[], order: RowOrder, reversed = false): ActorRow[] {
  const primary = ORDERS[order];
  const chain: Compare[] = [reversed ? (a, b) => primary(b, a) : primary, ORDERS.depth, ORDERS.age, byName];
  return [...rows].sort((a, b) => chain.reduce((found, compare) => found || compare(a, b), 0));
}
