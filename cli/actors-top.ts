/**
 * `supvisorsctl actors`: a cluster-wide top of the actor mailboxes. Its cells and the command's
 * options; the rows, their rates and their order are shared with the dashboard
 * (actors/diagnostics/actor-rows.ts). Pure.
 */
import type { Column } from './command.js';
import type { ActorRow, RowOrder } from '../actors/diagnostics/actor-rows.js';
import { decimalNumber } from './arguments.js';

/** The orders `--sort` offers. */
export const SORT_KEYS = ['depth', 'age', 'rate', 'p99', 'restarts', 'name'] as const satisfies readonly RowOrder[];
export type SortKey = (typeof SORT_KEYS)[number];

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
