/**
 * synchro_options = TIMEOUT, synchro_timeout = 2: with one instance of three missing,
 * SYNCHRONIZATION ends after 2 s; the missing instance keeps its state (STOPPED) and joins later.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { clusterLogsOnFailure, instanceStates, masterOf, startCluster, supvisorsState, type Cluster } from '../helpers/cluster.js';

describe('synchro_options TIMEOUT', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('ends SYNCHRONIZATION after synchro_timeout without the missing instance, which joins later', async () => {
    const t0 = performance.now();
    cluster = await startCluster(3, { synchro: 'TIMEOUT', supvisors: 'synchro_timeout = 2', launch: [0, 1] });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitState([node1, node2], 'OPERATION', 12_000);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= 2000, `OPERATION after ${elapsed.toFixed(0)} ms, before synchro_timeout (2 s)`);
    for (const node of [node1, node2]) {
      assert.equal(await masterOf(node), node1.identifier);
      const states = await instanceStates(node);
      assert.equal(states[node3.identifier], 'STOPPED', `${node.nick} sees the missing node3`);
      const state = await supvisorsState(node);
      assert.equal(state['degraded_mode'], false, 'TIMEOUT alone has no condition to be degraded on');
    }
    const strategies = await cluster.call(node1, 'supvisors.get_strategies');
    assert.equal((strategies as Record<string, unknown>)['supvisors_failure'], 'CONTINUE');
    await cluster.launch(node3);
    await cluster.waitState(cluster.nodes, 'OPERATION', 12_000);
    assert.equal(await masterOf(node3), node1.identifier, 'node3 adopts the running Master');
    for (const node of cluster.nodes) {
      assert.deepEqual(await instanceStates(node), Object.fromEntries(cluster.nodes.map((one) => [one.identifier, 'RUNNING'])), node.nick);
    }
  });
});
