/**
 * kill -9 of the Master's node: the others see it not RUNNING within 1.5 s, elect a new Master
 * among themselves (node2, the smallest remaining nick) and are back in OPERATION; the old Master
 * relaunched joins as a slave of node2.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const DETECTION_BOUND_MS = 1500;

describe('kill -9 of the Master node', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('a new Master is elected; the old one rejoins as a slave', async () => {
    const c = await startCluster(3);
    cluster = c;
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState(cluster.nodes, 'OPERATION', 15_000);
    assert.equal(await masterOf(node2), node1.identifier);
    const t0 = performance.now();
    await cluster.killNode(node1);
    await Promise.all([node2, node3].map((observer) => c.waitInstanceState(observer, node1, ['FAILED', 'STOPPED'], 5000)));
    const elapsed = performance.now() - t0;
    assert.ok(elapsed <= DETECTION_BOUND_MS, `seen not RUNNING after ${elapsed.toFixed(0)} ms`);
    await waitFor('node2 elected by node2 and node3', async () => {
      const masters = await Promise.all([node2, node3].map((node) => masterOf(node).catch(() => '')));
      return masters.every((master) => master === node2.identifier);
    }, { timeoutMs: 8000, intervalMs: 50 });
    await cluster.waitState([node2, node3], 'OPERATION', 8000);
    await cluster.restartNode(node1);
    await cluster.waitState(cluster.nodes, 'OPERATION', 12_000);
    for (const node of cluster.nodes) assert.equal(await masterOf(node), node2.identifier, `${node.nick}'s Master`);
  });
});
