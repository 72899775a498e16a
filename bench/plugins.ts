/**
 * npm run bench:plugins — the cost and the isolation of plugins in worker threads (docs/extending.md):
 * - plugin_choose_p50 / plugin_choose_p99 (µs): one placement asked of the example ROUND_ROBIN
 *   through its worker thread (plugin-worker/host.ts, as the plugin's proxy actor asks it), one
 *   call at a time, after a warm-up;
 * - plugin_block_heartbeat_gap (ms): on a real 2-node cluster (local-cluster/), node1 runs a
 *   starting plugin that blocks its thread for 10 s in `choose` (`plugin_timeout = 15`, so that
 *   it is not cut short); the longest gap between node1's heartbeats as node2 receives them
 *   during the block (node2's `local_mtime` of node1 in get_all_instances_info, polled every
 *   20 ms). Heartbeats are sent every heartbeat_period (250 ms): a gap near 250 ms says the
 *   node's own thread went on; 10 000 would say the plugin held it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { list, num, sleep, startCluster, struct, waitFor, type Cluster, type LocalNode } from '../local-cluster/index.js';
import { openPluginWorker } from '../plugin-worker/host.js';
import type { PlacementInput } from '../strategies/placement.js';
import { percentile, report } from './report.js';

const ROUND_ROBIN = fileURLToPath(new URL('../examples/plugins/round-robin.js', import.meta.url));
const WARM_UP = 2000;
const MEASURED = 20_000;
const BLOCK_MS = 10_000;

async function chooseTimes(): Promise<number[]> {
  const worker = await openPluginWorker(ROUND_ROBIN, { timeoutMs: 5000 });
  const input: PlacementInput = {
    candidates: ['n1', 'n2', 'n3'].map((identifier) => ({ identifier, machineId: identifier, valid: true, nodeLoading: 10, instanceLoading: 10 })),
    load: 5,
    localIdentifier: 'n1',
  };
  try {
    const micros: number[] = [];
    for (let index = 0; index < WARM_UP + MEASURED; index += 1) {
      const started = performance.now();
      await worker.call('choose', (api) => api.choose(input));
      if (index >= WARM_UP) micros.push((performance.now() - started) * 1000);
    }
    return micros.sort((a, b) => a - b);
  } finally {
    await worker.terminate();
  }
}

/** A starting plugin whose first choose writes the runtime's PID to `marker`, then holds its thread for BLOCK_MS. */
function blockerModule(marker: string): string {
  return `import { writeFileSync } from 'node:fs';
export const name = 'BLOCKER';
export const kind = 'starting';
export function choose() {
  writeFileSync(${JSON.stringify(marker)}, String(process.pid));
  const end = Date.now() + ${BLOCK_MS};
  while (Date.now() < end);
  return null;
}
`;
}

/** The observer's local_mtime (s) of the last heartbeat it accepted from `beating`, or undefined when none yet (0). */
async function lastBeat(cluster: Cluster, observer: LocalNode, beating: LocalNode): Promise<number | undefined> {
  const infos = list(await cluster.call(observer, 'supvisors.get_all_instances_info')).map(struct);
  const info = infos.find((item) => item['identifier'] === beating.identifier);
  const mtime = info === undefined ? 0 : num(info['local_mtime']);
  return mtime > 0 ? mtime : undefined;
}

async function blockHeartbeatGap(dir: string): Promise<number> {
  const marker = join(dir, 'blocking');
  writeFileSync(join(dir, 'blocker.mjs'), blockerModule(marker));
  writeFileSync(
    join(dir, 'rules.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<root><application name="blk"><programs><program name="p"><start_sequence>1</start_sequence></program></programs></application></root>\n`,
  );
  const programs = '[group:blk]\nprograms = p\n[program:p]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n';
  const cluster = await startCluster(2, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}\nplugins = ${join(dir, 'blocker.mjs')}\nplugin_timeout = 15` });
  try {
    const [node1, node2] = cluster.nodes;
    if (node1 === undefined || node2 === undefined) throw new Error('2 nodes expected');
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
    const beats: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const beat = await lastBeat(cluster, node2, node1);
        if (beat !== undefined && beat !== beats.at(-1)) beats.push(beat);
        await sleep(20);
      }
    })();
    const start = cluster.call(node1, 'supvisors.start_process', ['BLOCKER', 'blk:p', '', false], BLOCK_MS + 10_000).catch(() => false);
    await waitFor('the plugin blocking', () => Promise.resolve(existsSync(marker)), { timeoutMs: 10_000, intervalMs: 20 });
    const blocked = performance.now();
    const pid = Number(readFileSync(marker, 'utf8'));
    if (pid !== (await cluster.runtimePid(node1))) throw new Error(`the plugin blocked in PID ${pid}, not in node1's runtime`);
    await waitFor('the block over', () => Promise.resolve(performance.now() - blocked > BLOCK_MS + 250), { timeoutMs: BLOCK_MS + 5000, intervalMs: 50 });
    polling = false;
    await Promise.all([poll, start]);
    if (beats.length < 2) throw new Error('node2 saw no heartbeat of node1');
    return Math.max(...beats.slice(1).map((beat, index) => (beat - (beats[index] ?? beat)) * 1000));
  } finally {
    await cluster.stop();
  }
}

const times = await chooseTimes();
report('plugin_choose_p50', percentile(times, 0.5), 'µs');
report('plugin_choose_p99', percentile(times, 0.99), 'µs');
const dir = mkdtempSync(join(tmpdir(), 'supvisors-bench-plugins-'));
try {
  report('plugin_block_heartbeat_gap', await blockHeartbeatGap(dir), 'ms', 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
