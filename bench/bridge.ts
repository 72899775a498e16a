/**
 * npm run bench:bridge — one real supervisord with our runtime as its event listener.
 * - event_to_model_p50/p99: a child is killed (SIGKILL) at t0; supervisord sees it exit and pushes
 *   PROCESS_STATE_EXITED; the bridge stamps the process's stop_monotonic when its model changes.
 *   Both sides read CLOCK_MONOTONIC, so stop_monotonic - t0 is the whole path.
 * - local_info_rpc_p50: supvisors.get_all_local_process_info with 300 programs, over HTTP.
 * - runtime_rss: resident memory of supvisorsd, idle, with those 300 programs.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startNode } from '../test/helpers/supervisord.js';
import { sleep, waitFor } from '../test/helpers/wait.js';
import type { XmlRpcValue } from '../api/xmlrpc/values.js';
import { percentile, report } from './report.js';

const PROGRAMS = 300;
const KILLS = 60;

const monotonic = (): number => Number(process.hrtime.bigint()) / 1e9;

function struct(value: XmlRpcValue): Record<string, XmlRpcValue> {
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date || Buffer.isBuffer(value)) throw new Error('not a struct');
  return value as Record<string, XmlRpcValue>;
}

function number(value: XmlRpcValue | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'number') return value.value;
  throw new Error(`not a number: ${JSON.stringify(value)}`);
}

const programs = [
  '[program:victim]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = true\nstartretries = 100\n',
  ...Array.from({ length: PROGRAMS - 1 }, (_, index) => `[program:idle_${index}]\ncommand = sleep 1000\nautostart = false\n`),
].join('\n');

const node = await startNode({ programs });
try {
  await node.waitRuntime(30_000);
  const local = async (name: string) => struct(await node.api.call('supvisors.get_local_process_info', [name]));
  await waitFor('victim RUNNING in the model', async () => (await local('victim'))['statename'] === 'RUNNING', { timeoutMs: 30_000 });

  const latencies: number[] = [];
  for (let round = 0; round < KILLS; round += 1) {
    await waitFor('victim RUNNING', async () => (await local('victim'))['statename'] === 'RUNNING', { timeoutMs: 10_000, intervalMs: 2 });
    const pid = number((await local('victim'))['pid']);
    const before = number((await local('victim'))['stop_monotonic']);
    const t0 = monotonic();
    process.kill(pid, 'SIGKILL');
    let stopped = before;
    await waitFor('exit seen', async () => {
      stopped = number((await local('victim'))['stop_monotonic']);
      return stopped > before;
    }, { timeoutMs: 10_000, intervalMs: 1 });
    latencies.push((stopped - t0) * 1000);
  }
  latencies.sort((a, b) => a - b);
  report('event_to_model_p50', percentile(latencies, 0.5), 'ms', 2);
  report('event_to_model_p99', percentile(latencies, 0.99), 'ms', 2);

  const rpc: number[] = [];
  for (let call = 0; call < 200; call += 1) {
    const started = performance.now();
    const all = await node.api.call('supvisors.get_all_local_process_info');
    rpc.push(performance.now() - started);
    if (!Array.isArray(all) || all.length !== PROGRAMS + 1) throw new Error(`expected ${PROGRAMS + 1} processes`);
  }
  rpc.sort((a, b) => a - b);
  report('local_info_rpc_p50', percentile(rpc, 0.5), 'ms', 2);

  await sleep(2000);
  const runtimePid = number(struct(await node.supervisor.call('supervisor.getProcessInfo', ['supvisors']))['pid']);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${runtimePid}/status`, 'utf8'))?.[1] ?? NaN);
  report('runtime_rss', rssKb / 1024, 'MiB', 1);
} finally {
  await node.stop();
}
