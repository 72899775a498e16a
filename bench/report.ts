/** Benchmarks print one figure per line, `name: value unit`, and nothing else on stdout. */
export function report(name: string, value: number, unit: string, digits = 1): void {
  process.stdout.write(`${name}: ${value.toFixed(digits)} ${unit}\n`);
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}
