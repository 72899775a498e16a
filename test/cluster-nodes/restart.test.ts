/**
 * supvisors.restart (xmlrpc.md §7.4): called on a slave, forwarded to the Master, which enters
 * RESTARTING and restarts every supervisord; each restarts its runtime (a new PID) and the
 * cluster is back in OPERATION.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, masterOf, startCluster, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

describe('supvisors.restart', function () {
  this.timeout(30_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('called on a slave, restarts every node, back to OPERATION', async () => {
    const c = await startCluster(3);
    cluster = c;
    const [node1, , node3] = c.nodes;
    if (node1 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    const before = await Promise.all(c.nodes.map((node) => c.runtimePid(node)));
    assert.equal(await c.call(node3, 'supvisors.restart'), true);
    await waitFor(
      'a new runtime on every node',
      async () => {
        const now = await Promise.all(c.nodes.map((node) => c.runtimePid(node)));
        return now.every((pid, index) => pid > 0 && pid !== before[index]);
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    await c.waitState(c.nodes, 'OPERATION', 12_000);
    for (const node of c.nodes) assert.equal(await masterOf(node), node1.identifier, `${node.nick}'s Master`);
  });
});
