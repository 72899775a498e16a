import assert from 'node:assert/strict';
import { DurationHistogram } from '../../mailbox/histogram.js';

describe('DurationHistogram', () => {
  it('is empty at first', () => {
    const histogram = new DurationHistogram();
    assert.equal(histogram.quantileNanos(0.99), 0);
    assert.equal(histogram.meanNanos(), 0);
  });

  it('gives quantiles within 7 % of the exact value', () => {
    const histogram = new DurationHistogram();
    for (let value = 1; value <= 10_000; value += 1) histogram.record(value * 1000);
    for (const [q, exact] of [[0.5, 5_000_000], [0.99, 9_900_000], [1, 10_000_000]] as const) {
      const estimate = histogram.quantileNanos(q);
      assert.ok(Math.abs(estimate - exact) / exact < 0.07, `q${q}: ${estimate} vs ${exact}`);
    }
    assert.equal(histogram.meanNanos(), 5_000_500);
    assert.equal(histogram.maxNanos(), 10_000_000);
  });

  it('keeps tiny and huge values', () => {
    const histogram = new DurationHistogram();
    histogram.record(0);
    histogram.record(3);
    histogram.record(1e15);
    assert.equal(histogram.count, 3);
    assert.equal(histogram.quantileNanos(0.3), 1);
    assert.equal(histogram.quantileNanos(1), 1e15);
    histogram.reset();
    assert.equal(histogram.count, 0);
  });
});
