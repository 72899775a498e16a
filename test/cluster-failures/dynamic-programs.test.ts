/**
 * update_numprocs, enable and disable act on the answering instance only, as in Supvisors 0.19
 * (spec/xmlrpc.md §7.3): a program disabled there is started elsewhere. With our `everywhere`
 * argument they act on every RUNNING instance, and every instance's view of the cluster
 * follows; a program disabled everywhere is never chosen for a start.
 */
import assert from 'node:assert/strict';
import { isSupvisorsError } from '../../errors/errors.js';
import { clusterLogsOnFailure, list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { toRows } from '../helpers/local-model.js';
import { waitFor } from '../helpers/wait.js';

const programs = `
[group:pool]
programs = w,solo
[program:w]
command = sleep 1000
process_name = %(program_name)s_%(process_num)d
numprocs = 4
autostart = false
startsecs = 0
[program:solo]
command = sleep 1000
autostart = false
startsecs = 0
`;

/** pool's process names as `observer` sees them, and where each runs. */
async function pool(cluster: Cluster, observer: ClusterNode): Promise<Map<string, string[]>> {
  const infos = list(await cluster.call(observer, 'supvisors.get_process_info', ['pool:*'])).map(struct);
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return new Map(infos.map((info) => [text(info['process_name']), list(info['identifiers'] ?? []).map(text)]));
}

describe('dynamic programs across the cluster', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let c: Cluster;
  let node1: ClusterNode, node2: ClusterNode, node3: ClusterNode;
  before(async () => {
    c = await startCluster(3, { programs: () => programs });
    cluster = c;
    [node1, node2, node3] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await c.waitState(c.nodes, 'OPERATION', 20_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  /** An instance's own processes of pool (get_all_local_process_info): name -> disabled. */
  const localPool = async (node: ClusterNode): Promise<Map<string, boolean>> =>
    new Map(
      toRows(await c.call(node, 'supvisors.get_all_local_process_info'))
        .filter((row) => row['group'] === 'pool')
        .map((row) => [String(row['name']), row['disabled'] === true]),
    );

  it('numprocs, disable and enable act on the answering instance only (Supvisors 0.19)', async () => {
    assert.equal(await c.call(node1, 'supvisors.update_numprocs', ['w', 2, true, false]), true);
    assert.deepEqual([...(await localPool(node1)).keys()], ['solo', 'w_0', 'w_1']);
    assert.deepEqual([...(await localPool(node2)).keys()], ['solo', 'w_0', 'w_1', 'w_2', 'w_3']);
    assert.equal(await c.call(node1, 'supvisors.update_numprocs', ['w', 4]), true);
    assert.deepEqual([...(await localPool(node1)).keys()], ['solo', 'w_0', 'w_1', 'w_2', 'w_3']);

    // disabled on node1 only: CONFIG places it on the next instance
    assert.equal(await c.call(node1, 'supvisors.disable', ['solo', true]), true);
    assert.equal((await localPool(node1)).get('solo'), true);
    assert.equal((await localPool(node2)).get('solo'), false);
    assert.equal((await localPool(node3)).get('solo'), false);
    await waitFor('node1 seen disabled for solo', async () => {
      const predicted = list(await c.call(node1, 'supvisors.test_start_process', ['CONFIG', 'pool:solo'])).map(struct);
      return predicted.length === 1 && JSON.stringify(predicted[0]?.['running_identifiers']) === JSON.stringify([node2.identifier]);
    }, { timeoutMs: 5000, intervalMs: 50 });
    const [prediction] = list(await c.call(node1, 'supvisors.test_start_process', ['CONFIG', 'pool:solo'])).map(struct);
    assert.deepEqual([prediction?.['state'], prediction?.['forced_reason']], ['RUNNING', '']);
    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'pool:solo', '', true]), true);
    assert.deepEqual((await pool(c, node3)).get('solo'), [node2.identifier]);
    assert.equal(await c.call(node1, 'supvisors.stop_process', ['pool:solo', true]), true);

    assert.equal(await c.call(node1, 'supvisors.enable', ['solo', true]), true);
    assert.equal((await localPool(node1)).get('solo'), false);
  });

  it('with everywhere (ours): numprocs down and up (lazy and not), disable and enable, seen from another instance', async () => {
    const names = async (observer: ClusterNode): Promise<string[]> => [...(await pool(c, observer)).keys()].filter((name) => name.startsWith('w_')).sort();
    assert.deepEqual(await names(node2), ['w_0', 'w_1', 'w_2', 'w_3']);

    // down to 2, not lazy: w_2 and w_3 leave every instance's model
    assert.equal(await c.call(node1, 'supvisors.update_numprocs', ['w', 2, true, false, true]), true);
    await waitFor('w_2, w_3 gone for node2', async () => (await names(node2)).join() === 'w_0,w_1', { timeoutMs: 5000, intervalMs: 50 });
    // up to 3
    assert.equal(await c.call(node2, 'supvisors.update_numprocs', ['w', 3, true, false, true]), true);
    await waitFor('w_2 back for node3', async () => (await names(node3)).join() === 'w_0,w_1,w_2', { timeoutMs: 5000, intervalMs: 50 });
    // lazy down to 1 while w_1 runs on node2: it stays until it stops
    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'pool:w_1', '', true]), true);
    assert.equal(await c.call(node1, 'supvisors.update_numprocs', ['w', 1, true, true, true]), true);
    await waitFor('w_2 gone, w_1 kept while running', async () => (await names(node3)).join() === 'w_0,w_1', { timeoutMs: 5000, intervalMs: 50 });
    assert.equal(await c.call(node1, 'supvisors.stop_process', ['pool:w_1', true]), true);
    await waitFor('w_1 gone once stopped', async () => (await names(node3)).join() === 'w_0', { timeoutMs: 5000, intervalMs: 50 });

    // disable everywhere: never chosen, the start fails for want of an instance
    assert.equal(await c.call(node3, 'supvisors.disable', ['solo', true, true]), true);
    for (const node of c.nodes) assert.equal((await localPool(node)).get('solo'), true, node.identifier);
    await assert.rejects(c.call(node1, 'supvisors.start_process', ['CONFIG', 'pool:solo', '', true]), (error: unknown) => isSupvisorsError(error));
    assert.deepEqual((await pool(c, node2)).get('solo'), []);
    assert.equal(await c.call(node2, 'supvisors.enable', ['solo', true, true]), true);
    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'pool:solo', '', true]), true);
    assert.deepEqual((await pool(c, node3)).get('solo'), [node1.identifier]);
  });
});
