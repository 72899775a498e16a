/**
 * The election prefers core_identifiers instances whether or not CORE is a synchro option:
 * STRICT with core_identifiers = node3,node2 elects node2 (the smallest nick among the core),
 * not node1.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, list, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';

describe('election prefers core instances', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('elects the smallest core nick', async () => {
    cluster = await startCluster(3, { synchro: 'STRICT', supvisors: 'core_identifiers = node3,node2' });
    const [, node2, node3] = cluster.nodes;
    if (node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState(cluster.nodes, 'OPERATION', 15_000);
    for (const node of cluster.nodes) assert.equal(await masterOf(node), node2.identifier, `${node.nick}'s Master`);
    // the option resolved to identifiers, in the order written
    assert.deepEqual(list(await cluster.call(node2, 'supvisors.get_core_identifiers')), [node3.identifier, node2.identifier]);
  });
});
