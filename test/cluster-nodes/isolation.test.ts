/**
 * Inconsistent strategies: node3 has starting_strategy = LESS_LOADED, the others CONFIG. The
 * handshake fails on strategies: node1 and node2 isolate node3, and node3 isolates both of them
 * (reciprocity). node1 and node2 go on together (TIMEOUT 2 s) with node1 as Master.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, masterOf, startCluster, struct, tryInstanceStates, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

describe('inconsistent strategies: isolation on both sides', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('isolates the odd node, which isolates the others', async () => {
    cluster = await startCluster(3, {
      synchro: 'TIMEOUT',
      supvisors: 'synchro_timeout = 2',
      perNode: (index) => (index === 2 ? 'starting_strategy = LESS_LOADED' : ''),
    });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitRuntimes(cluster.nodes);
    assert.equal(struct(await cluster.call(node3, 'supvisors.get_strategies'))['starting'], 'LESS_LOADED');
    assert.equal(struct(await cluster.call(node1, 'supvisors.get_strategies'))['starting'], 'CONFIG');
    const views: Record<string, Record<string, string>> = {};
    try {
      await waitFor('isolation on both sides', async () => {
        for (const node of cluster?.nodes ?? []) views[node.nick] = await tryInstanceStates(node);
        return (
          views['node1']?.[node3.identifier] === 'ISOLATED' &&
          views['node2']?.[node3.identifier] === 'ISOLATED' &&
          views['node3']?.[node1.identifier] === 'ISOLATED' &&
          views['node3']?.[node2.identifier] === 'ISOLATED'
        );
      }, { timeoutMs: 10_000, intervalMs: 50 });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(views)}`, { cause: error });
    }
    await cluster.waitState([node1, node2], 'OPERATION', 10_000);
    assert.equal((await tryInstanceStates(node1))[node2.identifier], 'RUNNING');
    assert.equal(await masterOf(node1), node1.identifier);
    assert.equal(await masterOf(node2), node1.identifier);
    // isolation is final until the local runtime restarts: still isolated a while later
    const later = await tryInstanceStates(node1);
    assert.equal(later[node3.identifier], 'ISOLATED');
  });
});
