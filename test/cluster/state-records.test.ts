import assert from 'node:assert/strict';
import { addInstanceRecord, defaultStateModes, initialStateModes, localRecord, receiveStateModes, setInstanceState, setLocalModes, type StateModesMap } from '../../cluster/state-records.js';
import { stateModesPayload } from '../../payloads/state-modes-payloads.js';
import { instance, recordsOf, trio } from './fixtures.js';

const A = 'a:1';
const B = 'b:1';
const C = 'c:1';

describe('cluster state records', () => {
  it('starts every record at defaults, the local one seeing all STOPPED with its discovery mode (states.md §3.1)', () => {
    const records = initialStateModes(trio.instances, A, true);
    assert.deepEqual([...records.keys()], [A, B, C]);
    assert.deepEqual(localRecord(records, A), { ...defaultStateModes(A, 'nc'), discoveryMode: true, instanceStates: new Map([[A, 'STOPPED'], [B, 'STOPPED'], [C, 'STOPPED']]) });
    assert.deepEqual(records.get(B), defaultStateModes(B, 'na'));
    assert.deepEqual(defaultStateModes('x', 'y'), {
      identifier: 'x',
      nickIdentifier: 'y',
      state: 'OFF',
      degradedMode: false,
      discoveryMode: false,
      masterIdentifier: '',
      startingJobs: false,
      stoppingJobs: false,
      instanceStates: new Map(),
    });
  });

  it('adds a discovered instance: default record, seen STOPPED (protocol.md §8)', () => {
    const records = addInstanceRecord(initialStateModes(trio.instances, A, true), A, instance('d:1', 'nd'));
    assert.deepEqual(records.get('d:1'), defaultStateModes('d:1', 'nd'));
    assert.equal(localRecord(records, A).instanceStates.get('d:1'), 'STOPPED');
  });

  describe('instance state side effects (states.md §2.1, §3.2)', () => {
    const running: StateModesMap = recordsOf(trio, {
      [A]: { seen: 'RUNNING', modes: { masterIdentifier: B } },
      [B]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION' } },
      [C]: { seen: 'RUNNING', modes: { masterIdentifier: B, state: 'OPERATION', startingJobs: true } },
    });

    it('marks an ordinary change for the next round (deferred)', () => {
      const { records, publication } = setInstanceState(running, A, C, 'FAILED');
      assert.equal(publication, 'deferred');
      assert.equal(localRecord(records, A).instanceStates.get(C), 'FAILED');
      assert.equal(records.get(C)?.state, 'OPERATION');
    });

    for (const state of ['STOPPED', 'ISOLATED'] as const) {
      it(`resets the record of a remote instance set ${state}`, () => {
        const failed = setInstanceState(running, A, C, 'FAILED').records;
        const { records } = setInstanceState(failed, A, C, state);
        assert.deepEqual(records.get(C), defaultStateModes(C, 'nb'));
      });
    }

    it('clears the Master when it leaves RUNNING, published at once', () => {
      const { records, publication } = setInstanceState(running, A, B, 'FAILED');
      assert.equal(publication, 'immediate');
      assert.equal(localRecord(records, A).masterIdentifier, '');
    });

    it('changes nothing when the state is the same', () => {
      assert.deepEqual(setInstanceState(running, A, B, 'RUNNING'), { records: running, publication: 'none' });
    });
  });

  it('publishes local FSM state and modes changes at once, nothing when unchanged (states.md §3.2)', () => {
    const records = initialStateModes(trio.instances, A, false);
    const table: [Parameters<typeof setLocalModes>[2], string][] = [
      [{ state: 'SYNCHRONIZATION' }, 'immediate'],
      [{ degradedMode: true }, 'immediate'],
      [{ masterIdentifier: B }, 'immediate'],
      [{ startingJobs: true }, 'immediate'],
      [{ stoppingJobs: true }, 'immediate'],
      [{ state: 'OFF', degradedMode: false, masterIdentifier: '' }, 'none'],
    ];
    for (const [modes, publication] of table) assert.equal(setLocalModes(records, A, modes).publication, publication, JSON.stringify(modes));
  });

  describe('STATE reception (states.md §3.1)', () => {
    const records = recordsOf(trio, { [A]: { seen: 'RUNNING', modes: { masterIdentifier: B } }, [B]: { seen: 'RUNNING' }, [C]: { seen: 'RUNNING' } });
    const payload = { ...stateModesPayload({ ...defaultStateModes(B, 'ignored'), state: 'ELECTION', masterIdentifier: B, instanceStates: new Map([[B, 'RUNNING']]) }, 5) };

    it('replaces the sender record wholesale, keeping the local table names, and flags the Master', () => {
      const reception = receiveStateModes(records, A, B, payload);
      assert.ok(reception.accepted);
      assert.equal(reception.fromMaster, true);
      assert.deepEqual(reception.records.get(B), { ...defaultStateModes(B, 'na'), state: 'ELECTION', masterIdentifier: B, instanceStates: new Map([[B, 'RUNNING']]), sentMonotonic: 0.005 });
      const fromC = receiveStateModes(records, A, C, payload);
      assert.ok(fromC.accepted && !fromC.fromMaster);
    });

    it('drops a STATE older than the one held from the same sender (a handshake answer overtaken by a publication)', () => {
      const newer = { ...payload, now_monotonic: 7, fsm_statecode: 4, fsm_statename: 'OPERATION' };
      const first = receiveStateModes(records, A, B, newer);
      assert.ok(first.accepted);
      const older = receiveStateModes(first.records, A, B, payload);
      assert.deepEqual(older, { accepted: false, stale: true, reason: `STATE from ${B} older than the one held (0.005 < 7)` });
      const same = receiveStateModes(first.records, A, B, newer);
      assert.ok(same.accepted, 'the same time again is kept (two publications within one clock tick)');
    });

    it('ignores a STATE about the local instance, from an unknown sender, or malformed', () => {
      assert.equal(receiveStateModes(records, A, A, payload).accepted, false);
      assert.equal(receiveStateModes(records, A, 'x:1', payload).accepted, false);
      const broken: unknown[] = [null, [], { ...payload, fsm_statecode: 9 }, { ...payload, starting_jobs: [] }, { ...payload, instance_states: { [A]: 'SILENT' } }, { ...payload, master_identifier: undefined }];
      for (const item of broken) assert.equal(receiveStateModes(records, A, B, item).accepted, false, JSON.stringify(item));
    });
  });
});
