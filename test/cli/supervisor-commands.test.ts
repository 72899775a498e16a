import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { SupvisorsClient } from '../../client/index.js';
import type { Command } from '../../cli/command.js';
import { supervisorCommands } from '../../cli/commands/supervisor.js';
import { StreamOutput } from '../../cli/output.js';
import { runCommand, type CommandRun } from '../helpers/cli.js';
import { PASSWORD, loneNodeSuite, USER, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:ticker]
command = sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'
startsecs = 0

[program:errout]
command = sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 1000'
startsecs = 0

[program:solo]
command = sleep 1000
autostart = false
startsecs = 0

[group:web]
programs = front,back

[program:front]
command = sleep 1000
startsecs = 0

[program:back]
command = sleep 1000
autostart = false
startsecs = 0
`;

function command(name: string): Command {
  const found = supervisorCommands.find((one) => one.name === name);
  assert.ok(found, name);
  return found;
}

/** Status lines with the moving parts (pids, uptimes) blanked, padding kept. */
const normalised = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/pid \d+, uptime \d+:\d\d:\d\d/, 'pid N, uptime T'));

interface Follow {
  readonly stdout: () => string;
  readonly stop: () => Promise<number>;
}

/** Runs a following command with its output readable while it runs (runCommand returns only at the end). */
function follow(port: number, name: string, args: readonly string[], json = false): Follow {
  let stdout = '';
  const out = new StreamOutput({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } }, json, false);
  const connect = (url: string): SupvisorsClient => new SupvisorsClient({ url, username: USER, password: PASSWORD });
  const client = connect(`http://127.0.0.1:${port}`);
  const controller = new AbortController();
  const running = command(name).run({ client, connect, out, signal: controller.signal }, args);
  return {
    stdout: () => stdout,
    stop: async () => {
      controller.abort();
      try {
        return await running;
      } finally {
        client.close();
      }
    },
  };
}

