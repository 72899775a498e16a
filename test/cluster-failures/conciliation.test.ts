/**
 * Conciliation after a partition heals, nodes in network namespaces made by the test: node3 is
 * cut off from node1 and node2 ({node3} | {node1, node2}), the majority restarts what ran on
 * node3 (RESTART_PROCESS), node3 keeps running it: after the heal the program runs twice.
 * - conciliation_strategy SENICIDE: the Master conciliates by itself, the younger copy is kept;
 * - USER: the cluster waits in CONCILIATION, start requests are refused, until
 *   supvisors.conciliate('INFANTICIDE'), which keeps the older copy; then OPERATION. On new
 *   conflicts, STOP leaves no copy, RESTART and RUNNING_FAILURE (RESTART_PROCESS) one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSupvisorsError } from '../../errors/errors.js';
import { clusterLogsOnFailure, list, netnsSupport, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const programs = `[group:svc]\nprograms = p\n[program:p]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc">
    <start_sequence>1</start_sequence>
    <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs><program name="p"><start_sequence>1</start_sequence><identifiers>node3,node1,node2</identifiers></program></programs>
  </application>
</root>
`;

/** Where node `observer` sees svc:p run; ['?'] while it cannot tell (ELECTION refuses the call). */
async function runsOn(cluster: Cluster, observer: ClusterNode): Promise<string[]> {
  try {
    const [info] = list(await cluster.call(observer, 'supvisors.get_process_info', ['svc:p'])).map(struct);
    return list(info?.['identifiers'] ?? []).map((identifier) => (typeof identifier === 'string' ? identifier : ''));
  } catch (error) {
    if (isSupvisorsError(error) && error.fault === 'BAD_SUPVISORS_STATE') return ['?'];
    throw error;
  }
}

/** Partition, restart on the majority side, heal: returns once the conflict is seen by node1. */
async function makeConflict(cluster: Cluster): Promise<void> {
  const [node1, node2, node3] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
  await waitFor('p on node3', async () => (await runsOn(cluster, node1)).join() === node3.identifier, { timeoutMs: 10_000, intervalMs: 100 });
  // Start times are whole seconds and the copies must be told apart by them: node1's copy starts
  // after the partition, so the partition waits for the second node3's copy started in to end
  // (a copy restarted by the previous case may have started less than a second ago).
  const startOn = async (node: ClusterNode): Promise<unknown> => struct(await cluster.call(node, 'supervisor.getProcessInfo', ['svc:p']))['start'];
  const startedOnNode3 = await startOn(node3);
  assert.ok(typeof startedOnNode3 === 'number');
  await waitFor('the second p started in on node3 is over', () => Promise.resolve(Date.now() / 1000 >= startedOnNode3 + 1), { timeoutMs: 3000, intervalMs: 50 });
  cluster.network?.partition([node3.index], [node1.index, node2.index]);
  await waitFor('p restarted by the majority', async () => (await runsOn(cluster, node1)).join() === node1.identifier, { timeoutMs: 10_000, intervalMs: 100 });
  await waitFor('p still on node3 for node3', async () => (await runsOn(cluster, node3)).includes(node3.identifier), { timeoutMs: 10_000, intervalMs: 100 });
  const [older, younger] = await Promise.all([startOn(node3), startOn(node1)]);
  assert.ok(typeof older === 'number' && typeof younger === 'number' && younger > older, `start of p: ${String(older)} on node3, ${String(younger)} on node1`);
  cluster.network?.heal();
  await cluster.waitInstanceState(node1, node3, ['RUNNING'], 15_000);
  await cluster.waitInstanceState(node3, node1, ['RUNNING'], 15_000);
}

describe('conciliation after a partition heals', function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  before(function () {
    const missing = netnsSupport();
    if (missing !== undefined) {
      console.warn(`skipped: ${missing}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'supvisors-conciliation-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
  });
  afterEach(async function () {
    clusterLogsOnFailure(this, cluster);
    await cluster?.stop();
    cluster = undefined;
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('SENICIDE: the Master keeps the younger copy by itself', async () => {
    const c = await startCluster(3, { netns: true, programs: () => programs, supvisors: `rules_files = ${join(dir ?? '', 'rules.xml')}\nconciliation_strategy = SENICIDE` });
    cluster = c;
    const [node1] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await makeConflict(c);
    let views: string[][] = [];
    await waitFor(
      'one copy left, on node1, for everyone',
      async () => {
        views = await Promise.all(c.nodes.map((node) => runsOn(c, node)));
        return views.every((view) => view.join() === node1.identifier);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last views: ${JSON.stringify(views)}`);
    });
    await c.waitState(c.nodes, 'OPERATION', 10_000);
  });

  it('USER: CONCILIATION waits for conciliate; then each strategy given leaves the expected copies', async () => {
    const c = await startCluster(3, { netns: true, programs: () => programs, supvisors: `rules_files = ${join(dir ?? '', 'rules.xml')}\nconciliation_strategy = USER` });
    cluster = c;
    const [node1, , node3] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];
    await makeConflict(c);
    await waitFor('node1 in CONCILIATION', async () => (await c.stateOf(node1)) === 'CONCILIATION', { timeoutMs: 20_000, intervalMs: 100 });
    const conflicts = list(await c.call(node1, 'supvisors.get_conflicts')).map(struct);
    assert.deepEqual(conflicts.map((conflict) => conflict['process_name']), ['p']);
    await assert.rejects(c.call(node1, 'supvisors.start_application', ['CONFIG', 'svc', false]), (error: unknown) => isSupvisorsError(error) && error.fault === 'BAD_SUPVISORS_STATE');
    assert.equal(await c.call(node1, 'supvisors.conciliate', ['USER']), false);
    assert.equal(await c.call(node1, 'supvisors.conciliate', ['INFANTICIDE']), true);
    await waitFor('INFANTICIDE: the older copy left, on node3', async () => (await runsOn(c, node1)).join() === node3.identifier, { timeoutMs: 15_000, intervalMs: 100 });
    await c.waitState(c.nodes, 'OPERATION', 15_000);

    // the other strategies, each on a new conflict (p runs on node3 again: the older copy was kept)
    const expectations: [string, (where: string[]) => boolean][] = [
      ['STOP', (where) => where.length === 0],
      ['RESTART', (where) => where.length === 1 && where[0] !== '?'],
      ['RUNNING_FAILURE', (where) => where.length === 1 && where[0] !== '?'],
    ];
    for (const [strategy, expected] of expectations) {
      if ((await runsOn(c, node1)).join() !== node3.identifier) {
        await c.call(node1, 'supvisors.stop_process', ['svc:p', true]).catch(() => true);
        await c.call(node1, 'supvisors.start_process', ['CONFIG', 'svc:p', '', true]);
      }
      await makeConflict(c);
      await waitFor(`node1 in CONCILIATION before ${strategy}`, async () => (await c.stateOf(node1)) === 'CONCILIATION', { timeoutMs: 20_000, intervalMs: 100 });
      assert.equal(await c.call(node1, 'supvisors.conciliate', [strategy]), true);
      let where: string[] = [];
      await waitFor(`${strategy} solved`, async () => expected((where = await runsOn(c, node1))) && (await c.stateOf(node1)) === 'OPERATION', { timeoutMs: 15_000, intervalMs: 100 }).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; p on ${JSON.stringify(where)}`);
      });
    }
  });
});
