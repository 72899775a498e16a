/**
 * npm run bench:chaos — exactly one copy of every program through random faults, on 3 real
 * instances (local-cluster/): three applications of three programs each
 * (RESTART_PROCESS, spread over the nodes), conciliation_strategy SENICIDE. N cycles (default
 * 20; `CHAOS_CYCLES`, seed `CHAOS_SEED` to replay a run), each one fault on a random node:
 * - runtime: kill -9 of its supvisorsd (supervisord respawns it; its programs keep running);
 * - node: kill -9 of its supervisord and every child, relaunched at once;
 * - freeze: SIGSTOP of the whole node for 2-5 s, then SIGCONT;
 * - restart: supervisor.restart of its supervisord;
 * then a bounded settle (SETTLE_BOUND_MS): the faulted node runs a new runtime (but after a
 * freeze), every node answers in OPERATION, sees the three RUNNING, no job left, and — read from
 * the three supervisords themselves, not from our model — every program runs exactly once, all
 * of it for STABLE_MS without a break. Figures:
 * - chaos_cycles;
 * - duplicates_after_settle / missing_after_settle: programs running on several supervisords /
 *   on none, summed over the cycles, at the end of each settle;
 * - stuck_jobs: instances with start or stop jobs at the end of a settle, summed;
 * - settle_max / settle_median (s): from the end of the fault (after a freeze: its SIGCONT) to
 *   the start of the stable window.
 * BENCH_DEBUG=1 prints each cycle on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { descendants, list, sleep, startCluster, struct, type Cluster, type LocalNode } from '../local-cluster/index.js';
import { report } from './report.js';

const debug = process.env['BENCH_DEBUG'] === '1';
const CYCLES = Number(process.env['CHAOS_CYCLES'] ?? process.argv[2] ?? 20);
const SEED = Number(process.env['CHAOS_SEED'] ?? Date.now() % 1_000_000);
const SETTLE_BOUND_MS = 30_000;
/** Settled means settled for this long: a resumed node may answer from its stale view for a moment. */
const STABLE_MS = 1000;
const APPLICATIONS = ['alpha', 'beta', 'gamma'];
const PROGRAMS = ['p1', 'p2', 'p3'];
const FAULTS = ['runtime', 'node', 'freeze', 'restart'] as const;
type Fault = (typeof FAULTS)[number];

