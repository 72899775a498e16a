/**
 * A runtime crash is not a node loss (cluster/runtime-loss.ts): kill -9 of a node's supvisorsd
 * alone leaves its supervisord and programs running; the others must not start those programs
 * elsewhere, and the respawned runtime rejoins with them as they are. The whole node killed
 * still fails over at once. "Never started elsewhere" is read from the other supervisords
 * themselves: a program they never spawned has `start` 0.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, masterOf, struct, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { placement, type RulesCluster, sleeper, startRulesCluster } from './fixtures.js';

const FAILOVER_BOUND_MS = 1000;

const programs = `
[group:multi]
programs = m1,m2
[group:web]
programs = db
${['m1', 'm2', 'db'].map((name) => sleeper(name)).join('\n')}
`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="multi"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>
      <program name="m1"><start_sequence>1</start_sequence><identifiers>node3,node2</identifiers></program>
      <program name="m2"><start_sequence>1</start_sequence><identifiers>node2,node3</identifiers></program>
    </programs>
  </application>
  <application name="web"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs><program name="db"><start_sequence>1</start_sequence><identifiers>node1,node2,node3</identifiers></program></programs>
  </application>
</root>
`;

/** The epoch second `name` was last spawned by this node's supervisord (0: never). */
async function spawnedAt(node: ClusterNode, name: string): Promise<number> {
  const start = struct(await node.supervisor.call('supervisor.getProcessInfo', [name]))['start'];
  return typeof start === 'number' ? start : -1;
}

describe('runtime crash vs node loss', function () {
  this.timeout(90_000);
  let running: RulesCluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, running?.cluster);
  });
  after(async () => {
    await running?.stop();
  });

  it('keeps the programs of a crashed runtime where they run (slave, then Master), and fails over a killed node at once', async () => {
    running = await startRulesCluster(programs, rules);
    const c = running.cluster;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 30_000);
    const before = await placement(c, node1);
    assert.deepEqual(before.get('multi:m1')?.identifiers, [node3.identifier]);
    assert.deepEqual(before.get('web:db')?.identifiers, [node1.identifier]);

    // a slave's runtime: node3 is FAILED for the others, multi:m1 stays on node3 and nowhere else
    const oldRuntime = await c.killRuntime(node3);
    await c.waitInstanceState(node1, node3, ['FAILED', 'STOPPED'], 5000);
    await waitFor('a new runtime on node3', async () => {
      const pid = await c.runtimePid(node3);
      return pid > 0 && pid !== oldRuntime;
    }, { timeoutMs: 10_000, intervalMs: 50 });
    await Promise.all([node1, node2].map((observer) => c.waitInstanceState(observer, node3, ['RUNNING'], 15_000)));
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    for (const observer of c.nodes) {
      const now = await placement(c, observer);
      assert.deepEqual(now.get('multi:m1'), { state: 'RUNNING', identifiers: [node3.identifier], extraArgs: '' }, `multi:m1 seen by ${observer.nick}`);
    }
    assert.equal(await spawnedAt(node2, 'multi:m1'), 0, 'multi:m1 never started on node2');

    // the Master's runtime: the new Master's DISTRIBUTION leaves web:db on node1
    await c.killRuntime(node1);
    await waitFor('node2 and node3 past the loss of their Master', async () => (await Promise.all([node2, node3].map(masterOf))).every((master) => master !== node1.identifier && master !== ''), {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    await c.waitState(c.nodes, 'OPERATION', 20_000);
    for (const observer of c.nodes) {
      const now = await placement(c, observer);
      assert.deepEqual(now.get('web:db'), { state: 'RUNNING', identifiers: [node1.identifier], extraArgs: '' }, `web:db seen by ${observer.nick}`);
    }
    for (const other of [node2, node3]) assert.equal(await spawnedAt(other, 'web:db'), 0, `web:db never started on ${other.nick}`);

    // the whole node: its programs are restarted elsewhere at once
    const t0 = performance.now();
    await c.killNode(node3);
    await waitFor('multi:m1 RUNNING on node2', async () => {
      const now = await placement(c, node2);
      return now.get('multi:m1')?.state === 'RUNNING' && now.get('multi:m1')?.identifiers.join() === node2.identifier;
    }, { timeoutMs: 5000, intervalMs: 20 });
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < FAILOVER_BOUND_MS, `failover after ${elapsed.toFixed(0)} ms`);
  });
});
