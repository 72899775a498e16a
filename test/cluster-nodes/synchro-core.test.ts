/**
 * synchro_options = CORE, core_identifiers = node2,node3: SYNCHRONIZATION ends when both core
 * instances are RUNNING and at least 15 s passed since start; node1 is never launched. The
 * Master is a core instance (node2).
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { clusterLogsOnFailure, instanceStates, list, masterOf, startCluster, supvisorsState, type Cluster } from '../helpers/cluster.js';

describe('synchro_options CORE', function () {
  this.timeout(30_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('ends SYNCHRONIZATION with the core instances RUNNING after 15 s, a core Master', async () => {
    const t0 = performance.now();
    cluster = await startCluster(3, { synchro: 'CORE', supvisors: 'core_identifiers = node2,node3', launch: [1, 2] });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitRuntimes([node2, node3]);
    assert.deepEqual(list(await cluster.call(node2, 'supvisors.get_core_identifiers')), [node2.identifier, node3.identifier]);
    // long before 15 s: still synchronizing, degraded (CORE counts as unmet during its first 15 s)
    const early = await supvisorsState(node2);
    assert.equal(early['fsm_statename'], 'SYNCHRONIZATION');
    assert.equal(early['degraded_mode'], true);
    await cluster.waitState([node2, node3], 'OPERATION', 22_000);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= 15_000, `OPERATION after ${elapsed.toFixed(0)} ms, before CORE's 15 s`);
    for (const node of [node2, node3]) {
      assert.equal(await masterOf(node), node2.identifier, `${node.nick}'s Master`);
      assert.equal((await instanceStates(node))[node1.identifier], 'STOPPED');
      assert.equal((await supvisorsState(node))['degraded_mode'], false, 'CORE met: not degraded');
    }
  });
});
