/**
 * npm run bench:memory — what a node costs in memory, on a real cluster of 3 nodes on loopback
 * (local-cluster/) with 300 programs (15 applications × 20 `sleep`, started at DISTRIBUTION,
 * CONFIG: all on node1, the Master, as in Python Supvisors' figure). Each figure is the worst
 * node's (node1 in practice: it runs the 300 and the jobs):
 * - runtime_rss_steady, runtime_pss_steady (MiB): the runtime's resident / proportional set, the
 *   median of samples every second over `--sample-s` (30) seconds once the 300 run (the cluster
 *   in OPERATION).
 * - runtime_rss_peak (MiB): the runtime's high-water mark (VmHWM) from its launch to the end:
 *   start-up, distribution, the 100-program start below.
 * - runtime_cpu_rest (% of one core): the runtime's CPU time over the same samples (heartbeats,
 *   statistics, the event stream): what its node flags cost or save at rest.
 * - node_total_rss (MiB): a node's supervisord + runtime (the steady medians), what Python's
 *   104.6 MiB compares with (supervisord with its plugin + the statistics collector).
 * - event_loop_delay_p99_rest, event_loop_delay_p99_start, event_loop_delay_max_start (ms): the
 *   runtimes' own figures (supvisors.get_actor_diagnostics `eventLoop`, 10 s windows): a window
 *   inside the sampling, then the window holding a 100-program start (5 of the applications
 *   stopped, then started again at once with wait=True; the start is made early in a window).
 * - soak_rss_growth, soak_rss_growth_from_rest (%, with `--soak`): churn (applications stopped
 *   and started, programs killed with SIGKILL and restarted by supervisord): a warm-up minute,
 *   then `--soak-minutes` (10). The growth of the runtime's RSS median (10 samples) over the
 *   soak, from the end of the warm-up (what a leak would show), and from rest before any churn
 *   (the warm-up included: malloc arenas and compiled code growing to their working size).
 * BENCH_DEBUG=1 prints every node's figures and process.memoryUsage()-like breakdown on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { list, num, sleep, startCluster, struct, waitFor, type Cluster, type LocalNode } from '../local-cluster/index.js';
import { cpuSeconds, procMemory } from './memory/proc-figures.js';
import { median, report } from './report.js';
import { applications, programSections, rulesXml } from './scale/configuration.js';

const debug = process.env['BENCH_DEBUG'] === '1';
const note = (text: string): void => {
  if (debug) process.stderr.write(`${text}\n`);
};

const USAGE = `usage: npm run bench:memory -- [--sample-s S] [--soak] [--soak-minutes M]
  --sample-s S      seconds of steady samples (default 30)
  --soak            also soak_rss_growth: minutes of starts, stops and crashes
  --soak-minutes M  length of the soak (default 10)`;

function options(): { sampleS: number; soakMinutes: number | undefined } {
  const { values } = parseArgs({ options: { 'sample-s': { type: 'string' }, soak: { type: 'boolean' }, 'soak-minutes': { type: 'string' } }, strict: true, allowPositionals: false });
  const sampleS = Number(values['sample-s'] ?? 30);
  const soakMinutes = Number(values['soak-minutes'] ?? 10);
  if (!(sampleS >= 2) || !(soakMinutes > 0)) throw new Error(`--sample-s >= 2 and --soak-minutes > 0\n${USAGE}`);
  return { sampleS, soakMinutes: values.soak === true ? soakMinutes : undefined };
}

const APPLICATIONS = applications('mem', 15, 20, true);
const PROGRAMS = APPLICATIONS.reduce((sum, application) => sum + application.programs, 0);
/** Churn before the soak's baseline: malloc arenas and compiled code reach their working size in about 150 rounds (a minute). */
const WARM_UP_MINUTES = 1;
/** The applications stopped and started again for the 100-program start. */
const RESTARTED = APPLICATIONS.slice(0, 5).map((application) => application.name);

interface Pids {
  readonly node: LocalNode;
  readonly runtime: number;
  readonly supervisord: number;
}

interface Samples {
  readonly rss: number[];
  readonly pss: number[];
  readonly supervisordRss: number[];
}

async function runningCount(cluster: Cluster, observer: LocalNode): Promise<number> {
  const infos = list(await cluster.call(observer, 'supvisors.get_all_process_info', [], 10_000)).map(struct);
  return infos.filter((info) => info['statename'] === 'RUNNING').length;
}

