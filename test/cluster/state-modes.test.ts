import assert from 'node:assert/strict';
import { contracts } from '../../contract/index.js';
import type { ContractTable } from '../../contract/types.js';
import { guard, guardStates, type MethodGuard } from '../../cluster/guards.js';
import { addInstanceRecord, defaultStateModes, initialStateModes, localRecord, receiveStateModes, setInstanceState, setLocalModes, type StateModesMap } from '../../cluster/state-records.js';
import { instanceInfoPayload } from '../../payloads/instance-info.js';
import { networkInfoPayload } from '../../payloads/network-info.js';
import { allInstancesStateModesPayload, masterIdentifierPayload, stateModesPayload, supvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import { instance, recordsOf, trio } from './fixtures.js';
import { type SupvisorsState, supvisorsStateNames } from '../../vocabulary/supvisors-states.js';

const A = 'a:1';
const B = 'b:1';
const C = 'c:1';

describe('cluster state-modes', () => {
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

  describe('payloads (xmlrpc.md §5.1 S1)', () => {
    const records = recordsOf(trio, {
      [A]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: B, stoppingJobs: true } },
      [B]: { seen: 'RUNNING', modes: { state: 'OPERATION', masterIdentifier: B, startingJobs: true } },
      [C]: { seen: 'ISOLATED' },
    });

    it('serialises a record with boolean jobs and state names (get_instance_state_modes, STATE)', () => {
      assert.deepEqual(stateModesPayload(localRecord(records, A), 408_460), {
        identifier: A,
        nick_identifier: 'nc',
        now_monotonic: 408.46,
        fsm_statecode: 4,
        fsm_statename: 'OPERATION',
        degraded_mode: false,
        discovery_mode: false,
        master_identifier: B,
        starting_jobs: false,
        stopping_jobs: true,
        instance_states: { [A]: 'RUNNING', [B]: 'RUNNING', [C]: 'ISOLATED' },
      });
    });

    it('gives get_supvisors_state the local record with jobs as lists of identifiers', () => {
      const payload = supvisorsStatePayload(records, A, 1000);
      assert.deepEqual([payload.starting_jobs, payload.stopping_jobs], [[B], [A]]);
      assert.equal(payload.identifier, A);
    });

    it('sorts get_all_instances_state_modes by identifier, resetting STOPPED/ISOLATED peers to defaults', () => {
      const all = allInstancesStateModesPayload(new Map([...records].reverse()), 0);
      assert.deepEqual(
        all.map((payload) => [payload.identifier, payload.fsm_statename, payload.starting_jobs]),
        [
          [A, 'OPERATION', false],
          [B, 'OPERATION', true],
          [C, 'OFF', false],
        ],
      );
      assert.deepEqual(all[2].instance_states, {});
    });

    it('answers get_master_identifier with the Master identifier and nick, or {} (xmlrpc.md §7.1)', () => {
      assert.deepEqual(masterIdentifierPayload(records, A), { identifier: B, nick_identifier: 'na' });
      assert.deepEqual(masterIdentifierPayload(initialStateModes(trio.instances, A, false), A), {});
    });
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

  it('builds S2 InstanceInfo with int epoch seconds (capped) and float monotonic seconds (xmlrpc.md §5.2)', () => {
    const data = { identifier: A, nickIdentifier: 'nc', host: 'a', port: 1, state: 'RUNNING' as const, loading: 35, processFailure: true };
    assert.deepEqual(instanceInfoPayload(data), {
      identifier: A,
      nick_identifier: 'nc',
      node_name: 'a',
      port: 1,
      statecode: 3,
      statename: 'RUNNING',
      loading: 35,
      process_failure: true,
      remote_sequence_counter: 0,
      remote_time: 0,
      remote_mtime: 0,
      local_sequence_counter: 0,
      local_time: 0,
      local_mtime: 0,
    });
    const heartbeat = { remote: { counter: 12, timeMs: 1_700_000_000_900, monotonicMs: 5_250 }, local: { round: 40, timeMs: 9_999_999_999_999, monotonicMs: 7_125 } };
    const payload = instanceInfoPayload({ ...data, heartbeat });
    assert.deepEqual(
      [payload.remote_sequence_counter, payload.remote_time, payload.remote_mtime, payload.local_sequence_counter, payload.local_time, payload.local_mtime],
      [12, 1_700_000_000, 5.25, 40, 2 ** 31 - 1, 7.125],
    );
  });

  it('builds S9 NetworkInfo, network only when known, loopback NICs left out (xmlrpc.md §5.9)', () => {
    const item = instance(A, 'nc', { stereotypes: ['server'] });
    assert.deepEqual(networkInfoPayload(item, undefined), { identifier: A, nick_identifier: 'nc', host_id: 'a', http_port: 1, stereotypes: ['server'] });
    const nic = { netmask: '255.0.0.0', hostName: 'h', aliases: ['al'], ipv4Addresses: ['10.0.0.5'] };
    const payload = networkInfoPayload(item, {
      machineId: '02:fc:00:00:00:01',
      fqdn: 'a.example.org',
      nics: [
        { ...nic, name: 'lo', address: '127.0.0.1', internal: true },
        { ...nic, name: 'eth0', address: '10.0.0.5', internal: false },
      ],
    });
    assert.deepEqual(payload.network, {
      machine_id: '02:fc:00:00:00:01',
      fqdn: 'a.example.org',
      addresses: { eth0: { host_name: 'h', aliases: ['al'], ipv4_addresses: ['10.0.0.5'], nic_info: { nic_name: 'eth0', ipv4_address: '10.0.0.5', netmask: '255.0.0.0' } } },
    });
  });

  describe('state guards (xmlrpc.md §6)', () => {
    const expected: Record<MethodGuard, SupvisorsState[]> = {
      ANY: [...supvisorsStateNames],
      FROM_DISTRIBUTION: ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'],
      OPERATION: ['OPERATION'],
      OPER_CONC: ['OPERATION', 'CONCILIATION'],
      CONCILIATION: ['CONCILIATION'],
      SYNC: ['SYNCHRONIZATION'],
    };
    for (const [name, states] of Object.entries(expected) as [MethodGuard, SupvisorsState[]][]) {
      it(`${name} allows ${states.join(', ')} and refuses the rest with the BAD_SUPVISORS_STATE text`, () => {
        assert.deepEqual([...guardStates[name]], states);
        for (const state of supvisorsStateNames) {
          const result = guard(name, state);
          if (states.includes(state)) {
            assert.deepEqual(result, { ok: true });
          } else {
            const detail = `invalid Supvisors state=${state} - state expected in [${states.map((item) => `'${item}'`).join(', ')}]`;
            assert.deepEqual(result, { ok: false, fault: 'BAD_SUPVISORS_STATE', detail, faultString: `BAD_SUPVISORS_STATE: ${detail}` });
          }
        }
      });
    }

    it('renders the exact FROM_DISTRIBUTION text of the spec', () => {
      const result = guard('FROM_DISTRIBUTION', 'ELECTION');
      assert.ok(!result.ok);
      assert.equal(result.faultString, "BAD_SUPVISORS_STATE: invalid Supvisors state=ELECTION - state expected in ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']");
    });

    it('maps methods to their guards (xmlrpc.md §7.7, protocol.md §12)', () => {
      const table: [string, MethodGuard][] = [
        ['get_supvisors_state', 'ANY'],
        ['get_all_process_info', 'FROM_DISTRIBUTION'],
        ['start_process', 'OPERATION'],
        ['stop_process', 'OPER_CONC'],
        ['conciliate', 'CONCILIATION'],
        ['end_sync', 'SYNC'],
        ['restart', 'FROM_DISTRIBUTION'],
        ['start_args', 'ANY'],
      ];
      const guardOf = (method: string): string | undefined => Object.entries(contracts as ContractTable).find(([name]) => name === `supvisors.${method}`)?.[1].guard;
      for (const [method, expectedGuard] of table) assert.equal(guardOf(method), expectedGuard, method);
      const supvisors = Object.entries(contracts as ContractTable).filter(([name]) => name.startsWith('supvisors.'));
      assert.equal(supvisors.length, 45);
      assert.deepEqual(supvisors.filter(([, contract]) => contract.guard === undefined), []);
    });
  });
});
