/**
 * Restarts ordered after a node loss survive its quick rejoin: `supervisor.restart` of a
 * non-Master node's supervisord stops its programs; the Master orders their RESTART_PROCESS
 * restarts elsewhere, then the node rejoins within a second or two, which sends the cluster
 * through ELECTION (jobs interrupted) and DISTRIBUTION (interrupted jobs re-planned). Every
 * program ends RUNNING exactly once, and the applications' failure flags tell the truth.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, list, struct } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { type Placement, placement, type RulesCluster, sleeper, startRulesCluster } from './fixtures.js';

const NAMES = ['m1', 'm2', 'm3', 'm4'];
const programs = `
[group:multi]
programs = ${NAMES.join(',')}
[group:web]
programs = proxy,front
[group:slow]
programs = s1,s2
${[...NAMES, 'proxy', 'front', 's2'].map((name) => sleeper(name)).join('\n')}
${sleeper('s1', 5)}
`;
const prg = (name: string, identifiers: string): string => `<program name="${name}"><start_sequence>1</start_sequence><identifiers>${identifiers}</identifiers></program>`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="multi"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>${NAMES.map((name) => prg(name, name === 'm1' ? 'node3,node2' : 'node2,node3')).join('')}</programs>
  </application>
  <application name="web"><start_sequence>2</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>${prg('proxy', 'node2,node1')}${prg('front', 'node1')}</programs>
  </application>
  <application name="slow"><start_sequence>0</start_sequence>
    <programs>${prg('s1', 'node1')}<program name="s2"><start_sequence>2</start_sequence><identifiers>node3</identifiers></program></programs>
  </application>
</root>
`;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

describe('restarts ordered after a node loss, the node back quickly', function () {
  this.timeout(90_000);
  let running: RulesCluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, running?.cluster);
  });
  after(async () => {
    await running?.stop();
  });

  it('end RUNNING exactly once after a supervisord restart of a non-Master node, with true failure flags', async () => {
    running = await startRulesCluster(programs, rules);
    const c = running.cluster;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 30_000);
    const before = await placement(c, node1);
    for (const name of ['multi:m2', 'multi:m3', 'multi:m4', 'web:proxy']) assert.deepEqual(before.get(name)?.identifiers, [node2.identifier], `${name} on node2`);

    // a start_application(wait=True) in progress (s1 takes 5 s to be RUNNING) when node2 leaves and comes back
    const slow = c.call(node1, 'supvisors.start_application', ['CONFIG', 'slow', true], 60_000);
    await waitFor('slow:s1 STARTING', async () => (await placement(c, node1)).get('slow:s1')?.state === 'STARTING', { timeoutMs: 5000, intervalMs: 20 });
    await node2.supervisor.call('supervisor.restart');
    await c.waitInstanceState(node1, node2, ['FAILED', 'STOPPED'], 10_000);
    assert.equal(await slow, true, 'start_application(wait=True) answers what happened: the job was interrupted, then re-planned');
    const wanted = [...NAMES.map((name) => `multi:${name}`), 'web:proxy', 'web:front', 'slow:s1', 'slow:s2'];
    let last = new Map<string, Placement>();
    await waitFor('node2 lost, back, and every program RUNNING once', async () => {
      const states = await Promise.all(c.nodes.map((node) => c.stateOf(node)));
      if (!states.every((state) => state === 'OPERATION')) return false;
      const running = await c.call(node1, 'supvisors.get_all_instances_info').then((infos) => list(infos).map(struct).filter((info) => info['statename'] === 'RUNNING').length);
      last = await placement(c, node1);
      return running === 3 && wanted.every((name) => last.get(name)?.state === 'RUNNING' && last.get(name)?.identifiers.length === 1);
    }, { timeoutMs: 30_000, intervalMs: 100 }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last seen: ${JSON.stringify([...last])}`);
    });
    if (process.env['SHOW_NODE1'] === '1') process.stderr.write(node1.runtimeLog());
    const applications = list(await c.call(node1, 'supvisors.get_all_applications_info')).map(struct);
    const processes = JSON.stringify(list(await c.call(node1, 'supvisors.get_all_process_info')));
    for (const application of applications) {
      const name = text(application['application_name']);
      assert.equal(application['statename'], 'RUNNING', name);
      assert.equal(application['major_failure'], false, `${name} major_failure: ${processes}`);
      assert.equal(application['minor_failure'], false, `${name} minor_failure: ${processes}`);
    }
  });
});
