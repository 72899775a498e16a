/**
 * npm run bench:failover — running failures on 3 real instances (local-cluster/):
 * an application of N programs (RESTART_PROCESS, identifiers node3 then node2, startsecs=0) runs
 * on node3, plus one program on node1 so that the application is not lost as a whole.
 * - failover_killed_10 / failover_killed_100: SIGKILL of node3's supervisord and children at
 *   t0 → every lost process RUNNING on node2, seen by node1's get_all_process_info (s);
 * - failover_silent_10: node3 cut off (its veth down, no FIN: network namespaces made here, so
 *   root is needed) at t0 → the same (s). Skipped with a message on stderr without root.
 * - conciliation_heal: node3 partitioned from node1 and node2 (blackholed routes) while it runs
 *   the 10; the majority restarts them; at t0 the partition heals → no conflict left
 *   (get_conflicts empty on node1, every process on one instance), SENICIDE (s).
 * Default settings (heartbeats every 250 ms, 4 misses). BENCH_DEBUG=1 prints details on stderr.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { list, netnsSupport, startCluster, struct, waitFor, type Cluster, type LocalNode } from '../local-cluster/index.js';
import { report } from './report.js';

const debug = process.env['BENCH_DEBUG'] === '1';

function setup(dir: string, count: number): { programs: string; rules: string } {
  const names = Array.from({ length: count }, (_, index) => `fo_${String(index).padStart(3, '0')}`);
  const programs = [`[group:fo]\nprograms = ${[...names, 'keeper'].join(',')}\n`, ...[...names, 'keeper'].map((name) => `[program:${name}]\ncommand = sleep 3600\nautostart = false\nstartsecs = 0\n`)].join('\n');
  const rules = join(dir, `rules-${count}.xml`);
  writeFileSync(
    rules,
    `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="fo">
    <start_sequence>1</start_sequence>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>
      <program name="keeper"><start_sequence>1</start_sequence><identifiers>node1</identifiers></program>
      <program pattern="fo_"><start_sequence>1</start_sequence><identifiers>node3,node2</identifiers></program>
    </programs>
  </application>
</root>
`,
  );
  return { programs, rules };
}

async function runningOn(cluster: Cluster, observer: LocalNode, identifier: string): Promise<number> {
  try {
    const infos = list(await cluster.call(observer, 'supvisors.get_process_info', ['fo:*'], 10_000)).map(struct);
    return infos.filter((info) => info['statename'] === 'RUNNING' && Array.isArray(info['identifiers']) && info['identifiers'].length === 1 && info['identifiers'][0] === identifier && info['process_name'] !== 'keeper').length;
  } catch {
    return 0;
  }
}

/** Conflicts node1 sees once it has heard node3 again (-1 before, or while it cannot answer). */
async function conflictsLeft(cluster: Cluster, observer: LocalNode): Promise<number> {
  try {
    const node3 = cluster.nodes[2];
    const instances = list(await cluster.call(observer, 'supvisors.get_all_instances_info', [], 5000)).map(struct);
    if (instances.find((instance) => instance['identifier'] === node3?.identifier)?.['statename'] !== 'RUNNING') return -1;
    const state = await cluster.stateOf(observer);
    if (state !== 'OPERATION' && state !== 'CONCILIATION') return -1;
    const conflicts = list(await cluster.call(observer, 'supvisors.get_conflicts', [], 5000));
    return conflicts.length;
  } catch {
    return -1;
  }
}

async function failover(dir: string, count: number, how: 'kill' | 'cut' | 'heal'): Promise<number> {
  const { programs, rules } = setup(dir, count);
  const conciliation = how === 'heal' ? '\nconciliation_strategy = SENICIDE' : '';
  const cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${rules}${conciliation}`, netns: how !== 'kill' });
  try {
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState(cluster.nodes, 'OPERATION', 40_000);
    await waitFor(`${count} processes on node3`, async () => (await runningOn(cluster, node1, node3.identifier)) === count, { timeoutMs: 30_000, intervalMs: 100 });
    if (how === 'heal') {
      cluster.network?.partition([node3.index], [node1.index, node2.index]);
      await waitFor(`${count} processes on node2`, async () => (await runningOn(cluster, node1, node2.identifier)) === count, { timeoutMs: 30_000, intervalMs: 20 });
    }
    const t0 = performance.now();
    if (how === 'kill') await cluster.killNode(node3);
    else if (how === 'cut') cluster.network?.cut(node3.index);
    else cluster.network?.heal();
    if (how === 'heal') {
      // the conflict must be seen first: right after the heal node1 may not have node3's list yet
      await waitFor('the conflicts seen', async () => (await conflictsLeft(cluster, node1)) > 0, { timeoutMs: 30_000, intervalMs: 10 });
      await waitFor('no conflict left', async () => (await conflictsLeft(cluster, node1)) === 0, { timeoutMs: 30_000, intervalMs: 20 });
    }
    else await waitFor(`${count} processes on node2`, async () => (await runningOn(cluster, node1, node2.identifier)) === count, { timeoutMs: 30_000, intervalMs: 20 });
    const seconds = (performance.now() - t0) / 1000;
    if (debug) process.stderr.write(`${how} ${count}: ${seconds.toFixed(3)} s\n`);
    return seconds;
  } finally {
    await cluster.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'supvisors-bench-failover-'));
try {
  report('failover_killed_10', await failover(dir, 10, 'kill'), 's', 2);
  report('failover_killed_100', await failover(dir, 100, 'kill'), 's', 2);
  const missing = netnsSupport();
  if (missing === undefined) {
    report('failover_silent_10', await failover(dir, 10, 'cut'), 's', 2);
    report('conciliation_heal', await failover(dir, 10, 'heal'), 's', 2);
  } else process.stderr.write(`failover_silent_10 and conciliation_heal skipped: ${missing}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
