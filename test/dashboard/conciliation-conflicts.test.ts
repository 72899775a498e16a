import assert from 'node:assert/strict';
import type { LocalProcess } from '../../dashboard/model/cluster-view.js';
import { conflictsFrom, keptCopy, uptimeOf, uptimeText } from '../../dashboard/pages/conciliation/conflicts.js';
import type { ProcessInfoPayload } from '../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../payloads/instance-info.js';

const processInfo = (group: string, name: string, identifiers: string[]): ProcessInfoPayload => ({
  application_name: group, process_name: name, now_monotonic: 1, statecode: 20, statename: 'RUNNING', expected_exit: true, last_event_mtime: 1, identifiers, extra_args: '',
});
const instance = (identifier: string, nick: string): InstanceInfoPayload => ({
  identifier, nick_identifier: nick, node_name: 'localhost', port: 1, statecode: 3, statename: 'RUNNING', loading: 0, process_failure: false,
  remote_sequence_counter: 0, remote_time: 0, remote_mtime: 0, local_sequence_counter: 0, local_time: 0, local_mtime: 0,
});
const row = (identifier: string, start: number, uptime = 0): LocalProcess => ({
  name: 'proxy', group: 'web', state: 20, statename: 'RUNNING', start, stop: 0, now: 0, pid: 1, description: '', spawnerr: '', expected: true,
  start_monotonic: 0, stop_monotonic: 0, now_monotonic: 0, extra_args: '', startsecs: 0, stopwaitsecs: 10, process_index: 0, program_name: 'proxy',
  disabled: false, has_stdout: true, has_stderr: false, exitstatus: 0, local_mtime: 0, event_time: 0, uptime, has_crashed: false, identifier, nick_identifier: identifier,
});

describe('conciliation derivations (dashboard/pages/conciliation/conflicts.ts)', () => {
  const processes = new Map([
    ['web:db', processInfo('web', 'db', ['h:1'])],
    ['web:proxy', processInfo('web', 'proxy', ['h:3', 'h:1'])],
  ]);
  const instances = new Map([['h:1', instance('h:1', 'node1')], ['h:3', instance('h:3', 'node3')]]);
  const local = new Map([
    ['h:1', new Map([['web:proxy', row('h:1', 1000)]])],
    ['h:3', new Map([['web:proxy', row('h:3', 1200)]])],
  ]);

  it('lists the processes running on several instances, one copy per instance ordered by nickname, with its start', () => {
    const conflicts = conflictsFrom(processes, local, instances);
    assert.deepEqual(conflicts, [
      {
        namespec: 'web:proxy',
        copies: [
          { identifier: 'h:1', nick: 'node1', statename: 'RUNNING', start: 1000, reportedUptime: 0, startHere: undefined },
          { identifier: 'h:3', nick: 'node3', statename: 'RUNNING', start: 1200, reportedUptime: 0, startHere: undefined },
        ],
        runningOrder: ['h:3', 'h:1'],
      },
    ]);
    const [unknownRow] = conflictsFrom(processes, new Map(), instances);
    assert.equal(unknownRow?.copies[0]?.statename, 'UNKNOWN');
  });

  it('uptimes: from the start time, else the reported one; written H:MM:SS', () => {
    const [conflict] = conflictsFrom(processes, local, instances);
    const [older] = conflict?.copies ?? [];
    assert.ok(older !== undefined);
    assert.equal(uptimeOf(older, 4723), 3723);
    assert.equal(uptimeOf({ ...older, start: 0, reportedUptime: 42 }, 4723), 42);
    assert.equal(uptimeText(3723.9), '1:02:03');
    assert.equal(uptimeText(59), '0:00:59');
  });

  it('the copy INFANTICIDE keeps is the oldest, SENICIDE the youngest; none while a start is unknown', () => {
    const [conflict] = conflictsFrom(processes, local, instances);
    assert.ok(conflict !== undefined);
    assert.equal(keptCopy(conflict, 'INFANTICIDE')?.nick, 'node1');
    assert.equal(keptCopy(conflict, 'SENICIDE')?.nick, 'node3');
    assert.equal(keptCopy({ ...conflict, copies: conflict.copies.map((copy) => ({ ...copy, start: 0 })) }, 'SENICIDE'), undefined);
  });

  it("compares the starts on this node's clock through the heartbeats, as the conciliator does; a starting copy is the youngest", () => {
    // Both stamped in epoch second 1000; h:1 started 1.1 s before h:3 (h:1's clock is 5000 s ahead of this node's, h:3's 100 s).
    const beating = new Map([
      ['h:1', { ...instance('h:1', 'node1'), remote_mtime: 5010, local_mtime: 10 }],
      ['h:3', { ...instance('h:3', 'node3'), remote_mtime: 240, local_mtime: 140 }],
    ]);
    const tied = new Map([
      ['h:1', new Map([['web:proxy', { ...row('h:1', 1000), start_monotonic: 5008.0 }]])],
      ['h:3', new Map([['web:proxy', { ...row('h:3', 1000), start_monotonic: 109.1 }]])],
    ]);
    const [conflict] = conflictsFrom(processes, tied, beating);
    assert.ok(conflict !== undefined);
    assert.deepEqual(conflict.copies.map((copy) => copy.startHere?.toFixed(1)), ['8.0', '9.1']);
    assert.equal(keptCopy(conflict, 'INFANTICIDE')?.nick, 'node1');
    assert.equal(keptCopy(conflict, 'SENICIDE')?.nick, 'node3');
    const starting = { ...conflict, copies: conflict.copies.map((copy) => (copy.identifier === 'h:1' ? { ...copy, statename: 'STARTING' } : copy)) };
    assert.equal(keptCopy(starting, 'SENICIDE')?.nick, 'node1');
  });
});
