/**
 * A log-linear histogram of durations in nanoseconds: 16 sub-buckets per power of two (about 6 %
 * relative error), O(1) to record, fixed memory (768 buckets, 6 KB). Good enough for a p99 in diagnostics
 * without keeping samples.
 */
const SUB_BITS = 4;
const SUB_BUCKETS = 1 << SUB_BITS;
const MAX_EXPONENT = 47; // 2^47 ns is about 39 hours; anything longer lands in the last bucket
const BUCKETS = (MAX_EXPONENT + 1) * SUB_BUCKETS;

const TWO_POW_32 = 2 ** 32;

function bucketOf(nanos: number): number {
  if (nanos < SUB_BUCKETS) return nanos < 0 ? 0 : Math.floor(nanos);
  if (nanos < TWO_POW_32) {
    // The hot path (under 4.3 s): integer bit tricks instead of a logarithm.
    const integer = nanos >>> 0;
    const exponent = 31 - Math.clz32(integer);
    return exponent * SUB_BUCKETS + ((integer >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
  }
  const exponent = Math.min(Math.floor(Math.log2(nanos)), MAX_EXPONENT);
  const mantissa = Math.floor(nanos / 2 ** (exponent - SUB_BITS)) - SUB_BUCKETS;
  return exponent * SUB_BUCKETS + Math.min(mantissa, SUB_BUCKETS - 1);
}

/** Upper bound of a bucket, the value reported for a quantile falling in it. */
function bucketUpperBound(index: number): number {
  if (index === BUCKETS - 1) return Number.POSITIVE_INFINITY; // the overflow bucket: report the max
  const exponent = Math.floor(index / SUB_BUCKETS);
  if (exponent < SUB_BITS) return index + 1;
  const mantissa = (index % SUB_BUCKETS) + SUB_BUCKETS;
  return (mantissa + 1) * 2 ** (exponent - SUB_BITS);
}

export class DurationHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private max = 0;

  record(nanos: number): void {
    this.counts[bucketOf(nanos)] += 1;
    this.total += 1;
    this.sum += nanos;
    if (nanos > this.max) this.max = nanos;
  }

  get count(): number {
    return this.total;
  }

  meanNanos(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  maxNanos(): number {
    return this.max;
  }

  sumNanos(): number {
    return this.sum;
  }

  /**
   * For each bound (ns, ascending), how many durations were recorded in buckets whose upper
   * bound is at or below it: a cumulative count (a Prometheus histogram's `le` bucket) never
   * above the true one, short by at most the bucket that straddles the bound (about 6 %).
   */
  cumulativeCounts(boundsNanos: readonly number[]): number[] {
    const counts: number[] = [];
    let seen = 0;
    let index = 0;
    for (const bound of boundsNanos) {
      while (index < BUCKETS && bucketUpperBound(index) <= bound) {
        seen += this.counts[index] ?? 0;
        index += 1;
      }
      counts.push(seen);
    }
    return counts;
  }

  /** The q-quantile (0 < q <= 1), never above the largest recorded value. */
  quantileNanos(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let index = 0; index < BUCKETS; index += 1) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) return Math.min(bucketUpperBound(index), this.max);
    }
    return this.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.max = 0;
  }
}
