/**
 * The node's Prometheus registry (prom-client; one per node, never the global default): one
 * collector per metric of `METRICS`, each filling itself at scrape time from the samples of the
 * snapshot this scrape took. Nothing runs between scrapes. A metric without a sample in the
 * snapshot shows no value (prom-client's reset leaves a 0 to a metric without labels: removed),
 * so that a figure not known is never shown as a zero.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { METRICS, metricSamples, type MetricName, type MetricSample, type MetricsSnapshot } from './metric-values.js';

export class MetricsRegistry {
  private readonly registry = new Registry();
  private current: ReadonlyMap<MetricName, readonly MetricSample[]> = new Map();

  constructor() {
    const samplesOf = (name: MetricName): readonly MetricSample[] => this.current.get(name) ?? [];
    for (const { name, type, help, labelNames } of METRICS) {
      if (type === 'counter') {
        new Counter({
          name,
          help,
          labelNames,
          registers: [this.registry],
          collect() {
            // the values are the runtime's own counters, read as they are
            this.reset();
            this.remove({});
            for (const sample of samplesOf(name)) this.inc(sample.labels, sample.value);
          },
        });
      } else {
        new Gauge({
          name,
          help,
          labelNames,
          registers: [this.registry],
          collect() {
            this.reset();
            this.remove({});
            for (const sample of samplesOf(name)) this.set(sample.labels, sample.value);
          },
        });
      }
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of one snapshot. */
  async render(snapshot: MetricsSnapshot): Promise<string> {
    this.current = metricSamples(snapshot);
    return this.registry.metrics();
  }
}
