import assert from 'node:assert/strict';
import type { LocalProcess } from '../../dashboard/model/cluster-view.js';
import { conflictsOf, instanceSummary, matches, placement } from '../../dashboard/pages/main/overview.js';
import type { ApplicationInfoPayload, ProcessInfoPayload } from '../../payloads/application-payloads.js';

const application = (name: string, managed = true): ApplicationInfoPayload => ({
  application_name: name, managed, now_monotonic: 1, statecode: 2, statename: 'RUNNING', major_failure: false, minor_failure: false,
});
const processInfo = (group: string, name: string, identifiers: string[]): ProcessInfoPayload => ({
  application_name: group, process_name: name, now_monotonic: 1, statecode: 20, statename: identifiers.length > 0 ? 'RUNNING' : 'STOPPED', expected_exit: true, last_event_mtime: 1, identifiers, extra_args: '',
});
const row = (identifier: string, group: string, name: string, statename: LocalProcess['statename']): LocalProcess => ({
  name, group, state: 0, statename, start: 100, stop: 0, now: 110, pid: 1, description: '', spawnerr: '', expected: true,
  start_monotonic: 0, stop_monotonic: 0, now_monotonic: 0, extra_args: '', startsecs: 0, stopwaitsecs: 10, process_index: 0, program_name: name,
  disabled: false, has_stdout: true, has_stderr: false, exitstatus: 0, local_mtime: 0, event_time: 0, uptime: 10, has_crashed: false, identifier, nick_identifier: identifier,
});
const rowsOf = (...rows: LocalProcess[]): Map<string, LocalProcess> => new Map(rows.map((one) => [`${one.group}:${one.name}`, one]));

describe('main page derivations (dashboard/pages/main/overview.ts)', () => {
  it('conflicts: the processes running on more than one instance', () => {
    const processes = new Map([
      ['web:db', processInfo('web', 'db', ['n1'])],
      ['web:proxy', processInfo('web', 'proxy', ['n1', 'n2'])],
      ['web:server', processInfo('web', 'server', [])],
    ]);
    assert.deepEqual(conflictsOf(processes), ['web:proxy']);
  });

  it('filter: a case-insensitive part of the name, empty keeps all', () => {
    assert.ok(matches('web:proxy', ''));
    assert.ok(matches('web:proxy', 'PROX'));
    assert.ok(!matches('web:proxy', 'batch'));
  });

  it("an instance's card: running / known counts, chips of the running processes by application then name, conflicts marked, the filter applied", () => {
    const rows = rowsOf(row('n1', 'web', 'server', 'RUNNING'), row('n1', 'web', 'db', 'STARTING'), row('n1', 'batch', 'worker_0', 'STOPPED'), row('n1', 'tools', 'ticker', 'BACKOFF'));
    const summary = instanceSummary(rows, new Set(['web:server']), '');
    assert.equal(summary.running, 3);
    assert.equal(summary.known, 4);
    assert.deepEqual(summary.groups.map((group) => [group.application, group.chips.map((chip) => `${chip.name} ${chip.statename}${chip.conflict ? ' conflict' : ''}`)]), [
      ['tools', ['ticker BACKOFF']],
      ['web', ['db STARTING', 'server RUNNING conflict']],
    ]);
    const filtered = instanceSummary(rows, new Set(), 'tick');
    assert.equal(filtered.running, 3, 'the counts are the instance, not the filter');
    assert.deepEqual(filtered.groups.map((group) => group.application), ['tools']);
    assert.deepEqual(instanceSummary(undefined, new Set(), ''), { running: 0, known: 0, groups: [] });
  });

  it('placement: managed applications only, per instance the processes running there, moving and conflict marks, running / total', () => {
    const applications = new Map([['batch', application('batch')], ['tools', application('tools', false)], ['web', application('web')]]);
    const processes = new Map([
      ['batch:worker_0', processInfo('batch', 'worker_0', [])],
      ['web:db', processInfo('web', 'db', ['n1'])],
      ['web:proxy', processInfo('web', 'proxy', ['n1', 'n2'])],
      ['web:server', processInfo('web', 'server', ['n2'])],
      ['tools:ticker', processInfo('tools', 'ticker', ['n2'])],
    ]);
    const local = new Map([
      ['n1', rowsOf(row('n1', 'web', 'db', 'RUNNING'), row('n1', 'web', 'proxy', 'RUNNING'))],
      ['n2', rowsOf(row('n2', 'web', 'server', 'STARTING'), row('n2', 'web', 'proxy', 'RUNNING'), row('n2', 'tools', 'ticker', 'RUNNING'), row('n2', 'batch', 'worker_0', 'EXITED'))],
    ]);
    const rows = placement(applications, processes, local, new Set(['web:proxy']), '');
    assert.deepEqual(rows.map((one) => one.info.application_name), ['batch', 'web']);
    const [batch, web] = rows;
    assert.deepEqual([batch?.running, batch?.total, batch?.cells.size], [0, 1, 0]);
    assert.deepEqual([web?.running, web?.total], [3, 3]);
    const n1 = web?.cells.get('n1');
    const n2 = web?.cells.get('n2');
    assert.deepEqual(n1?.processes.map((chip) => chip.name), ['db', 'proxy']);
    assert.deepEqual([n1?.moving, n1?.conflict], [false, true]);
    assert.deepEqual(n2?.processes.map((chip) => chip.name), ['proxy', 'server']);
    assert.deepEqual([n2?.moving, n2?.conflict], [true, true]);
    assert.deepEqual(placement(applications, processes, local, new Set(), 'server').map((one) => one.info.application_name), ['web'], 'kept by a process name');
    assert.deepEqual(placement(applications, processes, local, new Set(), 'bat').map((one) => one.info.application_name), ['batch'], 'kept by its own name');
  });

  it('derives 10 instances × 1,000 processes: every running process counted once, every application placed', () => {
    const identifiers = Array.from({ length: 10 }, (_, index) => `n${index}`);
    const applications = new Map(Array.from({ length: 50 }, (_, index) => [`app${index}`, application(`app${index}`)] as const));
    const processes = new Map<string, ProcessInfoPayload>();
    const local = new Map(identifiers.map((identifier) => [identifier, new Map<string, LocalProcess>()]));
    for (let index = 0; index < 1000; index += 1) {
      const group = `app${index % 50}`;
      const name = `p${index}`;
      const where = identifiers[index % 10] ?? 'n0';
      processes.set(`${group}:${name}`, processInfo(group, name, [where]));
      for (const identifier of identifiers) local.get(identifier)?.set(`${group}:${name}`, row(identifier, group, name, identifier === where ? 'RUNNING' : 'STOPPED'));
    }
    const derive = () => {
      const conflicts = new Set(conflictsOf(processes));
      return { rows: placement(applications, processes, local, conflicts, ''), cards: identifiers.map((identifier) => instanceSummary(local.get(identifier), conflicts, '')) };
    };
    // its cost is measured by npm run bench:dashboard (a timed assertion here would fail on a loaded machine)
    const { rows, cards } = derive();
    assert.equal(rows.length, 50);
    assert.equal(cards.reduce((sum, card) => sum + card.running, 0), 1000);
  });
});
