/**
 * What the Actors page derives from the URL and from the sampled diagnostics: the order of the
 * table (`sort`), the peeked actor (`peek`), the depth history behind the sparklines and the
 * levels the thresholds colour. Pure.
 */
import { isRowOrder, type RowOrder } from '../../../actors/diagnostics/actor-rows.js';
import type { NodeSnapshot } from '../../../actors/diagnostics/snapshot-reading.js';

export interface TableOrder {
  readonly order: RowOrder;
  readonly descending: boolean;
}

/** Names ascend, figures descend (the busiest first), unless the column is clicked again. */
const naturallyDescending = (order: RowOrder): boolean => order !== 'name' && order !== 'actor' && order !== 'current';

/** The busiest mailboxes first, as `supvisorsctl actors`. */
export const DEFAULT_ORDER: TableOrder = { order: 'depth', descending: true };

/** `sort`: a column's order, `-` before it for descending (`-depth`); anything else is the default. */
export function parseOrder(value: string | undefined): TableOrder {
  const descending = value?.startsWith('-') ?? false;
  const order = descending ? value?.slice(1) : value;
  return order !== undefined && isRowOrder(order) ? { order, descending } : DEFAULT_ORDER;
}

export function formatOrder(order: TableOrder): string {
  return `${order.descending ? '-' : ''}${order.order}`;
}

/** Clicking a column's header: the same column turns around, another starts in its natural direction. */
export function clickedOrder(current: TableOrder, clicked: RowOrder): TableOrder {
  return current.order === clicked ? { order: clicked, descending: !current.descending } : { order: clicked, descending: naturallyDescending(clicked) };
}

/** sortRows' `reversed`: whether the direction asked is against the column's natural one. */
export function isReversed(order: TableOrder): boolean {
  return order.descending !== naturallyDescending(order.order);
}

export interface PeekTarget {
  readonly identifier: string;
  readonly actor: string;
}

/** `peek`: `<identifier>/<actor>`; an identifier has no `/`, an actor name may. */
export function parsePeek(value: string | undefined): PeekTarget | undefined {
  const slash = value?.indexOf('/') ?? -1;
  if (value === undefined || slash <= 0 || slash === value.length - 1) return undefined;
  return { identifier: value.slice(0, slash), actor: value.slice(slash + 1) };
}

export const formatPeek = (target: PeekTarget): string => `${target.identifier}/${target.actor}`;

/** The period of the samples while the page is shown. */
export const SAMPLE_PERIOD_MS = 2000;

/** The samples a sparkline draws: two minutes at the 2 s period. */
export const HISTORY_SAMPLES = 60;

/** The depths of each actor, by `<identifier>/<actor>`, oldest first. */
export type DepthHistory = ReadonlyMap<string, readonly number[]>;

/**
 * The history with one more sample of a node's actors: an actor gone from the node loses its
 * history, the other nodes' are kept as they are.
 */
export function withDepths(history: DepthHistory, identifier: string, snapshot: NodeSnapshot, limit = HISTORY_SAMPLES): DepthHistory {
  const prefix = `${identifier}/`;
  const next = new Map([...history].filter(([key]) => !key.startsWith(prefix)));
  for (const actor of snapshot.actors) {
    const key = `${prefix}${actor.name}`;
    next.set(key, [...(history.get(key) ?? []), actor.mailbox.depth].slice(-limit));
  }
  return next;
}

/** The SVG polyline points of a sparkline: time left to right, 0 at the bottom, the top the largest value (at least 1). */
export function sparkPoints(values: readonly number[], width: number, height: number, slots = HISTORY_SAMPLES): string {
  const top = Math.max(1, ...values);
  const step = width / Math.max(1, slots - 1);
  const first = slots - values.length;
  const round = (value: number): number => Math.round(value * 10) / 10;
  return values.map((value, index) => `${round((first + index) * step)},${round(height - (value / top) * height)}`).join(' ');
}

export type Level = 'ok' | 'warning' | 'critical';

/** The figures coloured, and from which value they warn and are critical. */
export const THRESHOLDS = {
  depth: [10, 100],
  oldestAgeMs: [500, 5000],
  handlingP99Us: [100_000, 1_000_000],
  waitingP99Us: [100_000, 1_000_000],
  restarts: [1, 5],
  dropped: [1, 100],
  rttMs: [50, 250],
  // the default heartbeat declares a peer silent after 1 s
  lastHeardAgeMs: [750, 2000],
  queuedFrames: [100, 1000],
  lagMs: [100, 1000],
} as const satisfies Readonly<Record<string, readonly [number, number]>>;

export type Figure = keyof typeof THRESHOLDS;

export function levelOf(figure: Figure, value: number): Level {
  const [warning, critical] = THRESHOLDS[figure];
  return value >= critical ? 'critical' : value >= warning ? 'warning' : 'ok';
}

/** A duration in µs as ms, with fewer decimals as it grows. */
export function usText(us: number): string {
  return msText(us / 1000);
}

export function msText(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
}

export function rateText(ratePerS: number | null): string {
  return ratePerS === null ? '–' : ratePerS.toFixed(ratePerS >= 100 ? 0 : 1);
}

export function bytesText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}