describe("supervisorctl's commands in supvisorsctl (cli/commands/supervisor.ts), against a real node", function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;
  const run = (name: string, args: readonly string[], json = false): Promise<CommandRun> => runCommand(command(name), node.httpPort, args, { json });
  const lastTick = async (): Promise<number> => {
    const log = await run('tail', ['-100', 'ticker']);
    const ticks = [...log.stdout.matchAll(/tick (\d+)/g)].map((match) => Number(match[1]));
    return ticks[ticks.length - 1] ?? 0;
  };

  before(() => {
    node = started();
  });

  it('status prints what supervisorctl prints through our port, with its exit codes; --json gives the process infos', async () => {
    const ours = await run('status', []);
    const theirs = await node.ctlRuntime('status');
    assert.deepEqual(normalised(ours.stdout), normalised(theirs.stdout));
    assert.equal(ours.code, 3); // solo and web:back are stopped
    assert.equal(theirs.code, 3);
    assert.match(ours.stdout, /^web:front {24}RUNNING {3}pid \d+, uptime \d+:\d\d:\d\d$/m);
    assert.equal((await run('status', ['web:front', 'ticker'])).code, 0);
    const bad = await run('status', ['nope', 'web:*']);
    assert.deepEqual(bad.lines.slice(0, 1), ['nope: ERROR (no such process)']);
    assert.equal(bad.code, 3);
    assert.equal((await run('status', ['nope:*'])).code, 4);
    const json = await run('status', ['web:*', 'nope:*'], true);
    const document = JSON.parse(json.stdout) as { processes: { group: string; name: string; statename: string; pid: number }[]; errors: string[] };
    assert.deepEqual(
      document.processes.map((info) => [info.group, info.name, info.statename]),
      [
        ['web', 'back', 'STOPPED'],
        ['web', 'front', 'RUNNING'],
      ],
    );
    assert.deepEqual(document.errors, ['nope: ERROR (no such group)']);
  });

  it('start, stop, restart: result lines, exit codes, argument errors and --json', async () => {
    assert.deepEqual(await run('start', ['solo', 'web:*']).then((ran) => [ran.lines, ran.code]), [['solo: started', 'web:back: started'], 0]);
    assert.deepEqual(await run('start', ['solo', 'nope']).then((ran) => [ran.lines, ran.code]), [['solo: ERROR (already started)', 'nope: ERROR (no such process)'], 1]);
    assert.deepEqual(await run('start', ['nope:*']).then((ran) => [ran.lines, ran.code]), [['nope: ERROR (no such group)'], 2]);
    const missing = await run('start', []);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'Error: start requires a process name\n');
    assert.equal(missing.lines[0], 'start <name>\t\tStart a process');

    // supervisord lists a group's stop results as the processes exit, so their order is not fixed.
    assert.deepEqual(await run('stop', ['web:*']).then((ran) => [[...ran.lines].sort(), ran.code]), [['web:back: stopped', 'web:front: stopped'], 0]);
    assert.deepEqual(await run('stop', ['web:back', 'nope:*']).then((ran) => [ran.lines, ran.code]), [['web:back: ERROR (not running)', 'nope: ERROR (no such group)'], 1]);
    assert.equal((await run('stop', [])).code, 1);

    const restarted = await run('restart', ['web:front', 'solo'], true);
    assert.equal(restarted.code, 0);
    assert.deepEqual(JSON.parse(restarted.stdout), {
      stop: { results: [{ name: 'web:front', status: 'error', fault_code: 70, error: 'not running' }, { name: 'solo', status: 'stopped' }], errors: [] },
      start: { results: [{ name: 'web:front', status: 'started' }, { name: 'solo', status: 'started' }], errors: [] },
    });
    assert.equal((await run('restart', [])).code, 1);

    const started = await run('start', ['solo', 'nope:*'], true);
    assert.equal(started.code, 2);
    assert.deepEqual(JSON.parse(started.stdout), { results: [{ name: 'solo', status: 'error', fault_code: 60, error: 'already started' }], errors: ['nope: ERROR (no such group)'] });
    const wrong = await run('start', [], true);
    assert.deepEqual(JSON.parse(wrong.stdout), { errors: ['Error: start requires a process name'] });
  });

  it('start of a program disabled in Supvisors prints "ERROR disabled" and exits 1', async () => {
    await run('stop', ['solo']);
    await node.api.call('supvisors.disable', ['solo']);
    try {
      assert.deepEqual(await run('start', ['solo']).then((ran) => [ran.lines, ran.code]), [['solo: ERROR disabled'], 1]);
      assert.deepEqual(await run('start', ['solo:*']).then((ran) => [ran.lines, ran.code]), [['solo: ERROR disabled'], 1]);
      const json = await run('start', ['solo'], true);
      assert.deepEqual(JSON.parse(json.stdout), { results: [{ name: 'solo', status: 'error', fault_code: 103, error: 'disabled' }], errors: [] });
    } finally {
      await node.api.call('supvisors.enable', ['solo']);
    }
  });

  it('stop all spares our runtime, start all starts the rest', async () => {
    const stopped = await run('stop', ['all']);
    assert.equal(stopped.code, 0);
    assert.ok(stopped.lines.includes('ticker: stopped'));
    assert.ok(!stopped.lines.some((line) => line.startsWith('supvisors')));
    const started = await run('start', ['all']);
    assert.equal(started.code, 0);
    assert.ok(started.lines.includes('ticker: started'));
    assert.ok(!started.lines.some((line) => line.startsWith('supvisors'))); // as supervisord: only what is not running
  });

  it('signal and pid: results, the dead-program exit code 7, bad names and --json', async () => {
    assert.deepEqual(await run('signal', ['CONT', 'web:*', 'ticker']).then((ran) => [ran.lines, ran.code]), [['web:front: signalled', 'web:back: signalled', 'ticker: signalled'], 0]);
    await run('stop', ['solo']);
    assert.deepEqual(await run('signal', ['HUP', 'solo']).then((ran) => [ran.lines, ran.code]), [['solo: ERROR (not running)'], 7]);
    assert.deepEqual(await run('signal', ['NOPE', 'ticker', 'web:*']).then((ran) => [ran.lines, ran.code]), [['ticker: ERROR (bad signal name)', 'web:front: ERROR (bad signal name)', 'web:back: ERROR (bad signal name)'], 1]);
    assert.equal((await run('signal', ['HUP'])).code, 1);

    assert.deepEqual((await run('pid', [])).lines, [String(node.pid)]);
    const pids = await run('pid', ['ticker', 'solo', 'nope']);
    assert.deepEqual(pids.lines.slice(1), ['0', 'No such process nope']);
    assert.ok(Number(pids.lines[0]) > 0);
    assert.equal(pids.code, 1);
    assert.equal((await run('pid', ['solo'])).code, 7);
    assert.equal((await node.ctlRuntime('pid', 'ticker')).stdout, `${(await run('pid', ['ticker'])).stdout}`);
    const json = JSON.parse((await run('pid', ['all'], true)).stdout) as { processes: { name: string; pid: number }[]; errors: string[] };
    assert.ok(json.processes.some((one) => one.name === 'solo' && one.pid === 0));
    assert.deepEqual(JSON.parse((await run('pid', [], true)).stdout), { pid: node.pid });
  });

  it('tail and clear: the last bytes of a channel, supervisorctl errors, --json', async () => {
    const stderr = await run('tail', ['errout', 'stderr']);
    assert.deepEqual([stderr.stdout, stderr.code], [(await node.ctlRuntime('tail', 'errout', 'stderr')).stdout, 0]);
    assert.match(stderr.stdout, /to-stderr\n\n$/);
    assert.equal((await run('tail', ['-3', 'errout'])).stdout, 'ut\n\n');
    assert.deepEqual(await run('tail', ['nope']).then((ran) => [ran.lines, ran.code]), [['nope: ERROR (no such process name)'], 1]);
    const channel = await run('tail', ['errout', 'out']);
    assert.deepEqual([channel.stderr, channel.code], ["Error: bad channel 'out'\n", 1]);
    assert.deepEqual(await run('tail', ['-x', 'errout']).then((ran) => [ran.stderr, ran.code]), ['Error: bad argument -x\n', 1]);
    const few = await run('tail', []);
    assert.deepEqual([few.stderr, few.lines[0], few.code], ['Error: too few arguments\n', 'tail [-f] <name> [stdout|stderr] (default stdout)', 1]);
    assert.deepEqual(JSON.parse((await run('tail', ['-10', 'errout'], true)).stdout), { name: 'errout', channel: 'stdout', text: 'to-stdout\n' });

    assert.deepEqual(await run('clear', ['errout', 'nope']).then((ran) => [ran.lines, ran.code]), [['errout: cleared', 'nope: ERROR (no such process)'], 1]);
    assert.equal((await run('tail', ['errout'])).stdout, '\n');
    assert.equal((await run('clear', [])).code, 1);
    const all = JSON.parse((await run('clear', ['all'], true)).stdout) as { results: { name: string; status: string }[] };
    assert.ok(all.results.some((one) => one.name === 'web:front' && one.status === 'cleared'));
  });

  it('tail -f shows the lines a program writes after the follow started, until aborted', async () => {
    const before = await lastTick();
    const followed = follow(node.httpPort, 'tail', ['-f', 'ticker']);
    const later = before + 3;
    await waitFor(`tick ${later} in the follow`, () => followed.stdout().includes(`tick ${later}\n`), { timeoutMs: 10_000, intervalMs: 20 });
    assert.equal(await followed.stop(), 0);
    const lines = followed.stdout().split('\n');
    assert.equal(lines[0], '==> Press Ctrl-C to exit <==');
    assert.deepEqual(lines.slice(-2), ['', '']); // the empty line printed on Ctrl-C, then the end
    // from the last tick before the follow on, every tick once, in order
    const ticks = lines.filter((line) => /^tick \d+$/.test(line)).map((line) => Number(line.slice(5)));
    const shown = ticks.slice(ticks.lastIndexOf(before));
    assert.deepEqual(shown, shown.map((_, index) => before + index));
    assert.ok(shown.length > 3);

    const json = follow(node.httpPort, 'tail', ['-f', 'ticker', 'stdout'], true);
    const next = (await lastTick()) + 2;
    await waitFor(`tick ${next} in the JSON follow`, () => json.stdout().includes(`tick ${next}\\n`), { timeoutMs: 10_000, intervalMs: 20 });
    assert.equal(await json.stop(), 0);
    const pieces = json.stdout().trim().split('\n').map((line) => JSON.parse(line) as { name: string; channel: string; text: string });
    assert.ok(pieces.every((piece) => piece.name === 'ticker' && piece.channel === 'stdout' && piece.text !== ''));

    assert.deepEqual(await run('tail', ['-f', 'nope']).then((ran) => [ran.lines, ran.code]), [['nope: ERROR (no such process name)'], 1]);
  });

  it("maintail: supervisord's log, its arguments, and -f showing what supervisord logs after it started", async () => {
    const tail = await run('maintail', ['-300']);
    assert.equal(tail.code, 0);
    assert.ok(Buffer.byteLength(tail.stdout) <= 301);
    assert.match(tail.stdout, /INFO/);
    assert.deepEqual(await run('maintail', ['20']).then((ran) => [ran.stderr, ran.code]), ['Error: bad argument 20\n', 1]);
    assert.deepEqual(await run('maintail', ['-f', '-2']).then((ran) => [ran.stderr, ran.code]), ['Error: too many arguments\n', 1]);
    assert.ok('text' in (JSON.parse((await run('maintail', [], true)).stdout) as object));

    await run('stop', ['solo']);
    const followed = follow(node.httpPort, 'maintail', ['-f']);
    await waitFor('the follow started', () => followed.stdout().includes('INFO'), { timeoutMs: 10_000, intervalMs: 20 });
    await run('start', ['solo']);
    const spawned = `spawned: 'solo' with pid ${(await run('pid', ['solo'])).lines[0] ?? ''}\n`;
    await waitFor("solo's spawn in the follow", () => followed.stdout().includes(spawned), { timeoutMs: 10_000, intervalMs: 20 });
    assert.equal(await followed.stop(), 0);
  });

  it('avail, reread, update, add, remove and version, as supervisorctl through our port', async () => {
    const avail = await run('avail', []);
    assert.deepEqual([avail.stdout, avail.code], [(await node.ctlRuntime('avail')).stdout, 0]);
    assert.match(avail.stdout, /^web:back {24} in use {4}manual {4}999:999$/m);
    assert.deepEqual(await run('avail', ['x']).then((ran) => [ran.stderr, ran.code]), ['Error: avail accepts no arguments\n', 1]);
    assert.deepEqual((await run('reread', [])).lines, ['No config updates to processes']);
    assert.equal((await run('version', [])).stdout, (await node.ctlRuntime('version')).stdout);
    assert.deepEqual(JSON.parse((await run('version', [], true)).stdout), { version: (await run('version', [])).lines[0] });

    appendFileSync(node.confFile, '\n[program:extra]\ncommand = sleep 1000\nstartsecs = 0\n');
    assert.deepEqual(JSON.parse((await run('reread', [], true)).stdout), { added: ['extra'], changed: [], removed: [] });
    assert.deepEqual(await run('update', ['extra', 'nope']).then((ran) => [ran.lines, ran.code]), [['ERROR: no such group: nope', 'extra: added process group'], 1]);
    assert.deepEqual(await run('remove', ['extra', 'nope']).then((ran) => [ran.lines, ran.code]), [['ERROR: process/group still running: extra', 'ERROR: no such process/group: nope'], 1]);
    await run('stop', ['extra']);
    assert.deepEqual(JSON.parse((await run('remove', ['extra'], true)).stdout), { results: [{ name: 'extra', status: 'removed' }], errors: [] });
    assert.deepEqual(await run('add', ['extra', 'extra']).then((ran) => [ran.lines, ran.code]), [['extra: added process group', 'ERROR: process group already active'], 0]);
    assert.deepEqual(await run('add', ['nope']).then((ran) => [ran.lines, ran.code]), [['ERROR: no such process/group: nope'], 1]);
    assert.deepEqual((await run('update', [])).lines, []);
  });

  it('reload restarts supervisord, shutdown stops it, then a second shutdown finds no one', async () => {
    const oldRuntime = await node.runtimePid();
    assert.deepEqual(await run('reload', []).then((ran) => [ran.lines, ran.code]), [['Restarted supervisord'], 0]);
    await node.waitNewRuntime(oldRuntime);
    assert.deepEqual(await run('shutdown', ['now']).then((ran) => [ran.stderr, ran.code]), ['Error: shutdown accepts no arguments\n', 1]);
    assert.deepEqual(await run('shutdown', []).then((ran) => [ran.lines, ran.code]), [['Shut down'], 0]);
    // supervisord stops its programs (our runtime among them) before it exits: until then, "already shutting down"
    await waitFor('the port closed', async () => (await run('shutdown', []).catch(() => undefined))?.code === 1, { timeoutMs: 10_000, intervalMs: 100 });
    assert.deepEqual((await run('shutdown', [])).lines, [`ERROR: http://127.0.0.1:${node.httpPort} refused connection (already shut down?)`]);
  });
});
