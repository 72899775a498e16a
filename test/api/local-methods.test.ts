/**
 * The node-local methods where Supvisors 0.19's clients look (issue 18), on a real supervisord,
 * written from spec/xmlrpc.md and spec/cli.md:
 * - the runtime's own `[eventlistener:supvisors]` is in no local process info (§5.5, §7.1;
 *   supvisorsctl's local_status, cli.md §3.1) and its program unknown to enable, disable and
 *   update_numprocs (BAD_NAME, §7.3): Python Supvisors lives inside supervisord;
 * - `enable` resets the start of the program's stopped processes to 0 (Supervisor's laststart,
 *   reset by 0.19 so that autostart acts, §7.3), hence `Not started` and local_status's `0`;
 * - `supervisor.startProcessGroup` with a disabled member answers in supervisord's own group
 *   order (§9: the patched startProcess is called per process by supervisord's group start).
 */
import assert from 'node:assert/strict';
import { statusCommands } from '../../cli/commands/supvisors-status.js';
import { isSupvisorsError } from '../../errors/errors.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { runCommand } from '../helpers/cli.js';
import { RUNTIME_LISTENER, toRow, toRows } from '../helpers/local-model.js';
import { loneNodeSuite, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

// KILL: a stop sent right after a spawn, before the child execs its program, is not lost.
const PROGRAMS = `
[program:lazy]
command = sleep 1000
autostart = false
startsecs = 0
stopsignal = KILL

[group:grp]
programs = zeta,alpha,mid

[program:zeta]
command = sleep 1000
autostart = false
startsecs = 0
stopsignal = KILL

[program:alpha]
command = sleep 1000
autostart = false
startsecs = 0
stopsignal = KILL
numprocs = 2
process_name = %(program_name)s_%(process_num)d

[program:mid]
command = sleep 1000
autostart = false
startsecs = 0
stopsignal = KILL
priority = 5
`;

describe('local methods as Supvisors 0.19 clients see them', function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;

  before(() => {
    node = started();
  });

  const local = async (spec: string): Promise<Record<string, string | number | boolean>> => toRow(await node.api.call('supvisors.get_local_process_info', [spec]));
  const fault = async (call: Promise<XmlRpcValue>): Promise<string> => {
    try {
      await call;
    } catch (thrown) {
      if (isSupvisorsError(thrown)) return thrown.faultString;
      throw thrown;
    }
    return assert.fail('the call succeeded, a fault was expected');
  };
  const localStatus = (): Promise<{ lines: string[] }> => {
    const command = statusCommands.find((candidate) => candidate.name === 'local_status');
    assert.ok(command !== undefined);
    return runCommand(command, node.httpPort, []);
  };

  it("leaves the runtime's own listener out of every local process info", async () => {
    const supervisord = toRows(await node.supervisor.call('supervisor.getAllProcessInfo'));
    assert.ok(supervisord.some((row) => row['group'] === RUNTIME_LISTENER && row['name'] === RUNTIME_LISTENER), 'supervisord runs it');
    const ours = toRows(await node.api.call('supvisors.get_all_local_process_info'));
    assert.deepEqual(
      ours.map((row) => `${String(row['group'])}:${String(row['name'])}`),
      ['grp:alpha_0', 'grp:alpha_1', 'grp:mid', 'grp:zeta', 'lazy:lazy'],
    );
    assert.equal(await fault(node.api.call('supvisors.get_local_process_info', [RUNTIME_LISTENER])), `BAD_NAME: ${RUNTIME_LISTENER}`);
    assert.equal(await fault(node.api.call('supvisors.get_local_process_info', [`${RUNTIME_LISTENER}:${RUNTIME_LISTENER}`])), `BAD_NAME: ${RUNTIME_LISTENER}:${RUNTIME_LISTENER}`);
    for (const [method, params] of [['supvisors.disable', [RUNTIME_LISTENER]], ['supvisors.enable', [RUNTIME_LISTENER]], ['supvisors.update_numprocs', [RUNTIME_LISTENER, 1]]] as const) {
      assert.equal(await fault(node.api.call(method, [...params])), `BAD_NAME: program=${RUNTIME_LISTENER} unknown to Supvisors`, method);
    }
    const groups = (await localStatus()).lines.slice(1).map((line) => line.split(/\s+/)[0]);
    assert.deepEqual(groups, ['grp', 'grp', 'grp', 'grp', 'lazy']);
  });

  it('enable resets the start of the stopped processes to 0', async () => {
    await node.api.call('supvisors.start_args', ['lazy', '', true]);
    const started = await local('lazy');
    assert.equal(started['statename'], 'RUNNING');
    assert.ok(Number(started['start']) > 0);

    assert.equal(await node.api.call('supvisors.disable', ['lazy']), true);
    const disabled = await local('lazy');
    assert.deepEqual([disabled['statename'], disabled['disabled']], ['STOPPED', true]);
    assert.ok(Number(disabled['start']) > 0, 'disable keeps the last start');

    assert.equal(await node.api.call('supvisors.enable', ['lazy']), true);
    const enabled = await local('lazy');
    assert.deepEqual(
      [enabled['statename'], enabled['disabled'], enabled['start'], enabled['start_monotonic'], enabled['description']],
      ['STOPPED', false, 0, 0, 'Not started'],
    );
    const row = (await localStatus()).lines.find((line) => line.startsWith('lazy '));
    assert.deepEqual(row?.split(/\s+/).slice(0, 5), ['lazy', 'lazy', 'False', 'STOPPED', '0']);

    // a resync of the runtime (supervisord's groups changed) keeps it
    const mark = node.runtimeLog().length;
    await node.supervisor.call('supervisor.removeProcessGroup', ['grp']);
    await node.supervisor.call('supervisor.addProcessGroup', ['grp']);
    await waitFor('the runtime resynced', () => node.runtimeLog().slice(mark).includes('resync from supervisord (group grp'), { timeoutMs: 5000, intervalMs: 50 });
    await waitFor('grp back', async () => (await node.api.call('supvisors.get_all_local_process_info').then(toRows)).length === 5, { timeoutMs: 5000, intervalMs: 50 });
    assert.equal((await local('lazy'))['start'], 0);

    // started again: its new start shows
    await node.api.call('supvisors.start_args', ['lazy', '', true]);
    const again = await local('lazy');
    assert.equal(again['statename'], 'RUNNING');
    assert.ok(Number(again['start']) >= Number(started['start']));
    await node.api.call('supervisor.stopProcess', ['lazy']);
  });

  it('startProcessGroup with a disabled member answers in supervisord’s group order', async () => {
    // supervisord's own order: what it answers when nothing is disabled
    const names = (value: XmlRpcValue): string[] => toRows(value).map((row) => String(row['name']));
    const order = names(await node.supervisor.call('supervisor.startProcessGroup', ['grp']));
    assert.deepEqual(order, ['mid', 'zeta', 'alpha_0', 'alpha_1'], 'priority first, then the programs of [group:grp], then the process numbers');
    await node.supervisor.call('supervisor.stopProcessGroup', ['grp']);

    assert.equal(await node.api.call('supvisors.disable', ['zeta']), true);
    for (const wait of [true, false]) {
      const answer = toRows(await node.api.call('supervisor.startProcessGroup', ['grp', wait]));
      assert.deepEqual(
        answer.map((row) => [row['name'], row['status'], row['description']]),
        [
          ['mid', 80, 'OK'],
          ['zeta', 103, 'DISABLED: grp:zeta'],
          ['alpha_0', 80, 'OK'],
          ['alpha_1', 80, 'OK'],
        ],
        `wait=${String(wait)}`,
      );
      await node.supervisor.call('supervisor.stopProcessGroup', ['grp']);
    }
    assert.equal(await node.api.call('supvisors.enable', ['zeta']), true);
  });
});
