/**
 * Starting failures on 3 real instances (spec/strategies.md §6.4-§6.6, spec/rules.md §3-§4):
 * a *required* process that cannot be started applies its starting_failure_strategy: ABORT
 * drops the later stages (the current one runs to completion), CONTINUE goes on, STOP also
 * stops the application; wait_exit makes the next stage wait for an expected exit.
 *
 * The green tests make the required process fail by placement ("No resource available": its
 * identifiers name no known instance). The same strategies with a program whose *command* fails
 * are the tests at the end.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { indexIn, logsOnError, processStates, programsOnEveryNode, waitApplicationState, workspace, type Workspace } from './fixtures.js';

const rules = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<root>
  <application name="abort_app">
    <starting_failure_strategy>ABORT</starting_failure_strategy>
    <programs>
      <program name="a1"><start_sequence>1</start_sequence><identifiers>node1</identifiers></program>
      <program name="a2"><start_sequence>2</start_sequence><required>true</required><identifiers>nowhere</identifiers></program>
      <program name="a3"><start_sequence>2</start_sequence><identifiers>node3</identifiers></program>
      <program name="a4"><start_sequence>3</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
  <application name="continue_app">
    <starting_failure_strategy>CONTINUE</starting_failure_strategy>
    <programs>
      <program name="c1"><start_sequence>1</start_sequence><identifiers>node1</identifiers></program>
      <program name="c2"><start_sequence>2</start_sequence><required>true</required><identifiers>nowhere</identifiers></program>
      <program name="c3"><start_sequence>3</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
  <application name="stop_app">
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="s1"><start_sequence>1</start_sequence><identifiers>node2</identifiers></program>
      <program name="s2"><start_sequence>2</start_sequence><required>true</required><identifiers>nowhere</identifiers></program>
      <program name="s3"><start_sequence>3</start_sequence><identifiers>node3</identifiers></program>
    </programs>
  </application>
  <application name="stop_late_app">
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="t1"><start_sequence>1</start_sequence><identifiers>node1</identifiers></program>
      <program name="t2"><start_sequence>2</start_sequence><required>true</required><identifiers>nowhere</identifiers></program>
      <program name="t3"><start_sequence>2</start_sequence><identifiers>node3</identifiers></program>
    </programs>
  </application>
  <application name="notrequired_app">
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="n1"><start_sequence>1</start_sequence><identifiers>nowhere</identifiers></program>
      <program name="n2"><start_sequence>2</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
  <application name="wait_app">
    <programs>
      <program name="w1"><start_sequence>1</start_sequence><wait_exit>true</wait_exit><identifiers>node2</identifiers></program>
      <program name="w2"><start_sequence>2</start_sequence><identifiers>node3</identifiers></program>
    </programs>
  </application>
  <application name="cmd_abort_app">
    <starting_failure_strategy>ABORT</starting_failure_strategy>
    <programs>
      <program name="ka1"><start_sequence>1</start_sequence><required>true</required><identifiers>node1</identifiers></program>
      <program name="ka2"><start_sequence>2</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
  <application name="cmd_continue_app">
    <starting_failure_strategy>CONTINUE</starting_failure_strategy>
    <programs>
      <program name="kc1"><start_sequence>1</start_sequence><required>true</required><identifiers>node1</identifiers></program>
      <program name="kc2"><start_sequence>2</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
  <application name="cmd_stop_app">
    <starting_failure_strategy>STOP</starting_failure_strategy>
    <programs>
      <program name="ks0"><start_sequence>1</start_sequence><identifiers>node3</identifiers></program>
      <program name="ks1"><start_sequence>2</start_sequence><required>true</required><identifiers>node1</identifiers></program>
      <program name="ks2"><start_sequence>3</start_sequence><identifiers>node2</identifiers></program>
    </programs>
  </application>
</root>
`;

/** Exits 1 at once, long before startsecs: BACKOFF then FATAL (startretries 0). */
const failing = { behaviour: { kind: 'exit', afterS: 0, code: 1 }, startsecs: 3 } as const;
const trap = { behaviour: { kind: 'trap' } } as const;

