/**
 * Three real nodes on loopback (synchro_options STRICT) reach OPERATION and agree on one Master:
 * with no core_identifiers every RUNNING instance is a candidate and the smallest nick wins.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, instanceStates, masterOf, startCluster, struct, supvisorsState, type Cluster } from '../helpers/cluster.js';

describe('cluster of 3 nodes: OPERATION with one Master', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  before(async () => {
    cluster = await startCluster(3);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('every node reaches OPERATION, all RUNNING, one Master (node1) the same on all', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const { nodes } = cluster;
    await cluster.waitState(nodes, 'OPERATION', 15_000);
    const masters = await Promise.all(nodes.map((node) => masterOf(node)));
    assert.deepEqual(masters, nodes.map(() => nodes[0]?.identifier));
    for (const node of nodes) {
      const states = await instanceStates(node);
      assert.deepEqual(states, Object.fromEntries(nodes.map((one) => [one.identifier, 'RUNNING'])), `as seen by ${node.nick}`);
      const state = await supvisorsState(node);
      assert.equal(state['fsm_statecode'], 4);
      assert.equal(state['degraded_mode'], false);
      assert.deepEqual(state['instance_states'], Object.fromEntries(nodes.map((one) => [one.identifier, 'RUNNING'])));
      const master = struct(await cluster.call(node, 'supvisors.get_master_identifier'));
      assert.deepEqual(master, { identifier: nodes[0]?.identifier, nick_identifier: 'node1' });
    }
  });
});
