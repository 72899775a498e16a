/**
 * contract/supervisor.ts against a real supervisord (no runtime): the same method names, the
 * parameter counts and types of supervisord's own system.methodSignature, results that validate
 * against the contract's schemas, and REST paths whose placeholders are parameters.
 */
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { Value } from '@sinclair/typebox/value';
import { supervisorContracts } from '../../contract/supervisor.js';
import type { MethodContract, ParamType } from '../../contract/types.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { logsOnFailure, startNode, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

// startsecs = 1 where a test stops what it has just started: a SIGTERM between supervisord's fork
// and the exec is lost (the child still has supervisord's handlers); stopwaitsecs bounds any stop.
const PROGRAMS = `
[program:talker]
command = /bin/sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 1000'
startsecs = 0
stopwaitsecs = 2

[program:idle]
command = sleep 1000
autostart = false
startsecs = 1
stopwaitsecs = 2

[program:quiet]
command = cat
startsecs = 0
stopwaitsecs = 2
stdout_logfile = NONE
redirect_stderr = true
user = ${userInfo().username}

[program:pair]
command = sleep 1000
numprocs = 2
process_name = %(program_name)s_%(process_num)d
startsecs = 1
stopwaitsecs = 2
`;

const table: Readonly<Record<string, MethodContract>> = supervisorContracts;
const names = Object.keys(table).sort();

/** supervisord's signature words for our parameter types (Supvisors' patch writes str/bool). */
const SIGNATURE_TYPES: Readonly<Record<string, ParamType>> = { string: 'string', str: 'string', int: 'int', boolean: 'boolean', bool: 'boolean' };

/** The sample arguments each read-only method is called with to check its result. */
const READ_ONLY_CALLS: Readonly<Record<string, XmlRpcValue[]>> = {
  'supervisor.getAPIVersion': [],
  'supervisor.getVersion': [],
  'supervisor.getSupervisorVersion': [],
  'supervisor.getIdentification': [],
  'supervisor.getState': [],
  'supervisor.getPID': [],
  'supervisor.readLog': [0, 0],
  'supervisor.readMainLog': [-100, 0],
  'supervisor.getAllConfigInfo': [],
  'supervisor.getProcessInfo': ['talker'],
  'supervisor.getAllProcessInfo': [],
  'supervisor.readProcessStdoutLog': ['talker', 0, 0],
  'supervisor.readProcessLog': ['talker', 0, 5],
  'supervisor.readProcessStderrLog': ['talker', 0, 0],
  'supervisor.tailProcessStdoutLog': ['talker', 0, 100],
  'supervisor.tailProcessLog': ['quiet', 0, 100],
  'supervisor.tailProcessStderrLog': ['talker', 0, 3],
};