async function sample(all: readonly Pids[], seconds: number): Promise<Map<LocalNode, Samples>> {
  const samples = new Map<LocalNode, Samples>(all.map(({ node }) => [node, { rss: [], pss: [], supervisordRss: [] }]));
  for (let second = 0; second < seconds; second += 1) {
    for (const { node, runtime, supervisord } of all) {
      const memory = procMemory(runtime);
      const daemon = procMemory(supervisord);
      const into = samples.get(node);
      if (memory === undefined || daemon === undefined || into === undefined) throw new Error(`${node.nick}: runtime ${runtime} or supervisord ${supervisord} is gone`);
      into.rss.push(memory.rssMiB);
      into.pss.push(memory.pssMiB);
      into.supervisordRss.push(daemon.rssMiB);
    }
    await sleep(1000);
  }
  return samples;
}

interface LoopFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** When the window began and ended, epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
}

async function eventLoop(cluster: Cluster, node: LocalNode): Promise<LoopFigures> {
  const diagnostics = struct(await cluster.call(node, 'supvisors.get_actor_diagnostics', [0, ''], 10_000));
  const loop = struct(diagnostics['eventLoop']);
  if (debug) note(`${node.nick} diagnostics memory: ${JSON.stringify(diagnostics['memory'])}`);
  const endedAt = num(loop['endedAt']);
  return { p50Ms: num(loop['p50Ms']), p99Ms: num(loop['p99Ms']), maxMs: num(loop['maxMs']), startedAt: endedAt - num(loop['windowS']) * 1000, endedAt };
}

/**
 * Waits until every node's last complete window began (`began`) or ended (`ended`) after `after`
 * (epoch ms); gives the worst p99 and max of those windows.
 */
async function windowsAfter(cluster: Cluster, after: number, edge: 'began' | 'ended'): Promise<{ p99Ms: number; maxMs: number }> {
  let figures: LoopFigures[] = [];
  await waitFor(
    `an event-loop window that ${edge} after the measured span began on every node`,
    async () => {
      figures = await Promise.all(cluster.nodes.map((node) => eventLoop(cluster, node)));
      return figures.every((figure) => (edge === 'began' ? figure.startedAt : figure.endedAt) >= after);
    },
    { timeoutMs: 25_000, intervalMs: 250 },
  );
  return { p99Ms: Math.max(...figures.map((figure) => figure.p99Ms)), maxMs: Math.max(...figures.map((figure) => figure.maxMs)) };
}

/** The 5 applications stopped, then (early in node1's window) started again: the worst windows holding the start. */
async function startWindows(cluster: Cluster, caller: LocalNode): Promise<{ p99Ms: number; maxMs: number }> {
  await Promise.all(RESTARTED.map((name) => cluster.call(caller, 'supvisors.stop_application', [name, true], 60_000)));
  // a fresh window of node1 (the one starting): the start then fits inside it
  const { endedAt } = await eventLoop(cluster, caller);
  await waitFor('a new event-loop window on node1', async () => (await eventLoop(cluster, caller)).endedAt > endedAt, { timeoutMs: 15_000, intervalMs: 50 });
  const startedAt = Date.now();
  await Promise.all(RESTARTED.map((name) => cluster.call(caller, 'supvisors.start_application', ['CONFIG', name, true], 60_000)));
  note(`100-program start: ${Date.now() - startedAt} ms`);
  return windowsAfter(cluster, Date.now(), 'ended');
}

/** Minutes of churn: applications stopped and started, programs killed (and restarted by supervisord). */
async function soak(cluster: Cluster, caller: LocalNode, minutes: number): Promise<void> {
  const end = Date.now() + minutes * 60_000;
  let round = 0;
  while (Date.now() < end) {
    const application = APPLICATIONS[round % APPLICATIONS.length]?.name ?? '';
    await cluster.call(caller, 'supvisors.stop_application', [application, true], 60_000);
    await cluster.call(caller, 'supvisors.start_application', ['CONFIG', application, true], 60_000);
    // a crash: a program of another application killed; supervisord restarts it (autorestart
    // unexpected), and the runtime follows both changes
    const crashed = APPLICATIONS[(round + 7) % APPLICATIONS.length]?.name ?? '';
    const victim = `${crashed}:${crashed}_${String(round % 20).padStart(3, '0')}`;
    const pidOf = async (): Promise<number> => num(struct(await caller.supervisor.call('supervisor.getProcessInfo', [victim], { timeoutMs: 5000 }))['pid']);
    const killed = await pidOf();
    if (killed > 0) process.kill(killed, 'SIGKILL');
    await waitFor(`${victim} restarted by supervisord`, async () => ![0, killed].includes(await pidOf()), { timeoutMs: 10_000, intervalMs: 50 });
    round += 1;
  }
  note(`soak: ${round} rounds`);
}

