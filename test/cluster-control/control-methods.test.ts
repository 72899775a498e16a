/**
 * The control methods beyond plain start / stop, on 3 real instances: test_start_application
 * and test_start_process predict without starting; restart_sequence re-runs the DISTRIBUTION
 * start; start_any_process picks a stopped match; restart_process starts again; strategy
 * parameters as names or ints, with the spec's faults.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSupvisorsError } from '../../errors/errors.js';
import { clusterLogsOnFailure, list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';

const programs = `
[group:web]
programs = front,back
[group:tools]
programs = tool_a,tool_b
${['front', 'back', 'tool_a', 'tool_b'].map((name) => `[program:${name}]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`).join('\n')}`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="front"><start_sequence>2</start_sequence><required>true</required><identifiers>node2</identifiers></program>
      <program name="back"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
  <application name="tools">
    <programs><program pattern="tool_"><start_sequence>1</start_sequence><identifiers>node3</identifiers></program></programs>
  </application>
</root>
`;

async function fault(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isSupvisorsError(error) ? error.faultString : String(error);
  }
  throw new Error('a fault was expected');
}

describe('control methods on a cluster', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  let node1: ClusterNode;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-control-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}` });
    await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
    const [first] = cluster.nodes;
    if (first === undefined) throw new Error('no node');
    node1 = first;
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, params: (string | number | boolean)[] = []): Promise<unknown> => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster.call(node1, method, params, 15_000);
  };

  it('test_start_application predicts the placement of a stopped application, starting nothing', async () => {
    const prediction = list((await call('supvisors.test_start_application', [0, 'tools'])) as never).map(struct);
    const [node1Id, , node3Id] = cluster?.nodes.map((node) => node.identifier) ?? [];
    assert.deepEqual(prediction, [
      { application_name: 'tools', process_name: 'tool_a', state: 'RUNNING', forced_reason: '', running_identifiers: [node3Id] },
      { application_name: 'tools', process_name: 'tool_b', state: 'RUNNING', forced_reason: '', running_identifiers: [node3Id] },
    ]);
    assert.notEqual(node1Id, node3Id);
    const infos = list((await call('supvisors.get_process_info', ['tools:*'])) as never).map(struct);
    assert.deepEqual(infos.map((info) => info['statename']), ['STOPPED', 'STOPPED']);
    assert.match(await fault(call('supvisors.test_start_application', ['CONFIG', 'web'])), /ALREADY_STARTED: web/);
    assert.match(await fault(call('supvisors.test_start_process', ['CONFIG', 'web:back'])), /ALREADY_STARTED: web:back/);
    assert.match(await fault(call('supvisors.test_start_application', ['BAD', 'tools'])), /invalid <enum 'StartingStrategies'> value=BAD - string expected in \['CONFIG'/);
    assert.match(await fault(call('supvisors.test_start_application', [9, 'tools'])), /integer expected in \[0, 1, 2, 3, 4, 5\]/);
  });

  it('start_any_process starts the first stopped match; restart_process starts it again', async () => {
    assert.equal(await call('supvisors.start_any_process', ['CONFIG', 'tool_', '', true]), 'tools:tool_a');
    assert.equal(await call('supvisors.start_any_process', ['CONFIG', 'tool_', '', true]), 'tools:tool_b');
    assert.match(await fault(call('supvisors.start_any_process', ['CONFIG', 'tool_', '', true])), /FAILED: no candidate process matching "tool_"/);
    const before = struct(list((await call('supvisors.get_process_info', ['tools:tool_a'])) as never)[0] ?? {});
    assert.equal(await call('supvisors.restart_process', ['CONFIG', 'tools:tool_a', '', true]), true);
    const after = struct(list((await call('supvisors.get_process_info', ['tools:tool_a'])) as never)[0] ?? {});
    assert.equal(after['statename'], 'RUNNING');
    assert.notDeepEqual(after['last_event_mtime'], before['last_event_mtime']);
    assert.equal(await call('supvisors.stop_application', ['tools', true]), true);
    // a restart of a stopped application just starts it; then it restarts the running one
    assert.equal(await call('supvisors.restart_application', ['CONFIG', 'tools', true]), true);
    assert.equal(await call('supvisors.restart_application', ['CONFIG', 'tools', true]), true);
    const tools = list((await call('supvisors.get_process_info', ['tools:*'])) as never).map(struct);
    assert.deepEqual(tools.map((info) => info['statename']), ['RUNNING', 'RUNNING']);
    assert.equal(await call('supvisors.stop_application', ['tools', true]), true);
  });

  it('restart_sequence re-runs the DISTRIBUTION start for applications in failure (a required process stopped)', async () => {
    assert.match(await fault(call('supvisors.restart_sequence', [true])), /ABNORMAL_TERMINATION: failed to trigger start sequence/);
    assert.equal(await call('supvisors.stop_process', ['web:front', true]), true);
    assert.equal(await call('supvisors.restart_sequence', [true]), true);
    const infos = list((await call('supvisors.get_process_info', ['web:*'])) as never).map(struct);
    assert.deepEqual(infos.map((info) => info['statename']), ['RUNNING', 'RUNNING']);
  });
});
