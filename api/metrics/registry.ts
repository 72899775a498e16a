/**
 * The node's Prometheus registry (prom-client; one per node, never the global default): one
 * collector per metric of `METRICS`, each filling itself at scrape time from the samples of the
 * snapshot this scrape took. Nothing runs between scrapes. A metric without a sample in the
 * snapshot shows no value (prom-client's reset leaves a 0 to a metric without labels: removed),
 * so that a figure not known is never shown as a zero.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, metricSamples, type MetricDefinition, type MetricName, type MetricSample, type MetricsSnapshot } from './metric-values.js';

type HistogramExport = Awaited<ReturnType<Histogram['get']>>;

/**
 * A histogram whose buckets are counted elsewhere (the actors' mailboxes): prom-client's
 * histogram counts the observations made to it only, so this one answers with the counts read.
 */
class ReadHistogram extends Histogram {
  constructor(
    private readonly definition: MetricDefinition,
    private readonly samples: () => readonly MetricSample[],
    registry: Registry,
  ) {
    super({ name: definition.name, help: definition.help, labelNames: definition.labelNames, registers: [registry] });
  }

  override get(): Promise<HistogramExport> {
    const { name, help } = this.definition;
    const values = this.samples().map((sample) => ({ labels: sample.labels, value: sample.value, metricName: `${name}${sample.suffix ?? ''}` }));
    const exported = { name, help, type: 'histogram', aggregator: 'sum', collect: () => undefined, values };
    // prom-client's types say `type` is a numeric enum, which its JavaScript does not export; its
    // registry writes the string in `# TYPE`, as its own Histogram gives it
    return Promise.resolve(exported as unknown as HistogramExport);
  }

  /** What the registry reads for the text format when a metric has it (prom-client's Histogram does). */
  getForPromString(): Promise<HistogramExport> {
    return this.get();
  }
}

/** Empties a metric (the 0 prom-client's reset leaves to a metric without labels included), then writes the samples. */
function refill(metric: { reset(): void; remove(labels: Record<string, never>): void }, samples: readonly MetricSample[], write: (sample: MetricSample) => void): void {
  metric.reset();
  metric.remove({});
  for (const sample of samples) write(sample);
}

export class MetricsRegistry {
  private readonly registry = new Registry();
  private current: ReadonlyMap<MetricName, readonly MetricSample[]> = new Map();

  constructor() {
    const samplesOf = (name: MetricName): readonly MetricSample[] => this.current.get(name) ?? [];
    for (const definition of METRICS) {
      const { name, type, help, labelNames } = definition;
      if (type === 'histogram') {
        new ReadHistogram(definition, () => samplesOf(name), this.registry);
      } else {
        const common = { name, help, labelNames, registers: [this.registry] };
        // the values are the runtime's own figures (counters included), read as they are
        if (type === 'counter') new Counter({ ...common, collect() { refill(this, samplesOf(name), (sample) => this.inc(sample.labels, sample.value)); } });
        else new Gauge({ ...common, collect() { refill(this, samplesOf(name), (sample) => this.set(sample.labels, sample.value)); } });
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
