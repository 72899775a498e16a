/**
 * Values derived from a statistics series for display (spec/stats.md §6): latest, mean, rate of
 * the last change, least-squares slope and population standard deviation. Pure functions.
 */

/** Arithmetic mean; undefined for an empty series. */
export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Population standard deviation (divide by n, no Bessel correction), as numpy's `std`;
 * undefined for an empty series.
 */
export function stddev(values: readonly number[]): number | undefined {
  const average = mean(values);
  if (average === undefined) return undefined;
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return Math.sqrt(sum / values.length);
}

export interface Regression {
  /** `a` of `y = a·x + b`: change of y per unit of x (per second for uptimes). */
  readonly slope: number;
  readonly intercept: number;
}

/**
 * Least-squares line `y = a·x + b` through the points (numpy `polyfit(x, y, 1)`). Undefined with
 * fewer than two points or when all x are equal (no line fits). Extra values of the longer
 * array are ignored.
 */
export function linearRegression(xs: readonly number[], ys: readonly number[]): Regression | undefined {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return undefined;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i += 1) {
    sumX += xs[i];
    sumY += ys[i];
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let covariance = 0;
  let varianceX = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i]) - meanX;
    covariance += dx * ((ys[i]) - meanY);
    varianceX += dx * dx;
  }
  if (varianceX === 0) return undefined;
  const slope = covariance / varianceX;
  return { slope, intercept: meanY - slope * meanX };
}

/**
 * Relative change of the last value, in percent: `100 × y[-1] / y[-2] − 100`; Infinity when
 * `y[-2]` is 0; undefined with fewer than two values.
 */
export function lastRate(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const last = values[values.length - 1];
  const previous = values[values.length - 2];
  if (previous === 0) return Infinity;
  return (100 * last) / previous - 100;
}

export type Trend = 'stable' | 'increase' | 'decrease';

/** How the UI decorates the latest value: none when the rate is unknown or infinite. */
export function trendOf(rate: number | undefined): Trend | undefined {
  if (rate === undefined || !Number.isFinite(rate)) return undefined;
  if (Math.abs(rate) < 0.005) return 'stable';
  return rate > 0 ? 'increase' : 'decrease';
}

/** 2 decimals; a positive value below 0.005 shows as `+0.00` (so that it does not read as zero). */
export function formatLatest(value: number): string {
  if (value > 0 && value < 0.005) return '+0.00';
  return value.toFixed(2);
}

/** What the UI shows for one series over one period. Absent fields: not enough points. */
export interface SeriesSummary {
  readonly points: number;
  readonly latest?: number;
  readonly mean?: number;
  /** Relative change of the latest value, percent (Infinity when the previous value is 0). */
  readonly rate?: number;
  readonly trend?: Trend;
  /** Least-squares slope, unit per second of uptime. */
  readonly slope?: number;
  /** `slope × period`: the change per period (the UI's "Slope/P"). */
  readonly slopePerPeriod?: number;
  /** Population standard deviation. */
  readonly stddev?: number;
}

/** Summary of a series `values` over the timeline `times` (seconds), for an integration `period`. */
export function summarize(times: readonly number[], values: readonly number[], period: number): SeriesSummary {
  if (values.length === 0) return { points: 0 };
  const regression = values.length >= 2 ? linearRegression(times, values) : undefined;
  const rate = lastRate(values);
  const trend = trendOf(rate);
  return {
    points: values.length,
    latest: values[values.length - 1],
    mean: mean(values),
    ...(rate === undefined ? {} : { rate }),
    ...(trend === undefined ? {} : { trend }),
    ...(regression === undefined ? {} : { slope: regression.slope, slopePerPeriod: regression.slope * period }),
    ...(values.length >= 2 ? { stddev: stddev(values) } : {}),
  };
}
