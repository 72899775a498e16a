/**
 * npm run bench:cluster — real clusters on loopback (local-cluster/), and the peer
 * transport alone between two processes.
 * - operation_time_3_nodes / operation_time_10_nodes: from launching the supervisords (STRICT,
 *   default heartbeats) to every node answering OPERATION to get_supvisors_state (polled every 50 ms).
 *   The launcher checks each supervisord answers (supervisor.getState every 50 ms), as a
 *   deployment script does; a side effect worth knowing: supervisord starts its programs (our
 *   runtime among them) after its first poll, which otherwise sleeps 1 s when nobody talks to it.
 * - detect_killed_node: SIGKILL of a node's supervisord and runtime at t0 (node3, not the Master)
 *   → node1 has it FAILED. Read from node1's log (the `RUNNING -> FAILED` line, ms resolution,
 *   same machine clock); node1's get_all_instances_info is polled meanwhile as a bound. Median
 *   of 3 (the node relaunched between rounds).
 * - detect_silent_node: SIGSTOP of node2's runtime and supervisord at t0 (sockets kept open, no
 *   FIN) → node1 has it FAILED; SIGCONT after. Same reading, median of 5.
 * - peer_throughput / peer_rtt_p50: the transport alone, this process and bench/peer-node.js
 *   (another process): tells to a remote actor, counted there (msgs/s), and sequential asks (µs).
 * BENCH_DEBUG=1 prints every sample on stderr.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ActorSystem } from '../actors/core/index.js';
import { HttpServer } from '../http/http-server.js';
import { Transport } from '../transport/index.js';
import { alive, descendants, sleep, startCluster, waitFor, type Cluster, type LocalNode } from '../local-cluster/index.js';
import { Logger } from '../log/logger.js';
import { PEER_BENCH_SECRET, type PeerBenchMessage } from './peer-protocol.js';
import { percentile, report } from './report.js';

const ROUNDS = 3;
/** Silence is caught by whichever comes first, the cluster's inactivity rounds or the transport's heartbeat check: more rounds. */
const SILENT_ROUNDS = 5;
const debug = process.env['BENCH_DEBUG'] === '1';
const note = (text: string): void => {
  if (debug) process.stderr.write(`${text}\n`);
};
const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 0.5);

/** Epoch ms of the first log line of `node` at or after `since` matching `pattern`. */
function logTime(node: LocalNode, pattern: RegExp, since: number): number | undefined {
  for (const line of node.runtimeLog().split('\n')) {
    const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3});/.exec(line);
    if (match === null || !pattern.test(line)) continue;
    const [, y, mo, d, h, mi, s, ms] = match.map(Number) as [number, number, number, number, number, number, number, number];
    const when = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
    if (when >= since - 1) return when;
  }
  return undefined;
}

async function operationTime(n: number): Promise<{ seconds: number; cluster: Cluster }> {
  const t0 = performance.now();
  const cluster = await startCluster(n);
  try {
    await cluster.waitState(cluster.nodes, 'OPERATION', 40_000);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { seconds: (performance.now() - t0) / 1000, cluster };
}

/** At t0 `act`, then: ms until `observer` logs `target` FAILED (log), and until its API shows it not RUNNING (poll). */
async function detection(cluster: Cluster, observer: LocalNode, target: LocalNode, act: () => Promise<void> | void): Promise<{ log: number; poll: number }> {
  const pattern = new RegExp(`instance ${target.identifier.replaceAll('.', '\\.')} RUNNING -> FAILED`);
  const wall = Date.now();
  const t0 = performance.now();
  await act();
  await cluster.waitInstanceState(observer, target, ['FAILED', 'STOPPED'], 10_000);
  const poll = performance.now() - t0;
  let logged: number | undefined;
  await waitFor('the FAILED line in the log', () => (logged = logTime(observer, pattern, wall)) !== undefined, { timeoutMs: 2000, intervalMs: 20 }).catch(() => undefined);
  if (debug) note(observer.runtimeLog().split('\n').filter((line) => pattern.test(line)).slice(-1).join(''));
  return { log: logged === undefined ? poll : logged - wall, poll };
}

async function clusterFigures(): Promise<void> {
  const three = await operationTime(3);
  report('operation_time_3_nodes', three.seconds, 's', 2);
  const { cluster } = three;
  try {
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    const killed: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const figures = await detection(cluster, node1, node3, () => cluster.killNode(node3));
      note(`detect_killed_node round ${round}: log ${figures.log} ms, poll ${figures.poll.toFixed(1)} ms`);
      killed.push(figures.log);
      await cluster.restartNode(node3);
      await cluster.waitInstanceState(node1, node3, ['RUNNING'], 15_000);
    }
    report('detect_killed_node', median(killed), 'ms', 0);
    const silent: number[] = [];
    for (let round = 0; round < SILENT_ROUNDS; round += 1) {
      const pids = [node2.pid, ...descendants(node2.pid)].filter(alive);
      const figures = await detection(cluster, node1, node2, () => {
        for (const pid of pids) process.kill(pid, 'SIGSTOP');
      });
      note(`detect_silent_node round ${round}: log ${figures.log} ms, poll ${figures.poll.toFixed(1)} ms`);
      silent.push(figures.log);
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGCONT');
      await cluster.waitInstanceState(node1, node2, ['RUNNING'], 15_000);
    }
    report('detect_silent_node', median(silent), 'ms', 0);
  } finally {
    await cluster.stop();
  }
  const ten = await operationTime(10);
  await ten.cluster.stop();
  report('operation_time_10_nodes', ten.seconds, 's', 2);
}

