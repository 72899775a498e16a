/**
 * Supervisor's own clients against our runtime's port: Debian's supervisorctl and Python's
 * xmlrpc.client, as they are; and a malformed request refused without harm.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { isStruct } from '../../xmlrpc/values.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { basic } from '../helpers/http-client.js';
import { toRow, toRows } from '../helpers/local-model.js';
import { waitFor } from '../helpers/wait.js';
import { PASSWORD, loneNodeSuite, USER, type TestNode } from '../helpers/supervisord.js';

const PROGRAMS = `
[program:steady]
command = sleep 1000
startsecs = 0

[program:idle]
command = sleep 1000
autostart = false
startsecs = 0
`;

/** Python's standard XML-RPC client, calling our port; prints its results as JSON. */
const PYTHON_CLIENT = `
import json, sys, xmlrpc.client
port, user, password = sys.argv[1:4]
proxy = xmlrpc.client.ServerProxy('http://%s:%s@127.0.0.1:%s/RPC2' % (user, password, port))
try:
    proxy.supvisors.get_local_process_info('nope')
    fault = None
except xmlrpc.client.Fault as error:
    fault = [error.faultCode, error.faultString]
print(json.dumps({
    'version': proxy.supvisors.get_api_version(),
    'local': proxy.supvisors.get_all_local_process_info(),
    'state': proxy.supervisor.getState(),
    'multicall': proxy.system.multicall([
        {'methodName': 'supvisors.get_api_version'},
        {'methodName': 'supervisor.getState'},
        {'methodName': 'supvisors.get_local_process_info', 'params': ['steady']},
        {'methodName': 'supvisors.nope'},
    ]),
    'fault': fault,
}))
`;

function python(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', PYTHON_CLIENT, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`python3 failed: ${error.message}\n${stderr}`));
    });
  });
}

/** A raw POST to /RPC2 with our credentials: its status and body. */
function post(port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const authorization = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const outgoing = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/RPC2', headers: { 'Content-Type': 'text/xml', Authorization: authorization }, timeout: 10_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 10 s')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('supervisor bridge: clients against the runtime port', function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;

  before(() => {
    node = started();
  });

  it("Debian's supervisorctl prints the processes and drives them through our port", async () => {
    const status = await node.ctlRuntime('status');
    assert.match(status.stdout, /^steady\s+RUNNING\s+pid \d+, uptime \d+:\d\d:\d\d$/m);
    assert.match(status.stdout, /^idle\s+STOPPED\s+Not started$/m);
    assert.match(status.stdout, /^supvisors\s+RUNNING\s+pid \d+/m);

    assert.match((await node.ctlRuntime('start', 'idle')).stdout, /^idle: started$/m);
    assert.match((await node.ctlRuntime('stop', 'idle')).stdout, /^idle: stopped$/m);

    const refused = await node.ctl('-s', `http://127.0.0.1:${node.httpPort}`, '-u', USER, '-p', 'wrong', 'status');
    assert.match(refused.stdout, /Server requires authentication/);
  });

  it("Python's xmlrpc.client calls supvisors.*, supervisor.* and system.multicall", async () => {
    const answer = JSON.parse(await python(String(node.httpPort), USER, PASSWORD)) as {
      version: string;
      local: { name: string; statename: string }[];
      state: unknown;
      multicall: unknown[];
      fault: unknown;
    };
    assert.equal(answer.version, '0.19.1');
    assert.deepEqual(
      answer.local.map((info) => [info.name, info.statename]),
      toRows(await node.api.call('supvisors.get_all_local_process_info')).map((row) => [row['name'], row['statename']]),
    );
    assert.deepEqual(answer.state, { statecode: 1, statename: 'RUNNING' });
    assert.deepEqual(answer.fault, [10, 'BAD_NAME: nope']);
    const [version, state, steady, unknown] = answer.multicall;
    assert.equal(version, '0.19.1');
    assert.deepEqual(state, { statecode: 1, statename: 'RUNNING' });
    assert.equal((steady as { statename?: unknown }).statename, 'RUNNING');
    assert.deepEqual(unknown, { faultCode: 1, faultString: 'UNKNOWN_METHOD' });
  });

  it('answers malformed XML with HTTP 400 and keeps answering', async () => {
    const malformed = await post(node.httpPort, '<?xml version="1.0"?><methodCall><methodName>supvisors.get_api_version</methodName><params><param>');
    assert.equal(malformed.status, 400);
    assert.doesNotMatch(malformed.body, /<fault>/);
    const noName = await post(node.httpPort, '<?xml version="1.0"?><methodCall><params/></methodCall>');
    assert.equal(noName.status, 400);
    assert.equal(await node.api.call('supvisors.get_api_version'), '0.19.1');
    assert.equal(toRow(await node.api.call('supvisors.get_local_process_info', ['steady']))['statename'], 'RUNNING');
  });

  it('serves the actor diagnostics: supvisors.get_actor_diagnostics and GET /diagnostics', async () => {
    const current = node;
    const snapshot = await current.api.call('supvisors.get_actor_diagnostics', [2]);
    assert.ok(isStruct(snapshot));
    assert.equal(snapshot['node'], 'test-node');
    const actors = snapshot['actors'];
    assert.ok(Array.isArray(actors));
    const bridge = actors.find((actor) => isStruct(actor) && actor['name'] === 'supervisor-bridge');
    assert.ok(bridge !== undefined, 'the bridge actor is listed');
    assert.ok(isStruct(bridge));
    assert.equal(bridge['status'], 'running');
    const mailbox = bridge['mailbox'];
    assert.ok(isStruct(mailbox) && typeof mailbox['processed'] === 'number' && mailbox['processed'] > 0);
    await assert.rejects(current.api.call('supvisors.get_actor_diagnostics', ['many']), (error: unknown) => isSupvisorsError(error) && error.fault === 'INCORRECT_PARAMETERS');
    const anonymous = await fetch(`http://127.0.0.1:${current.httpPort}/diagnostics.txt`);
    assert.equal(anonymous.status, 401, 'diagnostics ask for the [inet_http_server] credentials');
    const response = await fetch(`http://127.0.0.1:${current.httpPort}/diagnostics.txt`, { headers: basic(`${USER}:${PASSWORD}`) });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^actor system test-node: \d+ actors/);
  });

  it('writes the actor diagnostics to its log on SIGUSR2', async () => {
    process.kill(await node.runtimePid(), 'SIGUSR2');
    await waitFor('the dump in the log', () => /;INFO;actor system test-node: \d+ actors/.test(node.runtimeLog()));
    assert.match(node.runtimeLog(), /\nsupervisor-bridge +running/);
  });
});
