/**
 * The bridge against a real supervisord: each process's events are applied in order, and the
 * model (get_all_local_process_info) ends up equal to supervisord's own view.
 */
import assert from 'node:assert/strict';
import { RUNTIME_LISTENER, toRow, toRows, transitions, waitModelMatches } from '../helpers/local-model.js';
import { logsOnFailure, startNode, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:steady]
command = sleep 1000
autostart = false
startsecs = 0

[program:done]
command = sh -c "exit 0"
autostart = false
autorestart = false
startsecs = 0

[program:failing]
command = sh -c "exit 3"
autostart = false
autorestart = false
startsecs = 0

[program:crash]
command = sh -c "exit 1"
autostart = false
startsecs = 3
startretries = 1
`;
// crash: supervisord may reap a child up to a second late (its poll loop is not woken by SIGCHLD),
// so with startsecs = 1 an instant exit can be seen as RUNNING -> EXITED; 3 s keeps it a BACKOFF.


describe('supervisor bridge: events from a real supervisord', function () {
  this.timeout(30_000);
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

  const logged = (spec: string): string => transitions(node.runtimeLog(), spec);
  const waitTransitions = (spec: string, expected: string): Promise<void> =>
    waitFor(`${spec}: ${expected}`, () => logged(spec) === expected, { timeoutMs: 10_000, intervalMs: 50 }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message} (logged: ${logged(spec)})`);
    });

  it('applies running, expected and unexpected exits and a crash into FATAL in order', async () => {
    await node.ctl('start', 'steady', 'done', 'failing', 'crash');
    await waitTransitions('steady', 'STOPPED -> STARTING -> RUNNING');
    await waitTransitions('done', 'STOPPED -> STARTING -> RUNNING -> EXITED');
    await waitTransitions('failing', 'STOPPED -> STARTING -> RUNNING -> EXITED');
    await waitTransitions('crash', 'STOPPED -> STARTING -> BACKOFF -> STARTING -> BACKOFF -> FATAL');
    await waitModelMatches(node);

    const done = toRow(await node.api.call('supvisors.get_local_process_info', ['done']));
    assert.deepEqual([done['statename'], done['expected'], done['exitstatus'], done['spawnerr']], ['EXITED', true, 0, '']);
    const failing = toRow(await node.api.call('supvisors.get_local_process_info', ['failing']));
    assert.deepEqual([failing['statename'], failing['expected'], failing['exitstatus'], failing['spawnerr']], ['EXITED', false, 3, 'Bad exit code 3']);
    const crash = toRow(await node.api.call('supvisors.get_local_process_info', ['crash']));
    assert.deepEqual([crash['statename'], crash['expected'], crash['pid']], ['FATAL', false, 0]);
    assert.equal(crash['description'], 'Exited too quickly (process log may have details)');
  });

  it('follows stop and start through supervisorctl', async () => {
    const before = toRow(await node.api.call('supvisors.get_local_process_info', ['steady']));
    await node.ctl('stop', 'steady');
    await node.ctl('start', 'steady');
    await waitTransitions('steady', 'STOPPED -> STARTING -> RUNNING -> STOPPING -> STOPPED -> STARTING -> RUNNING');
    await waitModelMatches(node);
    const after = toRow(await node.api.call('supvisors.get_local_process_info', ['steady']));
    assert.equal(after['statename'], 'RUNNING');
    assert.notEqual(after['pid'], before['pid']);
  });

  it('shows each process in the state supervisorctl status prints', async () => {
    await waitModelMatches(node);
    const { stdout } = await node.ctl('status');
    const printed = new Map(stdout.trim().split('\n').map((line) => {
      const [name = '', statename = ''] = line.trim().split(/\s+/);
      return [name, statename];
    }));
    printed.delete(RUNTIME_LISTENER); // the runtime's own, left out of the local process info
    const ours = toRows(await node.api.call('supvisors.get_all_local_process_info'));
    assert.deepEqual(new Map(ours.map((row) => [String(row['name']), String(row['statename'])])), printed);
  });
});