describe('contract: supervisor.* against a real supervisord', function () {
  this.timeout(30_000);
  let node: TestNode;

  before(async () => {
    node = await startNode({ runtime: false, programs: PROGRAMS });
    await waitFor(
      'talker and quiet RUNNING, talker having written its logs',
      async () => {
        const infos = await node.supervisor.call('supervisor.getAllProcessInfo');
        const running = Array.isArray(infos) ? infos.filter((info) => (info as { statename?: unknown }).statename === 'RUNNING').length : 0;
        const stderr = await node.supervisor.call('supervisor.readProcessStderrLog', ['talker', 0, 0]);
        return running === 4 && stderr === 'to-stderr\n';
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  });
  after(() => node?.stop());
  afterEach(function () {
    logsOnFailure(this, node);
  });

  /** The result as a REST answer carries it: its JSON rendering (a Date or Buffer would not survive). */
  const asJson = (value: XmlRpcValue): unknown => {
    const json: unknown = JSON.parse(JSON.stringify(value));
    assert.deepEqual(json, value, 'the decoded result is plain JSON');
    return json;
  };

  const checkResult = async (name: string, params: XmlRpcValue[]): Promise<unknown> => {
    const contract = table[name];
    assert.ok(contract, `${name} is in the table`);
    const result = asJson(await node.supervisor.call(name, params));
    const errors = [...Value.Errors(contract.result, result)].map((error) => `${error.path}: ${error.message}`);
    assert.ok(Value.Check(contract.result, result), `${name}(${JSON.stringify(params)}) -> ${JSON.stringify(result)}\n${errors.join('\n')}`);
    return result;
  };

  it('has exactly the supervisor.* methods supervisord lists', async () => {
    const listed = await node.supervisor.call('system.listMethods');
    assert.ok(Array.isArray(listed));
    const supervisorNames = listed.filter((name): name is string => typeof name === 'string' && name.startsWith('supervisor.')).sort();
    assert.deepEqual(names, supervisorNames);
  });

  it('has the parameters of supervisord methodSignature, in number and type', async () => {
    for (const name of names) {
      const contract = table[name];
      const signature = await node.supervisor.call('system.methodSignature', [name]);
      assert.ok(Array.isArray(signature) && signature.every((word) => typeof word === 'string'), `${name}: ${JSON.stringify(signature)}`);
      assert.equal(contract.params.length, signature.length - 1, `${name}: parameters of ${JSON.stringify(signature)}`);
      signature.slice(1).forEach((word, index) => {
        assert.equal(contract.params[index]?.type, SIGNATURE_TYPES[word], `${name}: parameter ${index} of ${JSON.stringify(signature)}`);
      });
      // The contract's own signature: supervisord's answer, except for startProcess (Supvisors' patch).
      if (name !== 'supervisor.startProcess') assert.deepEqual(contract.signature, signature, name);
      else assert.equal(contract.signature?.length, signature.length, name);
    }
  });

  it('keeps the runtime overrides to the start methods, stopAllProcesses and signalAllProcesses, with wait defaulting to true', () => {
    const served = names.filter((name) => table[name].servedBy === 'runtime');
    assert.deepEqual(served, ['supervisor.signalAllProcesses', 'supervisor.startAllProcesses', 'supervisor.startProcess', 'supervisor.startProcessGroup', 'supervisor.stopAllProcesses']);
    for (const name of names) {
      for (const param of table[name].params) {
        if (param.name === 'wait') assert.equal(param.default, true, name);
        else assert.equal(param.default, undefined, `${name}: ${param.name}`);
      }
    }
  });

  it('answers the read-only methods with results of their schemas', async () => {
    const readOnly = names.filter((name) => table[name].readOnly);
    assert.deepEqual(readOnly, Object.keys(READ_ONLY_CALLS).sort(), 'a sample call for every read-only method');
    for (const name of readOnly) await checkResult(name, READ_ONLY_CALLS[name]);
    const tail = await checkResult('supervisor.tailProcessStderrLog', ['talker', 0, 3]);
    assert.deepEqual(tail, ['rr\n', 10, true]);
  });

  it('answers the commands with results of their schemas', async () => {
    await checkResult('supervisor.sendProcessStdin', ['quiet', 'hello\n']);
    await checkResult('supervisor.signalProcess', ['pair:pair_0', 'CONT']);
    await checkResult('supervisor.signalProcess', ['pair:*', 'CONT']);
    await checkResult('supervisor.signalProcessGroup', ['pair', 'NOSUCHSIGNAL']);
    await checkResult('supervisor.signalAllProcesses', ['CONT']);
    await checkResult('supervisor.stopProcess', ['pair:*', true]);
    await checkResult('supervisor.startProcessGroup', ['pair', true]);
    await checkResult('supervisor.stopProcessGroup', ['pair', true]);
    await checkResult('supervisor.startProcess', ['pair:*', true]);
    await checkResult('supervisor.startProcess', ['idle', true]);
    await checkResult('supervisor.stopProcess', ['idle', true]);
    await checkResult('supervisor.stopProcessGroup', ['pair', false]);
    await waitFor('pair stopped', async () => {
      const pair = await node.supervisor.call('supervisor.getProcessInfo', ['pair:pair_1']);
      return (pair as { statename?: unknown }).statename === 'STOPPED';
    });
    await checkResult('supervisor.removeProcessGroup', ['pair']);
    const reload = await checkResult('supervisor.reloadConfig', []);
    assert.deepEqual(reload, [[['pair'], [], []]]);
    const configs = await checkResult('supervisor.getAllConfigInfo', []);
    assert.ok(Array.isArray(configs) && configs.some((config) => (config as { inuse?: unknown }).inuse === false), 'pair is configured, not in use');
    await checkResult('supervisor.addProcessGroup', ['pair']);
    await checkResult('supervisor.startAllProcesses', [true]);
    await checkResult('supervisor.clearProcessLogs', ['talker']);
    await checkResult('supervisor.clearProcessLog', ['talker']);
    await checkResult('supervisor.clearAllProcessLogs', []);
    await checkResult('supervisor.clearLog', []);
    await checkResult('supervisor.sendRemoteCommEvent', ['test', 'data']);
    await checkResult('supervisor.stopAllProcesses', [true]);
  });

  describe('REST routes', () => {
    for (const name of names) {
      const contract = table[name];
      it(`${name}: placeholders name parameters, GET only for reading`, () => {
        const paramNames = contract.params.map((param) => param.name);
        for (const route of contract.rest) {
          const method = name.slice('supervisor.'.length);
          assert.ok(route.path === `/${method}` || route.path.startsWith(`/${method}/`), route.path);
          const placeholders = [...route.path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
          for (const placeholder of placeholders) assert.ok(paramNames.includes(placeholder), `${route.path}: {${placeholder}}`);
          assert.equal(new Set(placeholders).size, placeholders.length, route.path);
          // Query parameters are the ones with a default (wait): the others are all in the path.
          const query = paramNames.filter((param) => !placeholders.includes(param));
          assert.ok(query.every((param) => contract.params.find((item) => item.name === param)?.default !== undefined), `${route.path}: ${query.join(', ')}`);
          assert.equal(route.verb, contract.readOnly ? 'GET' : 'POST', route.path);
        }
      });
    }

    it('every method but the aliases has a route', () => {
      const withoutRoute = names.filter((name) => table[name].rest.length === 0);
      assert.deepEqual(withoutRoute, [
        'supervisor.clearProcessLog',
        'supervisor.getVersion',
        'supervisor.readMainLog',
        'supervisor.readProcessLog',
        'supervisor.tailProcessLog',
      ]);
    });
  });
});
