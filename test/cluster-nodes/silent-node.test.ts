/**
 * A silent node (SIGSTOP of its supervisord and runtime: sockets stay open, no FIN): the others
 * see it not RUNNING within 2 s (the transport declares a peer silent after 4 heartbeats of
 * 250 ms, 1 to 1.25 s; the cluster's inactivity rounds may catch it sooner), and RUNNING again
 * once it runs again (SIGCONT).
 */
import assert from 'node:assert/strict';
import { alive, clusterLogsOnFailure, descendants, startCluster, waitMaster, type Cluster } from '../helpers/cluster.js';

const SILENCE_BOUND_MS = 2000;

describe('silent node (SIGSTOP)', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('is seen FAILED/STOPPED by the others, RUNNING again after SIGCONT', async () => {
    const c = await startCluster(3);
    cluster = c;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    const pids = [node3.pid, ...descendants(node3.pid)].filter(alive);
    const t0 = performance.now();
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['FAILED', 'STOPPED'], 5000)));
      const elapsed = performance.now() - t0;
      assert.ok(elapsed <= SILENCE_BOUND_MS, `seen not RUNNING after ${elapsed.toFixed(0)} ms`);
    } finally {
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGCONT');
    }
    await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['RUNNING'], 10_000)));
    await c.waitState(c.nodes, 'OPERATION', 10_000);
    await waitMaster(c.nodes, node1.identifier);
  });
});
