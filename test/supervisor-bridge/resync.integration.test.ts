/**
 * The runtime rebuilds its model from supervisord whenever it is started again: after a SIGKILL
 * (supervisord restarts its event listener) while processes keep changing, and after
 * `supervisorctl reload` (supervisord restarts everything).
 */
import assert from 'node:assert/strict';
import { toRow, waitModelMatches } from '../helpers/local-model.js';
import { logsOnFailure, startNode, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:alpha]
command = sleep 1000
startsecs = 0

[program:beta]
command = sleep 1000
startsecs = 0

[program:gamma]
command = sleep 1000
autostart = false
startsecs = 0

[program:brief]
command = sh -c "exit 3"
autostart = false
autorestart = false
startsecs = 0

[program:worker]
command = sleep 1000
numprocs = 2
process_name = %(program_name)s_%(process_num)d
startsecs = 0

[group:pool]
programs = worker
`;

describe('supervisor bridge: resync after the runtime restarts', function () {
  this.timeout(40_000);
  let node: TestNode;

  before(async () => {
    node = await startNode({ programs: PROGRAMS, supvisors: 'loglevel = debug' });
    await node.waitRuntime();
    await waitModelMatches(node);
  });
  after(() => node?.stop());
  afterEach(function () {
    logsOnFailure(this, node);
  });

  const resyncsAtStart = (): number => node.runtimeLog().split('resync from supervisord (start)').length - 1;
  const state = async (spec: string): Promise<unknown> => toRow(await node.api.call('supvisors.get_local_process_info', [spec]))['statename'];
  /**
   * Events supervisord buffered while no runtime read them (those of the changes above, or of its
   * own start) reach the new runtime after its snapshot: they may move the model through past
   * states for a moment before it settles (see the report on the bridge); so: poll, bounded.
   */
  const settlesOn = async (expected: Record<string, string>): Promise<void> => {
    let seen: unknown[] = [];
    await waitFor(
      `states ${JSON.stringify(expected)}`,
      async () => {
        seen = await Promise.all(Object.keys(expected).map(state));
        return JSON.stringify(seen) === JSON.stringify(Object.values(expected));
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(seen)}`, { cause: error });
    });
    await waitModelMatches(node);
  };

  it('matches supervisord again after a SIGKILL while processes change state', async () => {
    const oldPid = await node.runtimePid();
    const resyncs = resyncsAtStart();
    const betaPid = toRow(await node.supervisor.call('supervisor.getProcessInfo', ['beta']))['pid'];
    const mark = node.runtimeLog().length;
    process.kill(oldPid, 'SIGKILL');
    // Changes while no runtime listens, or while the new one is starting.
    await node.supervisor.call('supervisor.stopProcess', ['alpha']);
    await node.supervisor.call('supervisor.startProcess', ['gamma']);
    await node.supervisor.call('supervisor.stopProcess', ['pool:worker_1']);
    // It exits at once: supervisord may already have reaped it and answer SPAWN_ERROR.
    await node.supervisor.call('supervisor.startProcess', ['brief', false]).catch(() => undefined);
    await node.supervisor.call('supervisor.stopProcess', ['beta']);
    await node.supervisor.call('supervisor.startProcess', ['beta']);
    await waitFor('brief EXITED', async () => toRow(await node.supervisor.call('supervisor.getProcessInfo', ['brief']))['statename'] === 'EXITED', {
      timeoutMs: 5000,
      intervalMs: 50,
    });
    await node.waitNewRuntime(oldPid);
    await settlesOn({ alpha: 'STOPPED', gamma: 'RUNNING', 'pool:worker_0': 'RUNNING', 'pool:worker_1': 'STOPPED', brief: 'EXITED', beta: 'RUNNING' });

    assert.equal(resyncsAtStart(), resyncs + 1);
    assert.notEqual(toRow(await node.api.call('supvisors.get_local_process_info', ['beta']))['pid'], betaPid);
    // Events buffered while the runtime was down may reach the new one after its snapshot: a stop
    // of the old beta must not be taken for a stop of the new one.
    const stops = [...node.runtimeLog().slice(mark).matchAll(/\] beta: RUNNING -> STOPPING \(pid (\d+)\)/g)].map(([, pid]) => Number(pid));
    assert.ok(stops.every((pid) => pid === betaPid), `stops of beta logged: ${stops.join(', ')}; only pid ${String(betaPid)} was stopped`);
    const brief = toRow(await node.api.call('supvisors.get_local_process_info', ['brief']));
    assert.deepEqual([brief['expected'], brief['exitstatus'], brief['spawnerr']], [false, 3, 'Bad exit code 3']);
  });

  it('matches supervisord again after supervisorctl reload', async () => {
    const oldPid = await node.runtimePid();
    const resyncs = resyncsAtStart();
    const reload = await node.ctl('reload');
    assert.match(reload.stdout, /Restarted supervisord/);
    await node.waitNewRuntime(oldPid);
    // reload starts afresh: autostart programs run again, the others are not started.
    await settlesOn({ alpha: 'RUNNING', gamma: 'STOPPED', 'pool:worker_1': 'RUNNING', brief: 'STOPPED', beta: 'RUNNING' });
    assert.equal(resyncsAtStart(), resyncs + 1);
  });
});
