/**
 * synchro_options = USER: SYNCHRONIZATION lasts until supvisors.end_sync(master); the given
 * Master (node3, not the smallest nick) is adopted by every instance. end_sync's faults follow
 * the spec order (§7.4).
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { clusterLogsOnFailure, tryInstanceStates, faultOf, masterOf, startCluster, supvisorsState, type Cluster } from '../helpers/cluster.js';
import { sleep, waitFor } from '../helpers/wait.js';

describe('synchro_options USER', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('waits for end_sync, then the chosen Master everywhere', async () => {
    cluster = await startCluster(3, { synchro: 'USER' });
    const [node1, node2, node3] = cluster.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    const all = Object.fromEntries(cluster.nodes.map((one) => [one.identifier, 'RUNNING']));
    const views: Record<string, Record<string, string>> = {};
    try {
      await waitFor('every node sees all RUNNING', async () => {
        for (const node of cluster?.nodes ?? []) views[node.nick] = await tryInstanceStates(node);
        return Object.values(views).length === 3 && Object.values(views).every((view) => isDeepStrictEqual(view, all));
      }, { timeoutMs: 12_000, intervalMs: 50 });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(views)}`, { cause: error });
    }
    // an absence: for 1 s (several FSM rounds) with all RUNNING, nobody leaves SYNCHRONIZATION without end_sync
    await sleep(1000);
    for (const node of cluster.nodes) {
      const state = await supvisorsState(node);
      assert.equal(state['fsm_statename'], 'SYNCHRONIZATION', `${node.nick} waits for end_sync`);
      assert.equal(state['master_identifier'], '');
    }
    assert.equal((await faultOf(cluster.call(node1, 'supvisors.end_sync', ['nobody']))).code, 10, 'BAD_NAME for an unknown master');
    // an int is looked up as a name, as Supvisors does (spec/xmlrpc.md §7.4)
    assert.deepEqual(await faultOf(cluster.call(node1, 'supvisors.end_sync', [1])), { code: 10, text: 'BAD_NAME: unknown Supvisors identifier=1' });
    assert.equal(await cluster.call(node1, 'supvisors.end_sync', ['node3']), true);
    await cluster.waitState(cluster.nodes, 'OPERATION', 12_000);
    for (const node of cluster.nodes) assert.equal(await masterOf(node), node3.identifier, `${node.nick}'s Master`);
    // guard SYNC: refused once in OPERATION
    assert.equal((await faultOf(cluster.call(node2, 'supvisors.end_sync', []))).code, 101);
  });

  it('end_sync without USER in synchro_options is NOT_APPLICABLE', async () => {
    await cluster?.stop();
    // STRICT with node2 never launched: node1 stays in SYNCHRONIZATION, where the guard passes
    cluster = await startCluster(2, { synchro: 'STRICT', launch: [0] });
    const [node1] = cluster.nodes;
    if (node1 === undefined) throw new Error('2 nodes expected');
    await cluster.waitState([node1], 'SYNCHRONIZATION', 10_000);
    const fault = await faultOf(cluster.call(node1, 'supvisors.end_sync', []));
    assert.equal(fault.code, 104, fault.text);
  });
});