async function peerFigures(): Promise<void> {
  const logger = Logger.create({ level: 'critical' });
  const system = new ActorSystem({ node: 'bench-a', logger });
  const http = new HttpServer([], logger);
  const port = await http.listen(0, '127.0.0.1');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'peer-node.js'), 'bench-a', String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let transport: Transport | undefined;
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await Promise.race([once(lines, 'line'), sleep(10_000).then(() => [''])])) as string[];
    const peerPort = Number(first);
    if (!(peerPort > 0)) throw new Error('the peer process did not give its port');
    transport = new Transport(system, http, {
      identifier: 'bench-a',
      peers: [{ identifier: 'bench-b', host: '127.0.0.1', port: peerPort }],
      listenHost: '127.0.0.1',
      secret: PEER_BENCH_SECRET,
    });
    const up = transport;
    await waitFor('the link to the peer process', () => up.isUp('bench-b'), { timeoutMs: 10_000, intervalMs: 5 });
    const remote = transport.remoteRef<PeerBenchMessage>('bench-b', 'bench');

    // round trips: sequential asks
    const rtts: number[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const start = performance.now();
      await remote.ask<number>((replyTo) => ({ type: 'ping', n: index, replyTo }), 5000);
      if (index >= 500) rtts.push((performance.now() - start) * 1000);
    }
    rtts.sort((a, b) => a - b);
    note(`rtt p50 ${percentile(rtts, 0.5).toFixed(0)} us, p99 ${percentile(rtts, 0.99).toFixed(0)} us`);

    // throughput: tells in chunks (one event-loop turn each), until the far end counted them all
    const before = await remote.ask<number>((replyTo) => ({ type: 'count', replyTo }), 5000);
    const CHUNK = 2000;
    const DURATION_MS = 3000;
    let sent = 0;
    let refused = 0;
    const start = performance.now();
    while (performance.now() - start < DURATION_MS) {
      for (let index = 0; index < CHUNK; index += 1) {
        if (remote.tell({ type: 'hit', n: sent }) === 'delivered') sent += 1;
        else refused += 1;
      }
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      if (refused > 0) await sleep(1);
    }
    let counted = 0;
    await waitFor(
      'the far end to count every tell',
      async () => (counted = (await remote.ask<number>((replyTo) => ({ type: 'count', replyTo }), 10_000)) - before) >= sent,
      { timeoutMs: 20_000, intervalMs: 1 },
    );
    const elapsed = (performance.now() - start) / 1000;
    note(`throughput: ${sent} sent, ${counted} counted, ${refused} refused (back-pressure) in ${elapsed.toFixed(2)} s`);
    report('peer_throughput', counted / elapsed, 'msgs/s', 0);
    report('peer_rtt_p50', percentile(rtts, 0.5), 'us', 0);
  } finally {
    child.stdin?.end();
    const exited = once(child, 'exit');
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await transport?.close();
    await system.shutdown();
    await http.close();
  }
}

await peerFigures();
await clusterFigures();
