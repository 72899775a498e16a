/**
 * npm run bench:start — applications on 3 real instances (local-cluster/), programs
 * `sleep` with startsecs=0, as in Python Supvisors' figures (../shared/baseline.md):
 * - start_application_20 / start_application_100: start_application(CONFIG, app, wait=true)
 *   of an application of 20 / 100 programs, all in one start_sequence rank (s, median of 3);
 * - stop_application_100: stop_application(app, wait=true) of the 100 (s, median of 3);
 * - distribution_300: from launching the supervisords to every process of 10 auto-started
 *   applications of 30 programs RUNNING (s), CONFIG and expected_loading 0 as in the baseline
 *   (loopback instances share one machine, whose load is capped at 100 %).
 * BENCH_DEBUG=1 prints every sample on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { list, startCluster, struct, waitFor, type Cluster } from '../local-cluster/index.js';
import { percentile, report } from './report.js';

const ROUNDS = 3;
const debug = process.env['BENCH_DEBUG'] === '1';
const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 0.5);

function programSections(groups: ReadonlyMap<string, number>): string {
  const sections: string[] = [];
  for (const [group, count] of groups) {
    const names = Array.from({ length: count }, (_, index) => `${group}_${String(index).padStart(3, '0')}`);
    sections.push(`[group:${group}]\nprograms = ${names.join(',')}\n`);
    for (const name of names) sections.push(`[program:${name}]\ncommand = sleep 3600\nautostart = false\nstartsecs = 0\nstopwaitsecs = 5\n`);
  }
  return sections.join('\n');
}

function rulesFile(dir: string, applications: readonly { name: string; autoStart: boolean; strategy: string; load: number }[]): string {
  const file = join(dir, 'rules.xml');
  const body = applications
    .map(
      ({ name, autoStart, strategy, load }) => `  <application name="${name}">
    <start_sequence>${autoStart ? 1 : 0}</start_sequence>
    <starting_strategy>${strategy}</starting_strategy>
    <programs><program pattern=""><start_sequence>1</start_sequence><expected_loading>${load}</expected_loading></program></programs>
  </application>`,
    )
    .join('\n');
  writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<root>\n${body}\n</root>\n`);
  return file;
}

async function runningCount(cluster: Cluster): Promise<number> {
  const [node1] = cluster.nodes;
  if (node1 === undefined) return 0;
  try {
    const infos = list(await cluster.call(node1, 'supvisors.get_all_process_info', [], 10_000)).map(struct);
    return infos.filter((info) => info['statename'] === 'RUNNING' && typeof info['application_name'] === 'string' && info['application_name'].startsWith('dist')).length;
  } catch {
    return 0;
  }
}

async function startStopFigures(dir: string): Promise<void> {
  const rules = rulesFile(dir, [
    { name: 'app20', autoStart: false, strategy: 'CONFIG', load: 0 },
    { name: 'app100', autoStart: false, strategy: 'CONFIG', load: 0 },
  ]);
  const programs = programSections(
    new Map([
      ['app20', 20],
      ['app100', 100],
    ]),
  );
  const cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${rules}` });
  try {
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
    const [node1] = cluster.nodes;
    if (node1 === undefined) throw new Error('no node');
    const timed = async (method: string, params: (string | boolean)[]): Promise<number> => {
      const t0 = performance.now();
      await cluster.call(node1, method, params, 120_000);
      return (performance.now() - t0) / 1000;
    };
    const figures = new Map<string, number[]>([
      ['start_application_20', []],
      ['start_application_100', []],
      ['stop_application_100', []],
    ]);
    for (let round = 0; round < ROUNDS; round += 1) {
      figures.get('start_application_20')?.push(await timed('supvisors.start_application', ['CONFIG', 'app20', true]));
      await timed('supvisors.stop_application', ['app20', true]);
      figures.get('start_application_100')?.push(await timed('supvisors.start_application', ['CONFIG', 'app100', true]));
      figures.get('stop_application_100')?.push(await timed('supvisors.stop_application', ['app100', true]));
      if (debug) process.stderr.write(`round ${round}: ${[...figures].map(([name, values]) => `${name}=${values.at(-1)?.toFixed(2)}`).join(' ')}\n`);
    }
    for (const [name, values] of figures) report(name, median(values), 's', 2);
  } finally {
    await cluster.stop();
  }
}

async function distributionFigure(dir: string): Promise<void> {
  const names = Array.from({ length: 10 }, (_, index) => `dist${index}`);
  const rules = rulesFile(
    dir,
    names.map((name) => ({ name, autoStart: true, strategy: 'CONFIG', load: 0 })),
  );
  const programs = programSections(new Map(names.map((name) => [name, 30])));
  const t0 = performance.now();
  const cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${rules}` });
  try {
    await waitFor('300 processes RUNNING', async () => (await runningCount(cluster)) === 300, { timeoutMs: 55_000, intervalMs: 100 });
    report('distribution_300', (performance.now() - t0) / 1000, 's', 2);
  } finally {
    await cluster.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'supvisors-bench-start-'));
try {
  await startStopFigures(dir);
  await distributionFigure(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
