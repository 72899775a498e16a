import assert from 'node:assert/strict';
import { initialStateModes, localRecord } from '../../cluster/state-records.js';
import { allInstancesStateModesPayload, masterIdentifierPayload, stateModesPayload, supvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import { recordsOf, trio } from '../cluster/fixtures.js';

const A = 'a:1';
const B = 'b:1';
const C = 'c:1';

describe('state & modes payloads', () => {
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
});
