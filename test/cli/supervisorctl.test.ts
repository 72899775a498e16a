import assert from 'node:assert/strict';
import { UnknownMethodFault, type SupvisorsClient } from '../../client/index.js';
import { status, start } from '../../cli/commands/supervisor-processes.js';
import {
  availLine,
  changeLines,
  ExitStatus,
  parseMaintailArgs,
  parseTailArgs,
  processOutcome,
  pythonInt,
  pythonRepr,
  selectStatus,
  statusExitCode,
  statusLines,
  tailOffset,
} from '../../cli/supervisorctl.js';
import { RecordingOutput } from './recording-output.js';

const info = (group: string, name: string, statename: string, description = ''): { group: string; name: string; statename: string; description: string } => ({
  group,
  name,
  statename,
  description,
});

describe("supervisorctl's texts and rules (cli/supervisorctl.ts)", () => {
  it('result lines: successes, supervisorctl error words, Supvisors DISABLED, FAILED texts and unexpected codes', () => {
    const result = (group: string, name: string, status: number, description = 'OK'): { group: string; name: string; status: number; description: string } => ({ group, name, status, description });
    assert.deepEqual(processOutcome('start', result('web', 'front', 80)), { line: 'web:front: started', entry: { name: 'web:front', status: 'started' } });
    assert.deepEqual(processOutcome('start', result('solo', 'solo', 60, 'ALREADY_STARTED: solo')), {
      line: 'solo: ERROR (already started)',
      entry: { name: 'solo', status: 'error', fault_code: 60, error: 'already started' },
    });
    assert.equal(processOutcome('start', result('solo', 'solo', 103, 'DISABLED: solo')).line, 'solo: ERROR disabled');
    assert.equal(processOutcome('start', result('x', 'x', 50)).line, 'x: ERROR (spawn error)');
    assert.equal(processOutcome('start', result('x', 'x', 30, 'FAILED: oops')).line, 'x: ERROR (FAILED: oops)');
    assert.equal(processOutcome('stop', result('x', 'x', 70)).line, 'x: ERROR (not running)');
    assert.equal(processOutcome('stop', result('x', 'x', 30, 'FAILED: x stuck')).line, 'FAILED: x stuck');
    assert.equal(processOutcome('signal', result('g', 'p', 11)).line, 'g:p: ERROR (bad signal name)');
    assert.equal(processOutcome('signal', result('g', 'p', 80)).line, 'g:p: signalled');
    assert.equal(processOutcome('clear', result('g', 'p', 30)).line, 'g:p: ERROR (failed)');
    assert.equal(processOutcome('clear', result('g', '', 10), 'g:*').line, 'g:*: ERROR (no such process)');
  });

  it('exit status: the last assignment wins, SUCCESS and the ignored code leave it, dead programs are 7', () => {
    const exit = new ExitStatus();
    exit.fromFault(60, 60);
    exit.fromFault(80);
    assert.equal(exit.code, 0);
    exit.fromFault(70);
    assert.equal(exit.code, 7);
    exit.fromFault(10);
    assert.equal(exit.code, 1);
    exit.fromFault(50);
    assert.equal(exit.code, 7);
    exit.set(2);
    assert.equal(exit.code, 2);
  });

  it('status: selection by name, group:* and all, error lines, exit codes 0, 3, 4', () => {
    const all = [info('solo', 'solo', 'RUNNING'), info('web', 'back', 'STOPPED'), info('web', 'front', 'RUNNING')];
    assert.deepEqual(selectStatus(all, []).infos, all);
    assert.deepEqual(selectStatus(all, ['solo', 'all']).infos, all);
    assert.deepEqual(
      selectStatus(all, ['web:*', 'solo']).infos.map((one) => one.name),
      ['back', 'front', 'solo'],
    );
    const bad = selectStatus(all, ['web:nope', 'nope:*', 'solo']);
    assert.deepEqual(bad.errors, ['web:nope: ERROR (no such process)', 'nope: ERROR (no such group)']);
    assert.equal(statusExitCode(bad.infos, bad.errors), 4);
    assert.equal(statusExitCode(selectStatus(all, ['web:*']).infos, []), 3);
    assert.equal(statusExitCode(selectStatus(all, ['web:back', 'nope']).infos, ['nope: ERROR (no such process)']), 3);
    assert.equal(statusExitCode(selectStatus(all, ['web:front']).infos, []), 0);
  });

  it("status lines: namespec padded to max(30, longest) + 3, state to 10, colours only when asked", () => {
    assert.deepEqual(statusLines([info('solo', 'solo', 'RUNNING', 'pid 12, uptime 0:00:03'), info('web', 'front', 'STOPPED', 'Not started')]), [
      `${'solo'.padEnd(33)}RUNNING   pid 12, uptime 0:00:03`,
      `${'web:front'.padEnd(33)}STOPPED   Not started`,
    ]);
    const long = 'a'.repeat(40);
    assert.equal(statusLines([info(long, long, 'FATAL', 'Exited too quickly')])[0], `${long}   FATAL     Exited too quickly`);
    assert.equal(statusLines([info('x', 'x', 'RUNNING', 'd')], true)[0], `${'x'.padEnd(33)}\x1b[32mRUNNING\x1b[0m   d`);
  });

  it('avail and reread lines', () => {
    assert.equal(
      availLine({ group: 'web', name: 'front', inuse: true, autostart: false, group_prio: 999, process_prio: 10 }),
      `${'web:front'.padEnd(32)} in use    manual    999:10`,
    );
    assert.equal(availLine({ group: 'x', name: 'x', inuse: false, autostart: true, group_prio: 1, process_prio: 2 }), `${'x'.padEnd(32)} avail     auto      1:2`);
    assert.deepEqual(changeLines([[], [], []]), ['No config updates to processes']);
    assert.deepEqual(changeLines([['b'], ['a'], ['C']]), ['C: disappeared', 'a: changed', 'b: available']);
  });

  it('tail arguments: modifiers, channels and the errors of supervisorctl', () => {
    assert.deepEqual(parseTailArgs(['x']), { ok: true, value: { name: 'x', channel: 'stdout', amount: 1600 } });
    assert.deepEqual(parseTailArgs(['-f', 'x', 'STDERR']), { ok: true, value: { name: 'x', channel: 'stderr', amount: 'follow' } });
    assert.deepEqual(parseTailArgs(['-100', 'x']), { ok: true, value: { name: 'x', channel: 'stdout', amount: 100 } });
    assert.deepEqual(parseTailArgs([]), { ok: false, message: 'Error: too few arguments', help: true });
    assert.deepEqual(parseTailArgs(['-f', 'x', 'y', 'z']), { ok: false, message: 'Error: too many arguments', help: true });
    assert.deepEqual(parseTailArgs(['x', 'out']), { ok: false, message: "Error: bad channel 'out'", help: false });
    assert.deepEqual(parseTailArgs(['-f']), { ok: false, message: 'Error: tail requires process name', help: false });
    assert.deepEqual(parseTailArgs(['-x', 'y']), { ok: false, message: 'Error: bad argument -x', help: false });
  });

  it('maintail arguments, tail offsets, Python int and repr', () => {
    assert.deepEqual(parseMaintailArgs([]), { ok: true, value: 1600 });
    assert.deepEqual(parseMaintailArgs(['-f']), { ok: true, value: 'follow' });
    assert.deepEqual(parseMaintailArgs(['-20']), { ok: true, value: 20 });
    assert.deepEqual(parseMaintailArgs(['20']), { ok: false, message: 'Error: bad argument 20', help: false });
    assert.deepEqual(parseMaintailArgs(['-f', '-1']), { ok: false, message: 'Error: too many arguments', help: true });
    assert.equal(tailOffset(100), -100);
    assert.ok(Object.is(tailOffset(0), 0));
    assert.equal(pythonInt(' 1_000 '), 1000);
    assert.equal(pythonInt('1e3'), undefined);
    assert.equal(pythonRepr("it's"), `"it's"`);
    assert.equal(pythonRepr('a\tb\\'), "'a\\tb\\\\'");
  });

  it("the upcheck: supervisorctl's texts and exit codes 5 and 3 (4 for status), nothing else done", async () => {
    const answering = (getVersion: () => Promise<string>): SupvisorsClient => {
      const fake = { with: () => fake, supervisor: { getVersion } };
      // the only member the upcheck uses
      return fake as unknown as SupvisorsClient;
    };
    const runWith = async (client: SupvisorsClient, json = false): Promise<[number, RecordingOutput]> => {
      const out = new RecordingOutput(json);
      return [await start.run({ client, connect: () => client, out, signal: new AbortController().signal }, ['x']), out];
    };
    const [mismatch, text] = await runWith(answering(() => Promise.resolve('2.0')));
    assert.equal(mismatch, 5);
    assert.deepEqual(text.lines, ['Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is 2.0.']);
    const unknown = answering(() => Promise.reject(new UnknownMethodFault('UNKNOWN_METHOD', 'supervisor.getVersion')));
    const [code, json] = await runWith(unknown, true);
    assert.equal(code, 3);
    assert.match(json.errors[0] ?? '', /^Sorry, supervisord responded but did not recognize the supervisor namespace/);
    const out = new RecordingOutput();
    assert.equal(await status.run({ client: unknown, connect: () => unknown, out, signal: new AbortController().signal }, []), 4);
  });
});
