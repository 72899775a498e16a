/**
 * The commands supervisord's own API lacks, carried out by the bridge on a real supervisord:
 * enable/disable (spec/xmlrpc.md §7.3, §9), start_args with extra arguments through the
 * supvisors-args shim, update_numprocs, and change_log_level (§3.6).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStruct, XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { specOf, toRow, toRows, waitModelMatches } from '../helpers/local-model.js';
import { loneNodeSuite, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:steady]
command = sleep 1000
startsecs = 0

[program:idle]
command = sleep 1000
autostart = false
startsecs = 0

[program:argv]
command = %(shim)s /bin/sh -c 'echo "$@" > %(here)s/argv.txt; exec sleep 1000' argv0
autostart = false
startsecs = 0

[program:worker]
command = sleep 1000
numprocs = 3
process_name = %(program_name)s_%(process_num)d
startsecs = 0
`;

describe('supervisor bridge: commands on a real supervisord', function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;

  before(async () => {
    node = started();
    await waitModelMatches(node);
  });

  /** The fault a call ends with, as [faultCode, faultString]. */
  const fault = async (call: Promise<XmlRpcValue>): Promise<[number, string]> => {
    try {
      await call;
    } catch (thrown) {
      if (isSupvisorsError(thrown)) return [thrown.faultCode, thrown.faultString];
      throw thrown;
    }
    assert.fail('the call succeeded, a fault was expected');
  };
  const local = async (spec: string): Promise<Record<string, string | number | boolean>> =>
    toRow(await node.api.call('supvisors.get_local_process_info', [spec]));
  const supervisordState = async (spec: string): Promise<unknown> => toRow(await node.supervisor.call('supervisor.getProcessInfo', [spec]))['statename'];
  const stateFile = (name: string): unknown => JSON.parse(readFileSync(join(node.dir, 'state', name), 'utf8'));

  describe('enable / disable', () => {
    it('disable stops the program, refuses its starts with DISABLED and persists', async () => {
      assert.equal((await local('steady'))['statename'], 'RUNNING');
      assert.equal(await node.api.call('supvisors.disable', ['steady', true]), true);
      const steady = await local('steady');
      assert.deepEqual([steady['statename'], steady['disabled']], ['STOPPED', true]);
      assert.equal(await supervisordState('steady'), 'STOPPED');

      assert.deepEqual(await fault(node.api.call('supervisor.startProcess', ['steady'])), [103, 'DISABLED: steady']);
      assert.deepEqual(await fault(node.api.call('supvisors.start_args', ['steady', '', true])), [103, 'DISABLED: steady']);
      assert.deepEqual(await node.api.call('supervisor.startProcessGroup', ['steady']), [
        { name: 'steady', group: 'steady', status: 103, description: 'DISABLED: steady' },
      ]);
      assert.equal((stateFile('disabilities.json') as Record<string, unknown>)['steady'], true);
      assert.equal((stateFile('disabilities.json') as Record<string, unknown>)['idle'], false);
    });

    it('keeps the program disabled across a runtime restart', async () => {
      await node.killRuntime();
      await waitModelMatches(node);
      assert.equal((await local('steady'))['disabled'], true);
    });

    it('stops a disabled program started straight through supervisord', async () => {
      const mark = node.runtimeLog().length;
      await node.supervisor.call('supervisor.startProcess', ['steady', false]);
      await waitFor('the runtime to stop steady again', async () => (await supervisordState('steady')) === 'STOPPED', { timeoutMs: 5000, intervalMs: 50 });
      assert.match(node.runtimeLog().slice(mark), /stopping steady: program steady is disabled/);
      await waitModelMatches(node);
    });

    it('enable lets autostart act', async () => {
      assert.equal(await node.api.call('supvisors.enable', ['steady', true]), true);
      await waitFor('steady RUNNING again', async () => (await local('steady'))['statename'] === 'RUNNING', { timeoutMs: 5000, intervalMs: 50 });
      assert.equal((await local('steady'))['disabled'], false);
      assert.equal((stateFile('disabilities.json') as Record<string, unknown>)['steady'], false);
      assert.deepEqual(await fault(node.api.call('supvisors.disable', ['nope'])), [10, 'BAD_NAME: program=nope unknown to Supvisors']);
    });
  });

  describe('start_args', () => {
    /** What the child wrote; '' until it has. */
    const argvFile = (): string => {
      try {
        return readFileSync(join(node.dir, 'argv.txt'), 'utf8');
      } catch {
        return '';
      }
    };

    it('appends extra arguments to the argv of the child', async () => {
      assert.equal(await node.api.call('supvisors.start_args', ['argv', '-x "two words"', true]), true);
      await waitFor('argv.txt written', () => argvFile() === '-x two words\n', { timeoutMs: 5000, intervalMs: 20 });
      const argv = await local('argv');
      assert.deepEqual([argv['statename'], argv['extra_args']], ['RUNNING', '-x "two words"']);
      // A new runtime reads them back as they were given.
      await node.killRuntime();
      await waitModelMatches(node);
      assert.equal((await local('argv'))['extra_args'], '-x "two words"');
    });

    it('refuses a running process, an unknown name and a program without the shim', async () => {
      assert.deepEqual(await fault(node.api.call('supvisors.start_args', ['argv', '', true])), [60, 'ALREADY_STARTED: argv']);
      // Supvisors looks the name up in its own model before asking supervisord (spec/xmlrpc.md §7.3)
      assert.deepEqual(await fault(node.api.call('supvisors.start_args', ['nope', '', true])), [10, 'BAD_NAME: application=nope unknown to Supvisors']);
      const [code, text] = await fault(node.api.call('supvisors.start_args', ['idle', '-x', true]));
      assert.equal(code, 104);
      assert.match(text, /^NOT_APPLICABLE: program=idle /);
      assert.equal(await supervisordState('idle'), 'STOPPED');
    });

    it('answers a start with wait once the new run is in the local view, quick restarts in the same second included', async () => {
      for (let round = 0; round < 8; round += 1) {
        assert.equal(await node.api.call('supvisors.start_args', ['idle', '', true]), true);
        const info = await local('idle');
        const supervised = await node.supervisor.call('supervisor.getProcessInfo', ['idle']);
        assert.ok(isStruct(supervised));
        assert.deepEqual([info['statename'], info['pid']], ['RUNNING', supervised['pid']], `round ${round}: the run supervisord started`);
        await node.supervisor.call('supervisor.stopProcess', ['idle', true]);
      }
    });

    it('starts again without extra arguments when given none', async () => {
      await node.supervisor.call('supervisor.stopProcess', ['argv']);
      assert.equal(await node.api.call('supvisors.start_args', ['argv', '', true]), true);
      await waitFor('argv.txt rewritten', () => argvFile() === '\n', { timeoutMs: 5000, intervalMs: 20 });
      assert.equal((await local('argv'))['extra_args'], '');
    });
  });

  describe('update_numprocs', () => {
    const workers = async (): Promise<string[]> =>
      toRows(await node.api.call('supvisors.get_all_local_process_info')).filter((row) => row['group'] === 'worker').map(specOf);

    it('a decrease with wait stops and hides the obsolete processes', async () => {
      assert.deepEqual(await workers(), ['worker:worker_0', 'worker:worker_1', 'worker:worker_2']);
      assert.equal(await node.api.call('supvisors.update_numprocs', ['worker', 1, true]), true);
      assert.deepEqual(await workers(), ['worker:worker_0']);
      assert.deepEqual(await Promise.all(['worker:worker_1', 'worker:worker_2'].map(supervisordState)), ['STOPPED', 'STOPPED']);
      await waitModelMatches(node, ['worker:worker_1', 'worker:worker_2']);
      assert.deepEqual(stateFile('numprocs.json'), { worker: 1 });
    });

    it('an increase brings them back and autostart runs them', async () => {
      assert.equal(await node.api.call('supvisors.update_numprocs', ['worker', 3]), true);
      assert.deepEqual(await workers(), ['worker:worker_0', 'worker:worker_1', 'worker:worker_2']);
      await waitFor('workers 1 and 2 RUNNING', async () => (await Promise.all(['worker:worker_1', 'worker:worker_2'].map(supervisordState))).every((state) => state === 'RUNNING'), {
        timeoutMs: 5000,
        intervalMs: 50,
      });
      await waitModelMatches(node);
      assert.deepEqual(stateFile('numprocs.json'), {});
    });

    it('a lazy decrease leaves running processes until they stop, and persists', async () => {
      assert.equal(await node.api.call('supvisors.update_numprocs', ['worker', 2, true, true]), true);
      assert.deepEqual(await workers(), ['worker:worker_0', 'worker:worker_1', 'worker:worker_2']);
      assert.equal((await local('worker:worker_2'))['statename'], 'RUNNING');
      await node.supervisor.call('supervisor.stopProcess', ['worker:worker_2']);
      await waitFor('worker_2 gone from the model', async () => !(await workers()).includes('worker:worker_2'), { timeoutMs: 5000, intervalMs: 50 });
      assert.deepEqual(stateFile('numprocs.json'), { worker: 2 });

      await node.killRuntime();
      await waitModelMatches(node, ['worker:worker_2']);
      assert.deepEqual(await workers(), ['worker:worker_0', 'worker:worker_1']);

      // A hidden process started behind the runtime's back is stopped again.
      await node.supervisor.call('supervisor.startProcess', ['worker:worker_2', false]);
      await waitFor('worker_2 stopped again', async () => (await supervisordState('worker:worker_2')) === 'STOPPED', { timeoutMs: 5000, intervalMs: 50 });
      assert.deepEqual(await workers(), ['worker:worker_0', 'worker:worker_1']);
    });

    it('refuses what it cannot do', async () => {
      const [beyondCode, beyondText] = await fault(node.api.call('supvisors.update_numprocs', ['worker', 4]));
      assert.equal(beyondCode, 104);
      assert.match(beyondText, /^NOT_APPLICABLE: /);
      assert.deepEqual(await fault(node.api.call('supvisors.update_numprocs', ['idle', 2])), [104, 'NOT_APPLICABLE: numprocs not applicable to program=idle']);
      assert.deepEqual(await fault(node.api.call('supvisors.update_numprocs', ['worker', 0])), [
        2,
        'INCORRECT_PARAMETERS: program=worker incorrect numprocs=0 - integer > 0 expected',
      ]);
      assert.deepEqual(await fault(node.api.call('supvisors.update_numprocs', ['nope', 2])), [10, 'BAD_NAME: program=nope unknown to Supvisors']);
      // Back to the section's numprocs for whoever comes next.
      assert.equal(await node.api.call('supvisors.update_numprocs', ['worker', 3]), true);
    });
  });

  describe('change_log_level', () => {
    it('takes a level name or its number', async () => {
      const mark = node.runtimeLog().length;
      assert.equal(await node.api.call('supvisors.change_log_level', ['debug']), true);
      await node.supervisor.call('supervisor.startProcess', ['idle']);
      await waitFor('a debug line', () => /DEBG;\[supervisor-bridge\] idle: STARTING -> RUNNING/.test(node.runtimeLog().slice(mark)), { timeoutMs: 5000, intervalMs: 20 });

      assert.equal(await node.api.call('supvisors.change_log_level', [30]), true);
      const quiet = node.runtimeLog().length;
      await node.supervisor.call('supervisor.stopProcess', ['idle']);
      await waitModelMatches(node);
      assert.doesNotMatch(node.runtimeLog().slice(quiet), /DEBG;/);
    });

    it('refuses anything else with the exact texts of Supvisors', async () => {
      const call = (value: XmlRpcValue): Promise<[number, string]> => fault(node.api.call('supvisors.change_log_level', [value]));
      assert.deepEqual(await call('BAD'), [
        2,
        "INCORRECT_PARAMETERS: invalid logger value=BAD - string expected in ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather']",
      ]);
      assert.deepEqual(await call(7), [2, 'INCORRECT_PARAMETERS: invalid logger value=7 - integer expected in [50, 40, 30, 20, 10, 5, 3]']);
      assert.deepEqual(await call(true), [2, "INCORRECT_PARAMETERS: invalid logger value=True type=<class 'bool'> - type string or integer expected"]);
      assert.deepEqual(await call(new XmlRpcDouble(1.5)), [2, "INCORRECT_PARAMETERS: invalid logger value=1.5 type=<class 'float'> - type string or integer expected"]);
      assert.deepEqual(await call(new XmlRpcDouble(20)), [2, "INCORRECT_PARAMETERS: invalid logger value=20.0 type=<class 'float'> - type string or integer expected"], 'a double keeps its .0, as Python prints it');
    });
  });
});
