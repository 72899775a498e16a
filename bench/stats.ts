/**
 * npm run bench:stats — CPU used by the statistics collector's worker thread, in percent of one
 * core, sampling every 1 s the host and 100 / 500 real processes (`sleep 1000` children), over
 * about 10 s each. The worker thread reads its own CPU time from /proc/thread-self/stat at the
 * end of every task; the figure is Δ(thread CPU) / Δ(sample time) between two samples 10 s apart.
 * Also prints the duration of one sampling task. The children are killed by PID at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { ActorSystem, type ActorRef } from '../actors/core/index.js';
import type { CollectorInfo, StatsMessage } from '../actors/stats/messages.js';
import { statsActor } from '../actors/stats/stats-actor.js';
import { Logger } from '../log/logger.js';
import { report } from './report.js';

const WINDOW_S = 10;
const TIMEOUT_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(what: string, predicate: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function killChildren(children: readonly ChildProcess[]): Promise<void> {
  const exits = children.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => once(child, 'exit'));
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.race([Promise.all(exits), sleep(10_000)]);
}

async function measure(processes: number): Promise<{ cpuPercent: number; sampleMs: number }> {
  const children = Array.from({ length: processes }, () => spawn('sleep', ['1000'], { stdio: 'ignore' }));
  const system = new ActorSystem({ node: 'bench', logger: Logger.create({ level: 'critical' }) });
  try {
    const stats: ActorRef<StatsMessage> = system.spawn<StatsMessage>(
      'stats',
      statsActor({ identifier: 'bench', hostStats: true, processStats: true, collectingPeriod: 1, periods: [10], histo: 200, irixMode: false }),
    );
    const info = (): Promise<CollectorInfo> => stats.ask<CollectorInfo>((replyTo) => ({ type: 'collector-info', replyTo }));
    stats.tell({ type: 'supervisord-pid', pid: process.ppid });
    stats.tell({
      type: 'processes',
      processes: children.map((child, index) => ({ namespec: `bench:sleep_${index}`, pid: child.pid as number })),
    });
    // Warm-up: the worker thread started and every process measured once.
    await until('warm-up samples', async () => (await info()).samples >= 2);
    const start = await info();
    if (start.monitored !== processes) throw new Error(`${start.monitored} processes monitored instead of ${processes}`);
    await until('the measurement window', async () => (await info()).samples >= start.samples + WINDOW_S);
    const end = await info();
    if (end.failures > 0 || end.workerThreadId !== start.workerThreadId) throw new Error(`collector failed: ${end.lastFailure?.message}`);
    const cpu = (end.workerCpuSeconds ?? 0) - (start.workerCpuSeconds ?? 0);
    const elapsed = (end.lastSampleNow ?? 0) - (start.lastSampleNow ?? 0);
    return { cpuPercent: (100 * cpu) / elapsed, sampleMs: end.lastSampleMs ?? 0 };
  } finally {
    await system.shutdown();
    await killChildren(children);
  }
}

for (const processes of [100, 500]) {
  const { cpuPercent, sampleMs } = await measure(processes);
  report(`stats_cpu_${processes}`, cpuPercent, '%', 2);
  report(`stats_sample_ms_${processes}`, sampleMs, 'ms', 1);
}
