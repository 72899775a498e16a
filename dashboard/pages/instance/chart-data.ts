/**
 * What a statistics chart draws (spec/dashboard.md §6, Python's plots): each series' values,
 * and for a single series its mean (dashed), its least-squares trend line (dotted) and the band
 * mean ± standard deviation. Pure: the columns handed to uPlot, aligned on the series' times.
 */
import type { Result } from '../../../contract/index.js';

/** One series of the statistics methods, with its summary. */
export type Series = Result<'supvisors.get_process_statistics'>['cpu'];

export interface Trace {
  readonly label: string;
  readonly series: Series;
}

/** One column per drawn line: the values, then for a single trace mean, trend, mean+σ, mean−σ. */
export interface ChartColumns {
  readonly x: number[];
  readonly lines: (number | null)[][];
  /** The labels of `lines`, in order. */
  readonly labels: string[];
  /** Whether the last four lines are mean, trend and the band. */
  readonly decorated: boolean;
}

const constant = (length: number, value: number | undefined): (number | null)[] => Array.from({ length }, () => value ?? null);

export function chartColumns(traces: readonly Trace[]): ChartColumns {
  const x = traces[0]?.series.times ?? [];
  const lines: (number | null)[][] = traces.map((trace) => x.map((_, index) => trace.series.values[index] ?? null));
  const labels = traces.map((trace) => trace.label);
  const single = traces.length === 1 ? traces[0] : undefined;
  if (single === undefined) return { x, lines, labels, decorated: false };
  const { mean, slope, stddev } = single.series.summary;
  // the least-squares line goes through (mean of x, mean of y)
  const meanX = x.length === 0 ? 0 : x.reduce((sum, value) => sum + value, 0) / x.length;
  const trend = x.map((time) => (mean === undefined || slope === undefined ? null : mean + slope * (time - meanX)));
  const upper = constant(x.length, mean === undefined || stddev === undefined ? undefined : mean + stddev);
  const lower = constant(x.length, mean === undefined || stddev === undefined ? undefined : mean - stddev);
  return { x, lines: [...lines, constant(x.length, mean), trend, upper, lower], labels: [...labels, 'mean', 'trend', 'mean+σ', 'mean−σ'], decorated: true };
}
