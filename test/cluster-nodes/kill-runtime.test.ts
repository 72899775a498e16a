/**
 * kill -9 of one node's runtime (not the Master's): the others see it not RUNNING (FAILED or
 * STOPPED) within 1.5 s (its sockets close: no heartbeat wait), stay in OPERATION; supervisord
 * restarts the runtime, which comes back RUNNING everywhere and adopts the Master.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, instanceStates, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const DETECTION_BOUND_MS = 1500;

describe('kill -9 of a runtime', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('is seen FAILED/STOPPED by the others at once, RUNNING again after supervisord restarts it', async () => {
    const c = await startCluster(3);
    cluster = c;
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState(cluster.nodes, 'OPERATION', 15_000);
    const t0 = performance.now();
    const old = await cluster.killRuntime(node3);
    const seen = await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['FAILED', 'STOPPED'], 5000)));
    const elapsed = performance.now() - t0;
    assert.ok(elapsed <= DETECTION_BOUND_MS, `seen not RUNNING after ${elapsed.toFixed(0)} ms (${seen.map((ms) => ms?.toFixed(0)).join(', ')})`);
    for (const node of [node1, node2]) assert.equal(await cluster.stateOf(node), 'OPERATION', `${node.nick} goes on (CONTINUE)`);
    await waitFor('a new runtime on node3', async () => {
      const pid = await c.runtimePid(node3);
      return pid !== undefined && pid > 0 && pid !== old;
    }, { timeoutMs: 10_000, intervalMs: 50 });
    await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['RUNNING'], 10_000)));
    await cluster.waitState(cluster.nodes, 'OPERATION', 10_000);
    for (const node of cluster.nodes) {
      assert.equal(await masterOf(node), node1.identifier, `${node.nick}'s Master`);
      assert.deepEqual(await instanceStates(node), Object.fromEntries(cluster.nodes.map((one) => [one.identifier, 'RUNNING'])), node.nick);
    }
  });
});
