/** Reading supervisord's answers at the boundary: the faults of a system.multicall. */
import assert from 'node:assert/strict';
import { isSupvisorsError } from '../../errors/errors.js';
import { toMulticallFaults } from '../../supervisor/records.js';

describe('supervisor records: multicall faults', () => {
  it('gives a fault for each fault struct and none for a value, bare or in a one-item array', () => {
    assert.deepEqual(
      toMulticallFaults([true, [true], { faultCode: 60, faultString: 'ALREADY_STARTED: early' }, { name: 'not a fault' }], 4),
      [undefined, undefined, { code: 60, text: 'ALREADY_STARTED: early' }, undefined],
    );
  });

  it('refuses an answer that is not one result per call', () => {
    const refused = (thrown: unknown): boolean => isSupvisorsError(thrown, 'RPC_FAULT');
    assert.throws(() => toMulticallFaults([true], 2), (thrown) => refused(thrown) && /multicall of 2 calls with 1 results/.test(String(thrown)));
    assert.throws(() => toMulticallFaults(true, 1), (thrown) => refused(thrown) && /not an array/.test(String(thrown)));
  });
});
