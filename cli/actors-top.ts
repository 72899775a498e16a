/**
 * `supvisorsctl actors`: a cluster-wide top of the actor mailboxes. The rows, their rates (from
 * two snapshots of a node), their order, their cells and the command's options. Pure.
 */
import type { Column } from './command.js';
import type { NodeSnapshot } from './actor-snapshot.js';
import { decimalNumber } from './arguments.js';

export const SORT_KEYS = ['depth', 'age', 'rate', 'p99', 'restarts', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** One actor of one node: the `--json` document is a list of these. Times as the runtime gives them. */
export interface ActorRow {
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
  readonly restarts: number;
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
      restarts: actor.restarts,
    };
  });
}

const byName = (a: ActorRow, b: ActorRow): number => a.node.localeCompare(b.node) || a.actor.localeCompare(b.actor);
const descending =
  (value: (row: ActorRow) => number) =>
  (a: ActorRow, b: ActorRow): number =>
    value(b) - value(a);
// an unknown rate goes after every known one
const rateOf = (row: ActorRow): number => row.ratePerS ?? -1;
const KEYS: Readonly<Record<Exclude<SortKey, 'name'>, (row: ActorRow) => number>> = {
  depth: (row) => row.depth,
  age: (row) => row.oldestAgeMs,
  rate: rateOf,
  p99: (row) => row.handlingP99Us,
  restarts: (row) => row.restarts,
};

/**
 * `name`: node then actor, ascending. The others descending (the busiest first), ties broken by
 * depth, then oldest message age, then name, so that the order is stable between redraws.
 */
export function sortRows(rows: readonly ActorRow[], key: SortKey): ActorRow[] {
  if (key === 'name') return [...rows].sort(byName);
  const order = [descending(KEYS[key]), descending(KEYS.depth), descending(KEYS.age)];
  return [...rows].sort((a, b) => order.reduce((found, compare) => found || compare(a, b), 0) || byName(a, b));
}

export const ACTOR_COLUMNS: readonly Column[] = [
  { title: 'Node', width: 'var' },
  { title: 'Actor', width: 'var' },
  { title: 'Status', width: 'var' },
  { title: 'Depth', width: 'var' },
  { title: 'HWM', width: 'var' },
  { title: 'Oldest ms', width: 'var' },
  { title: 'Rate/s', width: 'var' },
  { title: 'Handle p99 ms', width: 'var' },
  { title: 'Wait p99 ms', width: 'var' },
  { title: 'Failed', width: 'var' },
  { title: 'Restarts', width: 'var' },
];

const ms = (us: number): string => (us / 1000).toFixed(2);

export function actorCells(row: ActorRow): string[] {
  return [
    row.node,
    row.actor,
    row.status,
    String(row.depth),
    String(row.highWater),
    String(Math.round(row.oldestAgeMs)),
    row.ratePerS === null ? '-' : row.ratePerS.toFixed(1),
    ms(row.handlingP99Us),
    ms(row.waitingP99Us),
    String(row.failed),
    String(row.restarts),
  ];
}

export interface ActorsOptions {
  readonly sort: SortKey;
  /** A node's identifier or nick: only its actors. */
  readonly node?: string;
  /** `--watch`: the redraw period in seconds. */
  readonly watchS?: number;
}

export const WATCH_DEFAULT_S = 2;

function isSortKey(value: string): value is SortKey {
  return (SORT_KEYS as readonly string[]).includes(value);
}

/**
 * `[--sort KEY] [--node N] [--watch [SECONDS]]`, each also as `--option=value`. `--watch` takes
 * the next word as its period only when it is a number.
 */
export function parseActorsArgs(args: readonly string[]): ActorsOptions | { readonly error: string } {
  let sort: SortKey = 'depth';
  let node: string | undefined;
  let watchS: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] ?? '';
    const [option = '', inline] = word.startsWith('--') ? word.split(/=(.*)/s, 2) : [word];
    const next = (): string | undefined => {
      if (inline !== undefined) return inline;
      index += 1;
      return args[index];
    };
    if (option === '--sort') {
      const value = next();
      if (value === undefined || !isSortKey(value)) return { error: `--sort takes one of ${SORT_KEYS.join(', ')}` };
      sort = value;
    } else if (option === '--node') {
      const value = next();
      if (value === undefined || value === '') return { error: '--node takes a node (identifier or nick)' };
      node = value;
    } else if (option === '--watch') {
      const given = inline ?? (decimalNumber(args[index + 1] ?? '') === undefined ? undefined : next());
      const period = given === undefined ? WATCH_DEFAULT_S : decimalNumber(given);
      if (period === undefined || period <= 0) return { error: '--watch takes a period in seconds, greater than 0' };
      watchS = period;
    } else {
      return { error: `unexpected argument ${word}` };
    }
  }
  return { sort, ...(node === undefined ? {} : { node }), ...(watchS === undefined ? {} : { watchS }) };
}
