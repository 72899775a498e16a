/**
 * The scenario 1 fixture of Supvisors (shared/fixtures/supvisors-0.19/scenario_1): its rules file
 * as it is, and on each node i the group scen1 of its programs (commands swapped for test
 * programs): scen1_wait_nfs_mount_<i>, configured on node i only, and the five scen1 programs,
 * configured everywhere. At DISTRIBUTION (scen1 start_sequence 1): every wait_nfs_mount_<i>
 * (model: required, start_sequence 1, wait_exit) starts on its node and exits, and only then the
 * five others (model: start_sequence 2, required) start, all on the first instance (CONFIG).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterLogsOnFailure, startCluster, type Cluster } from '../helpers/cluster.js';
import { applicationState, groupSection, indexIn, programSection, workspace, type Workspace } from './fixtures.js';

const fixtureRules = '/work/shared/fixtures/supvisors-0.19/scenario_1/etc/supvisors_rules.xml';
const FIVE = ['scen1_hci', 'scen1_config_manager', 'scen1_data_processing', 'scen1_external_interface', 'scen1_data_recorder'];

describe('cluster applications: the scenario 1 fixture', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let space: Workspace | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    space?.cleanup();
  });

  it('waits for every wait_nfs_mount to exit, then starts the five programs on the first instance', async () => {
    space = workspace('supvisors-scenario1-');
    const rules = space.writeRules(readFileSync(fixtureRules, 'utf8'));
    const orderFile = space.orderFile;
    const programs = (index: number): string => {
      const nick = `node${index + 1}`;
      const mount = `scen1_wait_nfs_mount_${index + 1}`;
      return [
        groupSection('scen1', [mount, ...FIVE]),
        programSection({ name: mount, startsecs: 0, behaviour: { kind: 'exit', afterS: 0.5, code: 0 } }, orderFile, nick),
        ...FIVE.map((name) => programSection({ name, startsecs: 1 }, orderFile, nick)),
      ].join('\n');
    };
    const c = await startCluster(3, { programs, supvisors: space.rulesOption(rules) });
    cluster = c;
    await c.waitState(c.nodes, 'OPERATION', 40_000);
    const [node1] = c.nodes;
    if (node1 === undefined) throw new Error('no node');
    const order = await space.waitOrder([...FIVE.map((name) => `${name}-node1`)], 15_000);
    const exits = [1, 2, 3].map((index) => indexIn(order, `exit-scen1_wait_nfs_mount_${index}-node${index}`));
    for (const exit of exits) assert.ok(exit >= 0, `every mount exited: ${order.join(' ')}`);
    const firstOfFive = Math.min(...FIVE.map((name) => indexIn(order, `${name}-node1`)));
    assert.ok(Math.max(...exits) < firstOfFive, `the five after the mounts: ${order.join(' ')}`);
    assert.ok(!order.some((line) => FIVE.some((name) => line === `${name}-node2` || line === `${name}-node3`)), `the five on node1 only: ${order.join(' ')}`);
    assert.equal(await applicationState(c, node1, 'scen1'), 'RUNNING');
  });
});
