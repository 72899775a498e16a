import assert from 'node:assert/strict';
import { guard, guardStates, type MethodGuard } from '../../cluster/guards.js';
import { contracts } from '../../contract/index.js';
import type { ContractTable } from '../../contract/types.js';
import { type SupvisorsState, supvisorsStateNames } from '../../vocabulary/supvisors-states.js';

describe('cluster method guards', () => {
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
      assert.equal(supvisors.length, 52);
      assert.deepEqual(supvisors.filter(([, contract]) => contract.guard === undefined), []);
    });
  });
});
