/** The command line of `npm run bench:scale` (bench/scale.ts): rounds, the large sizes, a subset of figures. Pure. */
import { parseArgs } from 'node:util';

/** The figures, in the order they are measured and printed. */
export const FIGURES = [
  'distribution_300_3_nodes',
  'distribution_300_3_nodes_spread',
  'distribution_300_10_nodes',
  'operation_10_nodes',
  'operation_20_nodes',
  'start_100_nowait',
  'start_20_nowait',
  'xmlrpc_up',
] as const;

export type Figure = (typeof FIGURES)[number];

/** Measured only with `--large` (or named in `--only`): too long for the default run. */
const LARGE: readonly Figure[] = ['operation_20_nodes'];

export interface ScaleOptions {
  /** Rounds of each figure; the figure printed is their median. */
  readonly rounds: number;
  /** The figures to measure, in FIGURES order. */
  readonly figures: readonly Figure[];
}

export const USAGE = `usage: npm run bench:scale -- [--rounds N] [--large] [--only NAME,NAME...]
  --rounds N   rounds of each figure, the median printed (default 3)
  --large      also operation_20_nodes
  --only       these figures only (any of: ${FIGURES.join(', ')})`;

function isFigure(name: string): name is Figure {
  return (FIGURES as readonly string[]).includes(name);
}

/** The options of `argv` (the arguments after the script); throws an Error with USAGE on anything else. */
export function parseScaleOptions(argv: readonly string[]): ScaleOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { rounds: { type: 'string' }, large: { type: 'boolean' }, only: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
  const rounds = values.rounds === undefined ? 3 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: a whole number >= 1, not ${values.rounds}\n${USAGE}`);
  if (values.only === undefined) return { rounds, figures: FIGURES.filter((figure) => values.large === true || !LARGE.includes(figure)) };
  const named = values.only.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = named.filter((name) => !isFigure(name));
  if (unknown.length > 0 || named.length === 0) throw new Error(`--only: unknown figure ${unknown.join(', ') || '(none given)'}\n${USAGE}`);
  return { rounds, figures: FIGURES.filter((figure) => named.includes(figure)) };
}
