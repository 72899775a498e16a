/**
 * Eight real nodes launched together on loopback (synchro_options STRICT, nothing to start):
 * every runtime starts on the same cores at once, stalling the others' event loops, and the
 * links come up without a handshake timeout (transport/deadline.ts counts only the time a node
 * runs; a dial refused while its peer is not listening yet is redialled at once), with no
 * remote ask timing out and no connection refused, and every node reaches OPERATION.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, startCluster, type Cluster } from '../helpers/cluster.js';

describe('cluster of 8 nodes launched together: links without timeouts', function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('every node reaches OPERATION, and no runtime logs a handshake or ask timeout or a refused peer', async () => {
    cluster = await startCluster(8, { waitSupervisord: false });
    await cluster.waitState(cluster.nodes, 'OPERATION', 60_000);
    for (const node of cluster.nodes) {
      const problems = node
        .runtimeLog()
        .split('\n')
        .filter((line) => /no handshake within|got no reply within|cannot authenticate|peer connection from .* refused/.test(line));
      assert.deepEqual(problems, [], `in the log of ${node.nick}`);
    }
  });
});
