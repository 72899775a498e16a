/**
 * docs/metrics.md says what `/metrics` serves: every metric in its tables with its type,
 * labels and HELP, no metric documented that is not served, and the example alerting rules and the
 * Grafana dashboard (valid JSON) use documented metrics only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METRICS } from '../../api/metrics/metric-values.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DOC = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
/** The series names a query may use: every metric's, and a histogram's `_bucket`, `_sum` and `_count`. */
const NAMES = new Set<string>(METRICS.flatMap((metric) => (metric.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`) : [metric.name])));
const METRIC_NAMES = new Set<string>(METRICS.map((metric) => metric.name));

/** The names `supvisors_...` in a text (PromQL, YAML, JSON). */
const namesIn = (text: string): string[] => [...text.matchAll(/\bsupvisors_[a-z0-9_]+/g)].map((match) => match[0]);

function fenced(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
}

interface DashboardPanel {
  readonly title: string;
  readonly targets: readonly { readonly expr: string }[];
}

function isPanel(value: unknown): value is DashboardPanel {
  if (typeof value !== 'object' || value === null || !('title' in value) || !('targets' in value)) return false;
  return typeof value.title === 'string' && Array.isArray(value.targets) && value.targets.every((target: unknown) => typeof target === 'object' && target !== null && 'expr' in target && typeof target.expr === 'string');
}

describe('docs/metrics.md', () => {
  it('documents every metric with its type and labels, and no other', () => {
    const rows = new Map([...DOC.matchAll(/^\| `(supvisors_[a-z0-9_]+)` \| (\w+) \| ([^|]*) \| (.*) \|$/gm)].map((match) => [match[1] ?? '', { type: match[2], labels: match[3] ?? '', meaning: match[4] }]));
    for (const metric of METRICS) {
      const row = rows.get(metric.name);
      assert.ok(row !== undefined, `${metric.name} is not in a table`);
      assert.equal(row.type, metric.type, metric.name);
      assert.equal(row.meaning, metric.help, `${metric.name}: the meaning is its HELP`);
      assert.deepEqual(namesOfLabels(row.labels), [...metric.labelNames], metric.name);
    }
    assert.deepEqual([...rows.keys()].filter((name) => !METRIC_NAMES.has(name)), []);
  });

  it('the alerting rules use documented metrics only', () => {
    const [rules] = fenced('yaml').filter((block) => block.includes('alert:'));
    assert.ok(rules !== undefined, 'no rules');
    const used = namesIn(rules);
    assert.ok(used.length > 10);
    assert.deepEqual(used.filter((name) => !NAMES.has(name)), []);
  });

  it('the Grafana dashboard is valid JSON whose every expression uses documented metrics', () => {
    const [text] = fenced('json');
    assert.ok(text !== undefined, 'no dashboard');
    const dashboard: unknown = JSON.parse(text);
    assert.ok(typeof dashboard === 'object' && dashboard !== null && 'panels' in dashboard && Array.isArray(dashboard.panels));
    const panels: unknown[] = dashboard.panels;
    assert.ok(panels.length > 10);
    for (const panel of panels) {
      assert.ok(isPanel(panel), JSON.stringify(panel).slice(0, 80));
      for (const { expr } of panel.targets) {
        const used = namesIn(expr);
        assert.ok(used.length > 0, `${panel.title}: ${expr}`);
        assert.deepEqual(used.filter((name) => !NAMES.has(name)), [], panel.title);
      }
    }
  });
});

function namesOfLabels(cell: string): string[] {
  return [...cell.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? '');
}
