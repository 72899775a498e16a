/**
 * Where Supvisors 0.19's clients look, on 2 real instances (issue 18), written from the spec:
 * - a start_process with no resource shows the process FATAL "No resource available", publishes
 *   the forced-state `event` and gives the application a minor failure (strategies.md §6.4,
 *   xmlrpc.md §5.3 / §5.4 / §7.3, events.md (b), states.md §5.3);
 * - parameters of another type get Supvisors' answers (xmlrpc.md §3.6);
 * - extra arguments of a program without the supvisors-args shim (our documented limit) are
 *   refused with NOT_APPLICABLE before anything is stopped or started.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventClient } from '../../client/events.js';
import { clusterLogsOnFailure, faultOf, list, PASSWORD, startCluster, struct, USER, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { freePort } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';

const programs = `
[group:app]
programs = nores,plain
${['nores', 'plain'].map((name) => `[program:${name}]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`).join('\n')}`;

// app is managed but not started at DISTRIBUTION (its start_sequence is 0); nores can run nowhere
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="app">
    <programs>
      <program name="nores"><start_sequence>1</start_sequence><identifiers>nowhere</identifiers></program>
      <program name="plain"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
</root>
`;

describe('Supvisors 0.19 parity of the control methods', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  let node1: ClusterNode;
  let events: EventClient | undefined;
  const received: Record<string, unknown>[] = [];
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-parity-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    const eventPort = await freePort();
    cluster = await startCluster(2, {
      programs: () => programs,
      supvisors: `rules_files = ${join(dir, 'rules.xml')}\nevent_link = WS`,
      perNode: (index) => (index === 0 ? `event_port = ${eventPort}` : ''),
    });
    await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
    const [first] = cluster.nodes;
    if (first === undefined) throw new Error('no node');
    node1 = first;
    events = new EventClient({
      host: '127.0.0.1',
      port: eventPort,
      credentials: { username: USER, password: PASSWORD },
      headers: ['event'],
      handlers: { event: (body) => void received.push(body as Record<string, unknown>) },
    });
    await events.waitOpen(5000);
  });
  after(async () => {
    await events?.close();
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, params: XmlRpcValue[] = []): Promise<XmlRpcValue> => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster.call(node1, method, params, 15_000);
  };
  const processInfo = async (namespec: string): Promise<Record<string, unknown>> => struct(list((await call('supvisors.get_process_info', [namespec])))[0] ?? {});

  it('a start_process with no resource shows the process FATAL, publishes its forced event and flags the application', async () => {
    assert.deepEqual(await faultOf(call('supvisors.start_process', ['CONFIG', 'app:nores', '', true])), { code: 40, text: 'ABNORMAL_TERMINATION: failed to start app:nores' });
    const info = await processInfo('app:nores');
    assert.equal(info['statecode'], 200);
    assert.equal(info['statename'], 'FATAL');
    // broadcast: every instance shows it (states.md §4.4)
    const node2 = cluster?.nodes[1];
    if (node2 === undefined || cluster === undefined) throw new Error('no node2');
    const other = cluster;
    await waitFor('node2 shows the forced state', async () => struct(list((await other.call(node2, 'supvisors.get_process_info', ['app:nores'])))[0] ?? {})['statecode'] === 200, {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    const application = struct((await call('supvisors.get_application_info', ['app'])));
    assert.equal(application['statename'], 'STOPPED');
    assert.equal(application['major_failure'], false);
    assert.equal(application['minor_failure'], true);
    await waitFor('the forced-state event', () => received.some((body) => body['name'] === 'nores' && body['state'] === 200), { timeoutMs: 5000, intervalMs: 20 });
    const forced = received.find((body) => body['name'] === 'nores' && body['state'] === 200) ?? {};
    assert.equal(forced['group'], 'app');
    assert.equal(forced['spawnerr'], 'No resource available');
    assert.equal(forced['expected'], false);
    assert.equal(forced['pid'], 0);
    assert.ok(!('disabled' in forced), 'a forced-state event has no disabled key');
  });

  it('answers parameters of another type as Supvisors does', async () => {
    assert.deepEqual(await faultOf(call('supvisors.get_application_info', [1])), { code: 10, text: 'BAD_NAME: application=1 unknown to Supvisors' });
    const typeText = (value: string, type: string): string =>
      `INCORRECT_PARAMETERS: invalid <enum 'StartingStrategies'> value=${value} type=<class '${type}'> - type string or integer expected`;
    assert.deepEqual(await faultOf(call('supvisors.start_process', [true, 'app:plain', '', true])), { code: 2, text: typeText('True', 'bool') });
    assert.deepEqual(await faultOf(call('supvisors.start_application', [1.5, 'app', true])), { code: 2, text: typeText('1.5', 'float') });
    // an integral double is a double all the same (Python's xmlrpc.client sends 1.0 as <double>)
    assert.deepEqual(await faultOf(call('supvisors.start_process', [new XmlRpcDouble(1), 'app:plain', '', true])), { code: 2, text: typeText('1.0', 'float') });
    assert.equal((await processInfo('app:plain'))['statename'], 'STOPPED');
  });

  it('refuses extra arguments of a program without the shim, starting and stopping nothing', async () => {
    const refusal = { code: 104, text: 'NOT_APPLICABLE: program=plain does not take extra arguments: its command must start with supvisors-args' };
    assert.deepEqual(await faultOf(call('supvisors.start_process', ['CONFIG', 'app:plain', '-v', true])), refusal);
    assert.equal((await processInfo('app:plain'))['statename'], 'STOPPED');
    assert.equal(await call('supvisors.start_process', ['CONFIG', 'app:plain', '', true]), true);
    assert.deepEqual(await faultOf(call('supvisors.restart_process', ['CONFIG', 'app:plain', '-v', true])), refusal);
    const running = await processInfo('app:plain');
    assert.equal(running['statename'], 'RUNNING', 'restart_process refused: the process was not stopped');
    assert.equal(await call('supvisors.stop_process', ['app:plain', true]), true);
  });
});
