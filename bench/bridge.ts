/**
 * npm run bench:bridge — one real supervisord with our runtime as its event listener.
 * - event_to_model_p50/p99: at t0 the bench asks supervisord (its own socket) to start a stopped
 *   program; supervisord spawns it and pushes PROCESS_STATE_STARTING while answering; the bridge
 *   stamps the process's start_monotonic when its model changes. Both sides read
 *   CLOCK_MONOTONIC, so start_monotonic - t0 is the whole path (request transit included).
 *   A crash is not used as the trigger: supervisord itself notices a child's exit up to 1 s late
 *   (its main loop wakes once a second), which says nothing about the runtime.
 * - local_info_rpc_p50: supvisors.get_all_local_process_info with 300 programs, over HTTP: from
 *   sending the request to the last byte of the answer (its XML is checked once, not decoded in the
 *   loop, so the figure is the server's, not this client's parser).
 * - runtime_rss: resident memory of supvisorsd, idle (before the RPC load), with those 300 programs.
 * - start_args_100 / start_batch_100: a bridge in this process (its messages are no public method)
 *   on a supervisord of its own without our runtime starts 100 stopped `sleep` programs
 *   (startsecs = 0: supervisord answers each start once the process is RUNNING), either as 100
 *   `start-args` without wait sent at once, as the starter sends a stage, or as one `start-batch`
 *   (one system.multicall): from sending to the last reply, median of BATCH_ROUNDS rounds.
 * - stop_process_100 / stop_batch_100: the same 100 stopped, by `stop-process` or one `stop-batch`.
 * BENCH_DEBUG=1 also prints every latency and the runtime's log on stderr.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { monotonicSeconds } from '../clock/clock.js';
import { ActorSystem } from '../actors/core/index.js';
import { readProgramSections } from '../config/program-sections.js';
import { list, num, PASSWORD, sleep, startNode, struct, USER, waitFor } from '../local-cluster/index.js';
import { Logger } from '../log/logger.js';
import { supervisorBridge } from '../supervisor-bridge/bridge.js';
import type { BatchOutcome, BridgeMessage } from '../supervisor-bridge/messages.js';
import type { LocalModel } from '../supervisor-bridge/model.js';
import { percentile, report } from './report.js';

const PROGRAMS = 300;
const STARTS = 40;
const WARM_UP = 5;
const CALLS = 100;
const BATCH = 100;
const BATCH_ROUNDS = 5;


const programs = [
  '[program:victim]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n',
  ...Array.from({ length: PROGRAMS - 1 }, (_, index) => `[program:idle_${index}]\ncommand = sleep 1000\nautostart = false\n`),
].join('\n');

// First, on a supervisord of its own: the runtime's node below does not disturb it.
await batchFigures();

const node = await startNode({ programs });
try {
  await node.waitRuntime(30_000);
  const local = async (name: string) => struct(await node.api.call('supvisors.get_local_process_info', [name]));
  const latencies: number[] = [];
  // The first rounds run while the runtime still digests supervisord's start-up burst (300 groups
  // added): they are warm-up, not counted.
  for (let round = -WARM_UP; round < STARTS; round += 1) {
    const before = num((await local('victim'))['start_monotonic']);
    const t0 = monotonicSeconds();
    await node.supervisor.call('supervisor.startProcess', ['victim', false]);
    let started = before;
    await waitFor('start seen', async () => {
      started = num((await local('victim'))['start_monotonic']);
      return started > before;
    }, { timeoutMs: 10_000, intervalMs: 1 });
    if (round >= 0) latencies.push((started - t0) * 1000);
    // A SIGTERM that reaches supervisord's child before it execs is lost (the child still has
    // supervisord's handlers) and the stop then lasts stopwaitsecs: let it exec first.
    await waitFor('victim RUNNING', async () => (await local('victim'))['statename'] === 'RUNNING', { timeoutMs: 10_000, intervalMs: 5 });
    await sleep(20);
    await node.supervisor.call('supervisor.stopProcess', ['victim', true], { timeoutMs: 30_000 });
  }
  latencies.sort((a, b) => a - b);
  if (process.env['BENCH_DEBUG'] === '1') process.stderr.write(`latencies: ${latencies.map((l) => l.toFixed(1)).join(' ')}\n`);
  report('event_to_model_p50', percentile(latencies, 0.5), 'ms', 2);
  report('event_to_model_p99', percentile(latencies, 0.99), 'ms', 2);

  await sleep(1000);
  const runtimePid = await node.runtimePid();
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${runtimePid}/status`, 'utf8'))?.[1] ?? NaN);
  report('runtime_rss', rssKb / 1024, 'MiB', 1);
  const request = '<?xml version="1.0"?><methodCall><methodName>supvisors.get_all_local_process_info</methodName><params></params></methodCall>';
  const post = async (): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${node.httpPort}/RPC2`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
      body: request,
    });
    return response.text();
  };
  const all = await node.api.call('supvisors.get_all_local_process_info');
  if (!Array.isArray(all) || all.length !== PROGRAMS + 1) throw new Error(`expected ${PROGRAMS + 1} processes`);
  const rpc: number[] = [];
  for (let call = 0; call < CALLS; call += 1) {
    const started = performance.now();
    const text = await post();
    rpc.push(performance.now() - started);
    if (!text.endsWith('</methodResponse>')) throw new Error('incomplete answer');
  }
  rpc.sort((a, b) => a - b);
  report('local_info_rpc_p50', percentile(rpc, 0.5), 'ms', 2);
} finally {
  if (process.env['BENCH_DEBUG'] === '1') process.stderr.write(node.runtimeLog());
  await node.stop();
}

/** start_args_100 / start_batch_100, stop_process_100 / stop_batch_100 (see the head of this file). */
async function batchFigures(): Promise<void> {
  const names = Array.from({ length: BATCH }, (_, index) => `batch_${index}`);
  const batchNode = await startNode({
    programs: names.map((name) => `[program:${name}]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n`).join('\n'),
    runtime: false,
  });
  const system = new ActorSystem({ node: 'bench', logger: Logger.create({ level: 'critical' }) });
  try {
    const bridge = system.spawn<BridgeMessage>(
      'supervisor-bridge',
      supervisorBridge({ client: batchNode.supervisor, sections: () => readProgramSections(batchNode.confFile) }),
    );
    const ASK_MS = 30_000;
    // This bridge gets no events: each round reads supervisord's state again before it starts.
    const resync = (): Promise<LocalModel> => {
      bridge.tell({ type: 'resync', reason: 'bench round' });
      return bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }), ASK_MS);
    };
    const accepted = (outcomes: readonly BatchOutcome[]): void => {
      const refused = outcomes.filter((outcome) => outcome.fault !== undefined);
      if (refused.length > 0) throw new Error(`refused: ${JSON.stringify(refused.slice(0, 3))}`);
    };
    const ways = {
      args: {
        start: async () => {
          await Promise.all(names.map((namespec) => bridge.ask<boolean>((replyTo) => ({ type: 'start-args', namespec, extraArgs: '', wait: false, replyTo }), ASK_MS)));
        },
        stop: async () => {
          await Promise.all(names.map((namespec) => bridge.ask<boolean>((replyTo) => ({ type: 'stop-process', namespec, replyTo }), ASK_MS)));
        },
      },
      batch: {
        start: async () => {
          const starts = names.map((namespec) => ({ namespec, extraArgs: '' }));
          accepted(await bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'start-batch', starts, replyTo }), ASK_MS));
        },
        stop: async () => {
          accepted(await bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'stop-batch', namespecs: names, replyTo }), ASK_MS));
        },
      },
    };
    const timings = { args: { start: [] as number[], stop: [] as number[] }, batch: { start: [] as number[], stop: [] as number[] } };
    const infos = async (): Promise<Record<string, unknown>[]> => list(await batchNode.supervisor.call('supervisor.getAllProcessInfo')).map(struct);
    const allIn = async (statename: string): Promise<boolean> => (await infos()).every((info) => info['statename'] === statename);
    // A SIGTERM that reaches supervisord's child before it execs is lost (SIGKILL comes
    // stopwaitsecs later): the stops wait until every child runs `sleep`.
    const commandOf = (pid: unknown): string => {
      try {
        return readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    };
    const allExeced = async (): Promise<boolean> => (await infos()).every((info) => commandOf(info['pid']) === 'sleep');
    for (let round = 0; round < BATCH_ROUNDS; round += 1) {
      // Each way goes first every other round, so that neither always meets a warmer supervisord.
      const order = round % 2 === 0 ? (['args', 'batch'] as const) : (['batch', 'args'] as const);
      for (const way of order) {
        await resync();
        let started = performance.now();
        await ways[way].start();
        timings[way].start.push(performance.now() - started);
        if (!(await allIn('RUNNING'))) throw new Error(`${way}: not every program is RUNNING once the starts are answered`);
        await waitFor(`${way}: every program exec'd`, allExeced, { timeoutMs: 10_000, intervalMs: 10 });
        started = performance.now();
        await ways[way].stop();
        timings[way].stop.push(performance.now() - started);
        await waitFor(`${way}: every program STOPPED`, () => allIn('STOPPED'), { timeoutMs: 10_000, intervalMs: 20 });
      }
    }
    const median = (values: number[]): number => percentile(values.sort((a, b) => a - b), 0.5);
    report(`start_args_${BATCH}`, median(timings.args.start), 'ms', 1);
    report(`start_batch_${BATCH}`, median(timings.batch.start), 'ms', 1);
    report(`stop_process_${BATCH}`, median(timings.args.stop), 'ms', 1);
    report(`stop_batch_${BATCH}`, median(timings.batch.stop), 'ms', 1);
    if (process.env['BENCH_DEBUG'] === '1') process.stderr.write(`batch rounds (ms): ${JSON.stringify(timings)}\n`);
  } finally {
    await system.shutdown();
    await batchNode.stop();
  }
}
