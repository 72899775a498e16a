/**
 * A late joiner adopts the running Master: node2 and node3 reach OPERATION (TIMEOUT 2 s, Master
 * node2); node1, the smallest nick, launched afterwards, must not become Master.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, instanceStates, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';

describe('late joiner', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('adopts the running Master instead of electing itself', async () => {
    cluster = await startCluster(3, { synchro: 'TIMEOUT', supvisors: 'synchro_timeout = 2', launch: [1, 2] });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState([node2, node3], 'OPERATION', 12_000);
    assert.equal(await masterOf(node2), node2.identifier);
    assert.equal(await masterOf(node3), node2.identifier);
    await cluster.launch(node1);
    await cluster.waitState(cluster.nodes, 'OPERATION', 12_000);
    for (const node of cluster.nodes) {
      assert.equal(await masterOf(node), node2.identifier, `${node.nick}'s Master`);
      assert.deepEqual(await instanceStates(node), Object.fromEntries(cluster.nodes.map((one) => [one.identifier, 'RUNNING'])), node.nick);
    }
  });
});
