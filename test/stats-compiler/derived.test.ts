import assert from 'node:assert/strict';
import { formatLatest, lastRate, linearRegression, mean, stddev, summarize, trendOf } from '../../stats-compiler/derived.js';

const close = (actual: number | undefined, expected: number, what: string): void => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
};

describe('derived statistics', () => {
  const table: { name: string; xs: number[]; ys: number[]; mean: number; slope?: number; intercept?: number; stddev: number }[] = [
    { name: 'constant', xs: [0, 5, 10, 15], ys: [3, 3, 3, 3], mean: 3, slope: 0, intercept: 3, stddev: 0 },
    { name: 'exact line y = 2x + 1', xs: [0, 1, 2, 3], ys: [1, 3, 5, 7], mean: 4, slope: 2, intercept: 1, stddev: Math.sqrt(5) },
    // numpy: polyfit([0,10,20],[10,20,60],1) = [2.5, 5.0]; std([10,20,60]) = 21.602468994692867
    { name: 'noisy', xs: [0, 10, 20], ys: [10, 20, 60], mean: 30, slope: 2.5, intercept: 5, stddev: 21.602468994692867 },
    // numpy: polyfit([1,2,4,8],[4,3,2,1],1) = [-0.4, 4.0]; std = 1.118033988749895
    { name: 'decreasing, uneven x', xs: [1, 2, 4, 8], ys: [4, 3, 2, 1], mean: 2.5, slope: -0.4, intercept: 4, stddev: 1.118033988749895 },
    { name: 'one point', xs: [7], ys: [42], mean: 42, stddev: 0 },
  ];
  for (const row of table) {
    it(`mean, slope and population standard deviation: ${row.name}`, () => {
      close(mean(row.ys), row.mean, 'mean');
      close(stddev(row.ys), row.stddev, 'stddev');
      const regression = linearRegression(row.xs, row.ys);
      if (row.slope === undefined) {
        assert.equal(regression, undefined);
      } else {
        close(regression?.slope, row.slope, 'slope');
        close(regression?.intercept, row.intercept as number, 'intercept');
      }
    });
  }

  it('has nothing to say about an empty series or a vertical timeline', () => {
    assert.equal(mean([]), undefined);
    assert.equal(stddev([]), undefined);
    assert.equal(linearRegression([], []), undefined);
    assert.equal(linearRegression([3, 3], [1, 2]), undefined);
  });

  it('computes the rate of the last change and its trend', () => {
    assert.equal(lastRate([5]), undefined);
    close(lastRate([10, 12]), 20, 'rate');
    close(lastRate([10, 5]), -50, 'rate');
    assert.equal(lastRate([0, 5]), Infinity);
    assert.equal(trendOf(lastRate([10, 12])), 'increase');
    assert.equal(trendOf(lastRate([10, 5])), 'decrease');
    assert.equal(trendOf(lastRate([10000, 10000.0001])), 'stable');
    assert.equal(trendOf(Infinity), undefined);
    assert.equal(trendOf(undefined), undefined);
  });

  it('formats the latest value with 2 decimals, a tiny positive one as +0.00', () => {
    assert.equal(formatLatest(12.345), '12.35');
    assert.equal(formatLatest(0), '0.00');
    assert.equal(formatLatest(0.004), '+0.00');
    assert.equal(formatLatest(0.005), '0.01');
  });

  it('summarizes a series with the slope per period', () => {
    assert.deepEqual(summarize([], [], 5), { points: 0 });
    assert.deepEqual(summarize([0], [4], 5), { points: 1, latest: 4, mean: 4 });
    const summary = summarize([0, 5, 10], [10, 20, 30], 5);
    assert.equal(summary.points, 3);
    assert.equal(summary.latest, 30);
    assert.equal(summary.mean, 20);
    close(summary.slope, 2, 'slope');
    close(summary.slopePerPeriod, 10, 'slope per period');
    close(summary.stddev, Math.sqrt(200 / 3), 'stddev');
    close(summary.rate, 50, 'rate');
    assert.equal(summary.trend, 'increase');
  });
});
