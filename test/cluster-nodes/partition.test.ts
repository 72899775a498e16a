/**
 * Network failures between real nodes, each in a network namespace made by the test
 * (test/helpers/netns.ts):
 * - a cut veth: the node goes silent (no FIN), the others see it FAILED within the 2 s bound
 *   of the default settings, and RUNNING again once the link is back;
 * - a partition {node1} | {node2, node3} (packets between the groups vanish): without
 *   auto_fence both sides lose each other, the majority side elects its own Master, and after
 *   the heal the cluster is one again with one Master;
 * - with auto_fence, a partition {node3} | {node1 (Master), node2}: the Master side isolates
 *   node3, and node3 isolates them back once it hears them again (reciprocity).
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, masterOf, netnsSupport, startCluster, struct, waitMaster, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { sleep, waitFor } from '../helpers/wait.js';

const SILENCE_BOUND_MS = 2000;

function trio(cluster: Cluster): [ClusterNode, ClusterNode, ClusterNode] {
  const [node1, node2, node3] = cluster.nodes;
  if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
  return [node1, node2, node3];
}

function networkOf(cluster: Cluster): NonNullable<Cluster['network']> {
  if (cluster.network === undefined) throw new Error('a netns cluster expected');
  return cluster.network;
}

describe('network failures between namespaces', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;

  before(function () {
    const missing = netnsSupport();
    if (missing !== undefined) {
      console.warn(`skipped: ${missing}`);
      this.skip();
    }
  });
  afterEach(async function () {
    clusterLogsOnFailure(this, cluster);
    await cluster?.stop();
    cluster = undefined;
  });

  it('a cut link makes the node FAILED for the others within the bound, RUNNING again once it is back', async () => {
    const c = await startCluster(3, { netns: true });
    cluster = c;
    const [node1, node2, node3] = trio(c);
    await c.waitState(c.nodes, 'OPERATION', 20_000);
    const t0 = performance.now();
    networkOf(c).cut(node3.index);
    // FAILED, then STOPPED at the next evaluation (states.md: invalidation)
    await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['FAILED', 'STOPPED'], 5000)));
    const elapsed = performance.now() - t0;
    assert.ok(elapsed <= SILENCE_BOUND_MS, `seen FAILED after ${elapsed.toFixed(0)} ms`);
    networkOf(c).reconnect(node3.index);
    await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['RUNNING'], 15_000)));
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    await waitMaster(c.nodes, node1.identifier);
  });

  it('without auto_fence, both sides of a partition go on and merge again with one Master after the heal', async () => {
    const c = await startCluster(3, { netns: true });
    cluster = c;
    const [node1, node2, node3] = trio(c);
    await c.waitState(c.nodes, 'OPERATION', 20_000);
    assert.equal(await masterOf(node2), node1.identifier);
    networkOf(c).partition([node1.index], [node2.index, node3.index]);
    await Promise.all([
      c.waitInstanceState(node1, node2, ['FAILED', 'STOPPED'], 5000),
      c.waitInstanceState(node1, node3, ['FAILED', 'STOPPED'], 5000),
      c.waitInstanceState(node2, node1, ['FAILED', 'STOPPED'], 5000),
      c.waitInstanceState(node3, node1, ['FAILED', 'STOPPED'], 5000),
    ]);
    // the majority side lost its Master and elects node2 (smallest nick left)
    await waitFor(
      'node2 and node3 to elect node2',
      async () => (await Promise.all([node2, node3].map((node) => masterOf(node)))).every((master) => master === node2.identifier),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    await c.waitState([node2, node3], 'OPERATION', 15_000);
    assert.equal(await masterOf(node1), node1.identifier, 'node1 keeps itself as Master');

    networkOf(c).heal();
    for (const [observer, target] of [
      [node1, node2],
      [node1, node3],
      [node2, node1],
      [node3, node1],
    ] as const) {
      await c.waitInstanceState(observer, target, ['RUNNING'], 15_000);
    }
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    // two Masters declared after the heal: everyone elects again, the smallest nick wins
    await waitMaster(c.nodes, node1.identifier);
  });

  it('with auto_fence, the Master side isolates the other, which isolates it back after the heal', async () => {
    const c = await startCluster(3, { netns: true, supvisors: 'auto_fence = true' });
    cluster = c;
    const [node1, node2, node3] = trio(c);
    await c.waitState(c.nodes, 'OPERATION', 20_000);
    networkOf(c).partition([node3.index], [node1.index, node2.index]);
    // the Master (node1) is in OPERATION: node3 is fenced off; node3 lost the Master, so it
    // cannot fence (states.md: the old Master becomes STOPPED, never ISOLATED)
    await Promise.all([
      c.waitInstanceState(node1, node3, ['ISOLATED'], 5000),
      c.waitInstanceState(node2, node3, ['ISOLATED'], 5000),
      c.waitInstanceState(node3, node1, ['STOPPED', 'ISOLATED'], 5000),
      c.waitInstanceState(node3, node2, ['STOPPED', 'ISOLATED'], 5000),
    ]);
    networkOf(c).heal();
    // node3 hears node1 and node2 again and asks them: they see it ISOLATED, so it isolates them
    await c.waitInstanceState(node3, node1, ['ISOLATED'], 10_000);
    await c.waitInstanceState(node3, node2, ['ISOLATED'], 10_000);
    // an absence: 2 s after the heal, node1 and node2 still keep node3 ISOLATED (checked just below)
    await sleep(2000);
    await c.waitInstanceState(node1, node3, ['ISOLATED'], 1000);
    await c.waitInstanceState(node2, node3, ['ISOLATED'], 1000);
    await c.waitInstanceState(node1, node2, ['RUNNING'], 1000);
    await c.waitState([node1, node2], 'OPERATION', 5000);
    assert.equal(await masterOf(node2), node1.identifier);
  });
});

describe('discovery mode (multicast between namespaces)', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;

  before(function () {
    const missing = netnsSupport();
    if (missing !== undefined) {
      console.warn(`skipped: ${missing}`);
      this.skip();
    }
  });
  afterEach(async function () {
    clusterLogsOnFailure(this, cluster);
    await cluster?.stop();
    cluster = undefined;
  });

  it('nodes that know only themselves find each other and agree on one Master', async () => {
    const group = `239.255.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}:${20000 + Math.floor(Math.random() * 20000)}`;
    const c = await startCluster(3, { netns: true, discovery: group, synchro: 'LIST' });
    cluster = c;
    const [node1, node2, node3] = trio(c);
    for (const [observer, target] of [
      [node1, node2],
      [node1, node3],
      [node2, node1],
      [node3, node2],
    ] as const) {
      await c.waitInstanceState(observer, target, ['RUNNING'], 15_000);
    }
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    // the smallest nick is the Master everywhere
    await waitMaster(c.nodes, node1.identifier);
    const state = struct(await c.call(node2, 'supvisors.get_supvisors_state'));
    assert.equal(state['discovery_mode'], true);
  });
});