describe('cluster applications: starting failures and wait_exit', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let space: Workspace | undefined;
  let node1: ClusterNode;

  before(async function () {
    this.timeout(45_000);
    space = workspace('supvisors-apps-fail-');
    const rulesFile = space.writeRules(rules);
    const programs = programsOnEveryNode(
      {
        abort_app: [{ name: 'a1' }, { name: 'a2' }, { name: 'a3' }, { name: 'a4' }],
        continue_app: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }],
        stop_app: [{ name: 's1', ...trap }, { name: 's2' }, { name: 's3' }],
        stop_late_app: [{ name: 't1', ...trap }, { name: 't2' }, { name: 't3', ...trap }],
        notrequired_app: [{ name: 'n1' }, { name: 'n2' }],
        wait_app: [{ name: 'w1', behaviour: { kind: 'exit', afterS: 1.5, code: 0 } }, { name: 'w2' }],
        cmd_abort_app: [{ name: 'ka1', ...failing }, { name: 'ka2' }],
        cmd_continue_app: [{ name: 'kc1', ...failing }, { name: 'kc2' }],
        cmd_stop_app: [{ name: 'ks0', ...trap }, { name: 'ks1', ...failing }, { name: 'ks2' }],
      },
      space.orderFile,
    );
    cluster = await startCluster(3, { programs, supvisors: space.rulesOption(rulesFile) });
    const [first] = cluster.nodes;
    if (first === undefined) throw new Error('no nodes');
    node1 = first;
    const started = cluster;
    await logsOnError(started, () => started.waitState(started.nodes, 'OPERATION', 30_000));
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    space?.cleanup();
  });

  const the = (): Cluster => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster;
  };
  const order = (): string[] => space?.order() ?? [];
  const startApplication = (application: string) => the().call(node1, 'supvisors.start_application', ['CONFIG', application, true], 30_000);
  const applicationInfo = async (application: string) => struct(await the().call(node1, 'supvisors.get_application_info', [application]));
  const started = (name: string): string[] => order().filter((line) => line.startsWith(`${name}-`));

  it('ABORT: a required process without resource drops the later stages; its own stage still starts', async () => {
    // the application ends RUNNING (a1, a3) with a major failure (a2 required, not running)
    assert.equal(await startApplication('abort_app'), true);
    assert.deepEqual(started('a1'), ['a1-node1']);
    assert.deepEqual(started('a3'), ['a3-node3']);
    assert.ok(indexIn(order(), 'a1-node1') < indexIn(order(), 'a3-node3'));
    assert.deepEqual(started('a4'), []);
    const info = await applicationInfo('abort_app');
    assert.equal(info['statename'], 'RUNNING');
    assert.equal(info['major_failure'], true);
    const states = await processStates(the(), node1, 'abort_app:*');
    assert.equal(states['abort_app:a4']?.statename, 'STOPPED');
  });

  it('a process that could not be placed is shown FATAL (forced: No resource available)', async () => {
    const states = await processStates(the(), node1, 'abort_app:*');
    assert.equal(states['abort_app:a2']?.statename, 'FATAL');
  });

  it('CONTINUE: a required process without resource does not stop the start sequence', async () => {
    assert.equal(await startApplication('continue_app'), true);
    assert.deepEqual(started('c1'), ['c1-node1']);
    assert.deepEqual(started('c3'), ['c3-node2']);
    assert.ok(indexIn(order(), 'c1-node1') < indexIn(order(), 'c3-node2'));
    assert.equal((await applicationInfo('continue_app'))['major_failure'], true);
  });

  it('a process that is not required does not apply the strategy (STOP ignored): the sequence goes on', async () => {
    assert.equal(await startApplication('notrequired_app'), true);
    assert.deepEqual(started('n2'), ['n2-node2']);
    const info = await applicationInfo('notrequired_app');
    assert.equal(info['statename'], 'RUNNING');
    assert.equal(info['major_failure'], false);
  });

  it('STOP: a required process without resource drops the later stages and stops the application', async () => {
    // whether start_application answers before or after the stop, the application ends STOPPED
    await startApplication('stop_app').catch(() => false);
    await waitApplicationState(the(), node1, 'stop_app', 'STOPPED', 15_000);
    await space?.waitOrder(['s1-node2', 'stop-s1-node2'], 5000);
    assert.ok(indexIn(order(), 's1-node2') < indexIn(order(), 'stop-s1-node2'));
    assert.deepEqual(started('s3'), []);
  });

  // spec/strategies.md §6.6: STOP stops the application "when the job finishes", so t3, started in
  // the failing stage, is stopped too.
  it('STOP: the stop comes once the application job is over: a process of the failing stage is stopped too', async () => {
    await startApplication('stop_late_app').catch(() => false);
    await space?.waitOrder(['t1-node1', 't3-node3', 'stop-t1-node1', 'stop-t3-node3'], 15_000);
    await waitApplicationState(the(), node1, 'stop_late_app', 'STOPPED', 15_000);
  });

  it('wait_exit: the next stage starts once the process has exited (expected exit)', async () => {
    assert.equal(await startApplication('wait_app'), true);
    const seen = await space?.waitOrder(['w1-node2', 'exit-w1-node2', 'w2-node3'], 5000);
    const lines = seen ?? [];
    // first start of w1 < its exit < the start of w2
    assert.ok(indexIn(lines, 'w1-node2') < indexIn(lines, 'exit-w1-node2'), lines.join(' '));
    assert.ok(indexIn(lines, 'exit-w1-node2') < indexIn(lines, 'w2-node3'), lines.join(' '));
    const states = await processStates(the(), node1, 'wait_app:*');
    assert.equal(states['wait_app:w2']?.statename, 'RUNNING');
  });

  // a stage is sent once: the process that exited is not started again
  it('wait_exit: the process that exited is not started again', () => {
    // after the test above
    assert.deepEqual(started('w1'), ['w1-node2']);
  });

  // a failed start (FATAL) is final: started once, never retried by the job
  it('ABORT: a required process whose command fails (FATAL) drops the later stages, started once', async () => {
    await startApplication('cmd_abort_app').catch(() => false);
    await waitApplicationState(the(), node1, 'cmd_abort_app', 'STOPPED', 15_000);
    assert.equal((await processStates(the(), node1, 'cmd_abort_app:ka1'))['cmd_abort_app:ka1']?.statename, 'FATAL');
    assert.deepEqual(started('ka1'), ['ka1-node1']);
    assert.deepEqual(started('ka2'), []);
  });

  it('CONTINUE: a required process whose command fails (FATAL): the next stage starts, the failed one once', async () => {
    await startApplication('cmd_continue_app').catch(() => false);
    await space?.waitOrder(['kc2-node2'], 15_000);
    assert.deepEqual(started('kc1'), ['kc1-node1']);
    assert.equal((await processStates(the(), node1, 'cmd_continue_app:kc1'))['cmd_continue_app:kc1']?.statename, 'FATAL');
  });

  it('STOP: a required process whose command fails (FATAL) stops the application', async () => {
    await startApplication('cmd_stop_app').catch(() => false);
    await space?.waitOrder(['ks0-node3', 'ks1-node1', 'stop-ks0-node3'], 15_000);
    await waitApplicationState(the(), node1, 'cmd_stop_app', 'STOPPED', 15_000);
    assert.deepEqual(started('ks1'), ['ks1-node1']);
    assert.deepEqual(started('ks2'), []);
  });
});
