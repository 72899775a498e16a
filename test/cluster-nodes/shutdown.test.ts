/**
 * supvisors.shutdown (xmlrpc.md §7.4): guard FROM_DISTRIBUTION; called on a slave, it is forwarded
 * to the Master, which enters SHUTTING_DOWN and shuts every supervisord down.
 */
import assert from 'node:assert/strict';
import { alive, clusterLogsOnFailure, faultOf, startCluster, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

describe('supvisors.shutdown', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('is refused in SYNCHRONIZATION (BAD_SUPVISORS_STATE)', async () => {
    const c = await startCluster(2, { launch: [0] });
    cluster = c;
    const [node1] = c.nodes;
    if (node1 === undefined) throw new Error('2 nodes expected');
    await c.waitState([node1], 'SYNCHRONIZATION', 10_000);
    assert.equal((await faultOf(c.call(node1, 'supvisors.shutdown'))).code, 101);
    assert.equal((await faultOf(c.call(node1, 'supvisors.restart'))).code, 101);
    await c.stop();
  });

  it('called on a slave, shuts every supervisord down', async () => {
    const c = await startCluster(3);
    cluster = c;
    const [, node2] = c.nodes;
    if (node2 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    const pids = c.nodes.map((node) => node.pid);
    assert.equal(await c.call(node2, 'supvisors.shutdown'), true);
    await waitFor('every supervisord gone', () => pids.every((pid) => !alive(pid)), { timeoutMs: 15_000, intervalMs: 50 });
  });
});