/** mulberry32: a small seeded generator, so that a run can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setup(dir: string): { programs: string; rules: string } {
  const sections = APPLICATIONS.flatMap((application) => [
    `[group:${application}]\nprograms = ${PROGRAMS.map((program) => `${application}_${program}`).join(',')}\n`,
    ...PROGRAMS.map((program) => `[program:${application}_${program}]\ncommand = sleep 3600\nautostart = false\nstartsecs = 0\nautorestart = false\n`),
  ]);
  const order = (shift: number): string => [1, 2, 3].map((index) => `node${((index - 1 + shift) % 3) + 1}`).join(',');
  const rules = join(dir, 'rules.xml');
  writeFileSync(
    rules,
    `<?xml version="1.0" encoding="UTF-8"?>
<root>
${APPLICATIONS.map(
  (application, index) => `  <application name="${application}">
    <start_sequence>1</start_sequence>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs><program pattern="${application}_"><start_sequence>1</start_sequence><identifiers>${order(index)}</identifiers></program></programs>
  </application>`,
).join('\n')}
</root>
`,
  );
  return { programs: sections.join('\n'), rules };
}

interface Truth {
  readonly duplicates: string[];
  readonly missing: string[];
}

/** What the supervisords run, program by program: the ground truth. */
async function groundTruth(cluster: Cluster): Promise<Truth | undefined> {
  const counts = new Map<string, number>();
  for (const application of APPLICATIONS) for (const program of PROGRAMS) counts.set(`${application}:${application}_${program}`, 0);
  for (const node of cluster.nodes) {
    if (node.pid <= 0) return undefined;
    try {
      const infos = list(await node.supervisor.call('supervisor.getAllProcessInfo', [], { timeoutMs: 2000 })).map(struct);
      for (const info of infos) {
        const text = (value: unknown): string => (typeof value === 'string' ? value : '');
        const key = `${text(info['group'])}:${text(info['name'])}`;
        if (counts.has(key) && ['RUNNING', 'STARTING', 'BACKOFF', 'STOPPING'].includes(text(info['statename']))) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } catch {
      return undefined;
    }
  }
  return { duplicates: [...counts].filter(([, count]) => count > 1).map(([key]) => key), missing: [...counts].filter(([, count]) => count === 0).map(([key]) => key) };
}

/** The instances with jobs left, or undefined while the cluster is not all in OPERATION with the three RUNNING. */
async function clusterSettled(cluster: Cluster): Promise<number | undefined> {
  let withJobs = 0;
  for (const node of cluster.nodes) {
    try {
      const state = struct(await cluster.call(node, 'supvisors.get_supvisors_state', [], 2000));
      if (state['fsm_statename'] !== 'OPERATION') return undefined;
      const jobs = [state['starting_jobs'], state['stopping_jobs']].map((value) => (Array.isArray(value) ? value.length : 0));
      withJobs += jobs[0] ?? 0;
      withJobs += jobs[1] ?? 0;
      const instances = list(await cluster.call(node, 'supvisors.get_all_instances_info', [], 2000)).map(struct);
      if (instances.filter((info) => info['statename'] === 'RUNNING').length !== cluster.nodes.length) return undefined;
    } catch {
      return undefined;
    }
  }
  return withJobs;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

async function inject(cluster: Cluster, fault: Fault, node: LocalNode, random: () => number): Promise<string> {
  switch (fault) {
    case 'runtime':
      await cluster.killRuntime(node);
      return `kill -9 of ${node.nick}'s runtime`;
    case 'node':
      await cluster.killNode(node);
      await cluster.launch(node);
      return `kill -9 of ${node.nick}, relaunched`;
    case 'freeze': {
      const ms = 2000 + Math.round(random() * 3000);
      const pids = [node.pid, ...descendants(node.pid)];
      signalAll(pids, 'SIGSTOP');
      await sleep(ms); // the fault itself is a duration
      signalAll(pids, 'SIGCONT');
      return `${node.nick} frozen ${ms} ms`;
    }
    case 'restart':
      await node.supervisor.call('supervisor.restart', [], { timeoutMs: 5000 });
      return `supervisord restart of ${node.nick}`;
  }
}

async function main(): Promise<void> {
  const random = generator(SEED);
  process.stderr.write(`bench:chaos: ${CYCLES} cycles, CHAOS_SEED=${SEED}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-chaos-'));
  const { programs, rules } = setup(dir);
  let cluster: Cluster | undefined;
  let duplicates = 0;
  let missing = 0;
  let stuck = 0;
  const settles: number[] = [];
  try {
    cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${rules}\nconciliation_strategy = SENICIDE` });
    const c = cluster;
    await c.waitState(c.nodes, 'OPERATION', 60_000);
    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const fault = FAULTS[Math.floor(random() * FAULTS.length)] ?? 'runtime';
      const node = c.nodes[Math.floor(random() * c.nodes.length)];
      if (node === undefined) throw new Error('no node');
      const runtimeBefore = await c.runtimePid(node);
      const what = await inject(c, fault, node, random);
      const t0 = performance.now();
      let truth: Truth | undefined;
      let jobs: number | undefined;
      let settled = false;
      let streak: number | undefined;
      while (performance.now() - t0 < SETTLE_BOUND_MS) {
        // a fault that has not shown yet is not settled: the node must run a new runtime (every fault but a freeze gives one)
        const respawned = fault === 'freeze' || ((await c.runtimePid(node)) !== runtimeBefore);
        jobs = await clusterSettled(c);
        truth = await groundTruth(c);
        const now = performance.now();
        if (respawned && jobs === 0 && truth !== undefined && truth.duplicates.length === 0 && truth.missing.length === 0) {
          streak ??= now;
          if (now - streak >= STABLE_MS) {
            settled = true;
            break;
          }
        } else {
          streak = undefined;
        }
        await sleep(100);
      }
      const elapsed = ((settled && streak !== undefined ? streak : performance.now()) - t0) / 1000;
      settles.push(elapsed);
      duplicates += truth?.duplicates.length ?? 0;
      missing += truth?.missing.length ?? APPLICATIONS.length * PROGRAMS.length;
      stuck += jobs ?? 0;
      if (debug || !settled) {
        process.stderr.write(
          `cycle ${cycle}: ${what}: ${settled ? 'settled' : 'NOT settled'} in ${elapsed.toFixed(2)} s` +
            (settled ? '\n' : ` (duplicates ${truth?.duplicates.join(' ') ?? '?'}; missing ${truth?.missing.join(' ') ?? '?'}; jobs ${String(jobs ?? '?')})\n`),
        );
      }
    }
  } finally {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...settles].sort((a, b) => a - b);
  report('chaos_cycles', settles.length, 'count', 0);
  report('duplicates_after_settle', duplicates, 'count', 0);
  report('missing_after_settle', missing, 'count', 0);
  report('stuck_jobs', stuck, 'count', 0);
  report('settle_max', sorted.at(-1) ?? 0, 's', 2);
  report('settle_median', sorted[Math.floor(sorted.length / 2)] ?? 0, 's', 2);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:chaos failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
