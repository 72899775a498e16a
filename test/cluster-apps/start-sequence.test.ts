/**
 * Start and stop sequences on 3 real instances (spec/strategies.md §6.2, §6.3, §7): at
 * DISTRIBUTION the Master starts the managed applications whose start_sequence > 0, smallest
 * first, each one program start_sequence after the other (0 excluded); start_application /
 * stop_application follow the same sequences (stop: greatest stop_sequence first), with the
 * faults of spec/xmlrpc.md §7.2. The order is read from a file every program appends to.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, faultOf, startCluster, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { applicationState, processStates, programsOnEveryNode, waitApplicationState, workspace, type Workspace } from './fixtures.js';

const rules = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<root>
  <application name="services">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="p1"><start_sequence>1</start_sequence><identifiers>node2</identifiers></program>
      <program name="p2"><start_sequence>2</start_sequence><identifiers>node3</identifiers></program>
      <program name="p3"><start_sequence>2</start_sequence><identifiers>node1</identifiers></program>
    </programs>
  </application>
  <application name="frontend">
    <start_sequence>2</start_sequence>
    <programs>
      <program name="f1"><start_sequence>1</start_sequence><identifiers>node3</identifiers></program>
      <program name="f2"><start_sequence>2</start_sequence><identifiers>node1</identifiers></program>
    </programs>
  </application>
  <application name="manual">
    <programs>
      <program name="m1"><start_sequence>1</start_sequence><stop_sequence>1</stop_sequence><identifiers>node1</identifiers></program>
      <program name="m2"><start_sequence>2</start_sequence><stop_sequence>3</stop_sequence><identifiers>node2</identifiers></program>
      <program name="m3"><start_sequence>3</start_sequence><stop_sequence>2</stop_sequence><identifiers>node3</identifiers></program>
    </programs>
  </application>
  <application name="empty">
    <start_sequence>3</start_sequence>
    <programs>
      <program name="e1"><identifiers>node1</identifiers></program>
    </programs>
  </application>
</root>
`;

describe('cluster applications: start and stop sequences', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let space: Workspace | undefined;
  let node1: ClusterNode;
  let node2: ClusterNode;

  before(async function () {
    this.timeout(45_000);
    space = workspace('supvisors-apps-seq-');
    const rulesFile = space.writeRules(rules);
    // groups declared in an order that is neither the start order nor the alphabetical one
    const programs = programsOnEveryNode(
      {
        frontend: [{ name: 'f1' }, { name: 'f2' }],
        loose: [{ name: 'l1' }],
        manual: [{ name: 'm1', behaviour: { kind: 'trap' } }, { name: 'm2', behaviour: { kind: 'trap' } }, { name: 'm3', behaviour: { kind: 'trap' } }],
        empty: [{ name: 'e1' }],
        services: [{ name: 'p3' }, { name: 'p2' }, { name: 'p1' }, { name: 'p0' }],
      },
      space.orderFile,
    );
    cluster = await startCluster(3, { programs, supvisors: space.rulesOption(rulesFile) });
    const [first, second] = cluster.nodes;
    if (first === undefined || second === undefined) throw new Error('no nodes');
    node1 = first;
    node2 = second;
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    space?.cleanup();
  });

  const call = (node: ClusterNode, method: string, params: (string | number | boolean)[], timeoutMs = 20_000) => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster.call(node, method, params, timeoutMs);
  };

  it('DISTRIBUTION starts services then frontend, each program start_sequence after the other, across nodes', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    // OPERATION follows DISTRIBUTION once the starter has no job left
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
    const order = await space.waitOrder(['p1-node2', 'p2-node3', 'p3-node1', 'f1-node3', 'f2-node1'], 5000);
    assert.equal(order.length, 5, `one start each: ${order.join(' ')}`);
    assert.equal(order[0], 'p1-node2');
    assert.deepEqual(order.slice(1, 3).sort(), ['p2-node3', 'p3-node1'], 'p2 and p3 share start_sequence 2');
    assert.deepEqual(order.slice(3), ['f1-node3', 'f2-node1']);
    assert.equal(await applicationState(cluster, node1, 'services'), 'RUNNING');
    assert.equal(await applicationState(cluster, node1, 'frontend'), 'RUNNING');
    const services = await processStates(cluster, node2, 'services:*');
    assert.deepEqual(services['services:p1'], { statename: 'RUNNING', nodes: ['node2'] });
    assert.deepEqual(services['services:p2'], { statename: 'RUNNING', nodes: ['node3'] });
    assert.deepEqual(services['services:p3'], { statename: 'RUNNING', nodes: ['node1'] });
  });

  it('start_sequence 0 is not auto-started: neither the application (manual) nor a program (services:p0), nor an unmanaged group', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    assert.equal(await applicationState(cluster, node1, 'manual'), 'STOPPED');
    assert.equal(await applicationState(cluster, node1, 'loose'), 'STOPPED');
    // empty: start_sequence 3 but nothing in its start sequence
    assert.equal(await applicationState(cluster, node1, 'empty'), 'STOPPED');
    assert.equal((await processStates(cluster, node1, 'services:p0'))['services:p0']?.statename, 'STOPPED');
    const order = space.order();
    for (const name of ['m1', 'm2', 'm3', 'l1', 'e1', 'p0']) assert.ok(!order.some((line) => line.startsWith(`${name}-`)), `${name} started: ${order.join(' ')}`);
  });

  it('start_application starts the application program start_sequence by start_sequence (wait=true → true)', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    space.resetOrder();
    // called on a non-Master instance: the work is the Master's
    assert.equal(await call(node2, 'supvisors.start_application', ['CONFIG', 'manual', true]), true);
    assert.equal(await applicationState(cluster, node1, 'manual'), 'RUNNING');
    assert.deepEqual(space.order(), ['m1-node1', 'm2-node2', 'm3-node3']);
  });

  it('start_application faults: BAD_NAME, NOT_MANAGED, ALREADY_STARTED, ABNORMAL_TERMINATION (nothing to start)', async () => {
    assert.deepEqual(await faultOf(call(node1, 'supvisors.start_application', ['CONFIG', 'unknown', true])), {
      code: 10,
      text: 'BAD_NAME: application=unknown unknown to Supvisors',
    });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.start_application', ['CONFIG', 'loose', true])), { code: 102, text: 'NOT_MANAGED: loose' });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.start_application', ['CONFIG', 'manual', true])), { code: 60, text: 'ALREADY_STARTED: manual' });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.start_application', ['LESS_LOADED', 'services', false])), { code: 60, text: 'ALREADY_STARTED: services' });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.start_application', ['CONFIG', 'empty', true])), { code: 40, text: 'ABNORMAL_TERMINATION: failed to start empty' });
  });

  it('stop_application stops by stop_sequence, greatest first, across nodes (wait=true → true)', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    space.resetOrder();
    assert.equal(await call(node2, 'supvisors.stop_application', ['manual', true]), true);
    assert.equal(await applicationState(cluster, node1, 'manual'), 'STOPPED');
    // stop_sequence: m2 3, m3 2, m1 1
    assert.deepEqual(space.order(), ['stop-m2-node2', 'stop-m3-node3', 'stop-m1-node1']);
    const states = await processStates(cluster, node1, 'manual:*');
    for (const name of ['m1', 'm2', 'm3']) assert.equal(states[`manual:${name}`]?.statename, 'STOPPED', name);
  });

  it('stop_application faults: BAD_NAME, NOT_MANAGED, NOT_RUNNING when already stopped', async () => {
    assert.deepEqual(await faultOf(call(node1, 'supvisors.stop_application', ['unknown', true])), { code: 10, text: 'BAD_NAME: application=unknown unknown to Supvisors' });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.stop_application', ['loose', true])), { code: 102, text: 'NOT_MANAGED: loose' });
    assert.deepEqual(await faultOf(call(node1, 'supvisors.stop_application', ['manual', true])), { code: 70, text: 'NOT_RUNNING: failed to stop manual' });
    assert.deepEqual(await faultOf(call(node2, 'supvisors.stop_application', ['manual', false])), { code: 70, text: 'NOT_RUNNING: failed to stop manual' });
  });

  it('start_application with wait=false answers true at once, the start goes on', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    space.resetOrder();
    const started = Date.now();
    assert.equal(await call(node1, 'supvisors.start_application', ['CONFIG', 'manual', false]), true);
    // three stages of startsecs 1: a waited start takes over 2 s
    assert.ok(Date.now() - started < 1500, `answered after ${Date.now() - started} ms`);
    const order = await space.waitOrder(['m1-node1', 'm2-node2', 'm3-node3'], 15_000);
    assert.deepEqual(order, ['m1-node1', 'm2-node2', 'm3-node3']);
    await waitApplicationState(cluster, node1, 'manual', 'RUNNING', 5000);
  });

  it('restart_application: the stop sequence, then the start sequence', async () => {
    if (cluster === undefined || space === undefined) throw new Error('no cluster');
    space.resetOrder();
    assert.equal(await call(node2, 'supvisors.restart_application', ['CONFIG', 'manual', true], 30_000), true);
    assert.equal(await applicationState(cluster, node1, 'manual'), 'RUNNING');
    assert.deepEqual(space.order(), ['stop-m2-node2', 'stop-m3-node3', 'stop-m1-node1', 'm1-node1', 'm2-node2', 'm3-node3']);
  });
});