const worst = (values: readonly number[]): number => Math.max(...values);

async function main(): Promise<void> {
  const { sampleS, soakMinutes } = options();
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-bench-memory-'));
  const rules = join(dir, 'rules.xml');
  writeFileSync(rules, rulesXml(APPLICATIONS));
  const cluster = await startCluster(3, { programs: () => programSections(APPLICATIONS), supvisors: `rules_files = ${rules}` });
  try {
    const [node1] = cluster.nodes;
    if (node1 === undefined) throw new Error('no node1');
    await cluster.waitState(cluster.nodes, 'OPERATION', 60_000);
    await waitFor(`${PROGRAMS} programs RUNNING`, async () => (await runningCount(cluster, node1)) >= PROGRAMS, { timeoutMs: 60_000, intervalMs: 500 });
    const pids = await Promise.all(cluster.nodes.map(async (node) => ({ node, runtime: await cluster.runtimePid(node), supervisord: node.pid })));

    const sampledFrom = Date.now();
    const cpuFrom = pids.map(({ runtime }) => cpuSeconds(runtime) ?? Number.NaN);
    const steady = await sample(pids, sampleS);
    const cpuRest = pids.map(({ runtime }, index) => (((cpuSeconds(runtime) ?? Number.NaN) - (cpuFrom[index] ?? Number.NaN)) / ((Date.now() - sampledFrom) / 1000)) * 100);
    // a window inside the samples: nothing of the distribution in it, however short the sampling
    const rest = await windowsAfter(cluster, sampledFrom, 'began');
    const start = await startWindows(cluster, node1);

    const rss = pids.map(({ node }) => median(steady.get(node)?.rss ?? []));
    const pss = pids.map(({ node }) => median(steady.get(node)?.pss ?? []));
    const total = pids.map(({ node }) => median(steady.get(node)?.rss ?? []) + median(steady.get(node)?.supervisordRss ?? []));
    const peak = pids.map(({ runtime }) => procMemory(runtime)?.peakRssMiB ?? Number.NaN);
    pids.forEach(({ node }, index) => note(`${node.nick}: rss ${rss[index]?.toFixed(1)} pss ${pss[index]?.toFixed(1)} peak ${peak[index]?.toFixed(1)} node total ${total[index]?.toFixed(1)} MiB`));
    report('runtime_rss_steady', worst(rss), 'MiB');
    report('runtime_rss_peak', worst(peak), 'MiB');
    report('runtime_pss_steady', worst(pss), 'MiB');
    report('node_total_rss', worst(total), 'MiB');
    report('runtime_cpu_rest', worst(cpuRest), '%');
    report('event_loop_delay_p99_rest', rest.p99Ms, 'ms', 2);
    report('event_loop_delay_p99_start', start.p99Ms, 'ms', 2);
    report('event_loop_delay_max_start', start.maxMs, 'ms', 2);

    if (soakMinutes !== undefined) {
      const rest = await sample(pids, 10);
      await soak(cluster, node1, WARM_UP_MINUTES);
      const warm = await sample(pids, 10);
      await soak(cluster, node1, soakMinutes);
      const after = await sample(pids, 10);
      const growth = (from: Map<LocalNode, Samples>): number[] =>
        pids.map(({ node }) => {
          const start = median(from.get(node)?.rss ?? []);
          return ((median(after.get(node)?.rss ?? []) - start) / start) * 100;
        });
      const soaked = growth(warm);
      const fromRest = growth(rest);
      pids.forEach(({ node }, index) => note(`${node.nick}: soak growth ${soaked[index]?.toFixed(1)} %, from rest ${fromRest[index]?.toFixed(1)} %`));
      report('soak_rss_growth', worst(soaked), '%');
      report('soak_rss_growth_from_rest', worst(fromRest), '%');
    }
  } catch (error) {
    note(cluster.logs(40));
    throw error;
  } finally {
    // hundreds of programs make a graceful stop slow
    await Promise.allSettled(cluster.nodes.map((node) => cluster.killNode(node)));
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
