/**
 * The example actor plugin CRASH_JOURNAL with a fake host (examples/plugins/crash-journal.ts), and
 * the templates: template.ts and template.mjs export the same, and every example passes the
 * runtime's module checks.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as crashJournal from '../../examples/plugins/crash-journal.js';
import * as keepFirst from '../../examples/plugins/keep-first.js';
import * as restartBudget from '../../examples/plugins/restart-budget.js';
import * as roundRobin from '../../examples/plugins/round-robin.js';
import * as template from '../../examples/plugins/template.js';
import { describeModule } from '../../plugin-worker/module-shape.js';
import type { ActorHost, PluginEvent } from '../../plugin-worker/protocol.js';

/** A host recording what the actor asks; `get_application_info` answers `applicationState`, or throws when it is an Error. */
class FakeHost implements ActorHost {
  readonly calls: { method: string; params: readonly unknown[] }[] = [];
  readonly lines: { level: string; text: string }[] = [];
  constructor(private readonly applicationState: string | Error = 'RUNNING') {}

  call(method: string, params: readonly unknown[]): Promise<unknown> {
    this.calls.push({ method, params });
    if (this.applicationState instanceof Error) return Promise.reject(this.applicationState);
    return Promise.resolve({ application_name: params[0], statename: this.applicationState });
  }

  log(level: 'info' | 'warn' | 'error', text: string): void {
    this.lines.push({ level, text });
  }
}

function status(application: string, process: string, statename: string, expected = true): PluginEvent {
  return { header: 'process', body: { application_name: application, process_name: process, statename, expected_exit: expected, identifiers: [] } };
}

describe('example plugin CRASH_JOURNAL', () => {
  let dir = '';
  let journal = '';
  const saved = process.env.SUPVISORS_CRASH_JOURNAL;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crash-journal-'));
    journal = join(dir, 'journal.jsonl');
    process.env.SUPVISORS_CRASH_JOURNAL = journal;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SUPVISORS_CRASH_JOURNAL;
    else process.env.SUPVISORS_CRASH_JOURNAL = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const written = (): Record<string, unknown>[] => readFileSync(journal, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes one line per crash (FATAL, or EXITED unexpectedly) with the application state', async () => {
    const host = new FakeHost('STOPPING');
    const actor = crashJournal.start(host);
    for (const event of [
      status('web', 'proxy', 'RUNNING'),
      status('web', 'proxy', 'EXITED', true),
      status('web', 'proxy', 'STARTING'),
      status('web', 'proxy', 'EXITED', false),
      status('web', 'proxy', 'EXITED', false),
      status('db', 'db', 'BACKOFF'),
      status('db', 'db', 'FATAL'),
      { header: 'application', body: { application_name: 'db', statename: 'STOPPED' } },
    ]) {
      await actor.receive(event);
    }
    const lines = written();
    assert.deepEqual(
      lines.map(({ time, ...line }) => line),
      [
        { namespec: 'web:proxy', state: 'EXITED', applicationState: 'STOPPING' },
        { namespec: 'db', state: 'FATAL', applicationState: 'STOPPING' },
      ],
    );
    for (const { time } of lines) assert.ok(typeof time === 'string' && !Number.isNaN(Date.parse(time)), `time ${String(time)}`);
    assert.deepEqual(host.calls, [
      { method: 'supvisors.get_application_info', params: ['web'] },
      { method: 'supvisors.get_application_info', params: ['db'] },
    ]);
    assert.deepEqual(host.lines, []);
  });

  it('writes null for the application state when the call fails, and says why', async () => {
    const host = new FakeHost(new Error('BAD_NAME: web'));
    await crashJournal.start(host).receive(status('web', 'proxy', 'FATAL'));
    assert.deepEqual(written().map(({ namespec, applicationState }) => ({ namespec, applicationState })), [{ namespec: 'web:proxy', applicationState: null }]);
    assert.deepEqual(host.lines.map(({ level }) => level), ['warn']);
    assert.match(host.lines[0]?.text ?? '', /BAD_NAME: web/);
  });

  it('writes nothing without SUPVISORS_CRASH_JOURNAL, with one warning', async () => {
    delete process.env.SUPVISORS_CRASH_JOURNAL;
    const host = new FakeHost();
    const actor = crashJournal.start(host);
    await actor.receive(status('web', 'proxy', 'FATAL'));
    await actor.receive(status('web', 'other', 'FATAL'));
    assert.equal(existsSync(journal), false);
    assert.deepEqual(host.lines.map(({ level }) => level), ['warn']);
    assert.deepEqual(host.calls, []);
  });
});

describe('plugin templates and examples', () => {
  const examples: Record<string, Record<string, unknown>> = { roundRobin, restartBudget, keepFirst, crashJournal, template };
  it('every example passes the module checks of the runtime', () => {
    assert.deepEqual(
      Object.values(examples).map((module) => describeModule(module)),
      [
        { name: 'ROUND_ROBIN', kind: 'starting' },
        { name: 'RESTART_BUDGET', kind: 'running_failure' },
        { name: 'KEEP_FIRST', kind: 'conciliation' },
        { name: 'CRASH_JOURNAL', kind: 'actor', headers: ['process'] },
        { name: 'MY_STRATEGY', kind: 'starting' },
      ],
    );
  });

  it('template.mjs, the plain JavaScript copy, exports what template.ts does and answers the same', async () => {
    const file = fileURLToPath(new URL('../../../examples/plugins/template.mjs', import.meta.url));
    const plain = (await import(file)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(plain).sort(), Object.keys(template).sort());
    assert.deepEqual([plain.name, plain.kind, plain.headers], [template.name, template.kind, template.headers]);
    const call = (module: Record<string, unknown>, entry: string, argument: unknown): unknown => {
      const found = module[entry];
      assert.ok(typeof found === 'function', entry);
      return (found as (value: unknown) => unknown)(argument);
    };
    const samples: [string, unknown][] = [
      ['choose', { candidates: [{ identifier: 'n1', machineId: 'm', valid: false, nodeLoading: 90, instanceLoading: 90 }, { identifier: 'n2', machineId: 'm', valid: true, nodeLoading: 0, instanceLoading: 0 }], load: 20, localIdentifier: 'n1' }],
      ['choose', { candidates: [], load: 20, localIdentifier: 'n1' }],
      ['decide', { namespec: 'a:p', application: 'a', cause: 'crash', state: 'EXITED', applicationState: 'RUNNING', sequenced: true }],
      ['decide', { namespec: 'a:p', application: 'a', cause: 'instance_lost', state: 'FATAL', applicationState: 'STOPPED', sequenced: false }],
      ['conciliate', [{ namespec: 'a:p', instances: [{ identifier: 'n1', state: 'RUNNING', startMonotonic: 1, nowMonotonic: 9 }] }]],
    ];
    for (const [entry, argument] of samples) assert.deepEqual(call(plain, entry, argument), call(template, entry, argument), entry);
    const hosts = [new FakeHost(), new FakeHost()];
    for (const [index, module] of [plain, template].entries()) {
      const actor = call(module, 'start', hosts[index]) as { receive(event: PluginEvent): unknown; stop(): unknown };
      await actor.receive(status('a', 'p', 'RUNNING'));
      await actor.stop();
    }
    assert.deepEqual(hosts[0]?.lines, hosts[1]?.lines);
  });
});
