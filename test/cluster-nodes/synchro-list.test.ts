/**
 * synchro_options = LIST: SYNCHRONIZATION lasts until every known instance is RUNNING (without
 * discovery, the supvisors_list ones).
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, tryInstanceStates, masterOf, startCluster, supvisorsState, type Cluster } from '../helpers/cluster.js';
import { sleep, waitFor } from '../helpers/wait.js';

describe('synchro_options LIST', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('waits for every known instance, then OPERATION', async () => {
    cluster = await startCluster(3, { synchro: 'LIST', launch: [0, 1] });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await cluster.waitRuntimes([node1, node2]);
    await waitFor('node1 and node2 RUNNING for each other', async () => {
      const one = await tryInstanceStates(node1);
      const two = await tryInstanceStates(node2);
      return one[node2.identifier] === 'RUNNING' && two[node1.identifier] === 'RUNNING';
    }, { timeoutMs: 10_000, intervalMs: 50 });
    // an absence: for 1.5 s (several FSM rounds), node3 missing keeps both in SYNCHRONIZATION
    await sleep(1500);
    for (const node of [node1, node2]) {
      const state = await supvisorsState(node);
      assert.equal(state['fsm_statename'], 'SYNCHRONIZATION', `${node.nick} while node3 is missing`);
      assert.equal(state['degraded_mode'], true, `${node.nick}: LIST unmet means degraded`);
    }
    await cluster.launch(node3);
    await cluster.waitState(cluster.nodes, 'OPERATION', 15_000);
    const masters = await Promise.all(cluster.nodes.map((node) => masterOf(node)));
    assert.deepEqual(masters, [node1.identifier, node1.identifier, node1.identifier]);
  });
});
