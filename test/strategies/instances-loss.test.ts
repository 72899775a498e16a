import assert from 'node:assert/strict';
import { jobOnInstancesLoss } from '../../strategies/instances-loss.js';

describe('instance loss during a start or stop job (strategies.md §6.7)', () => {
  const job = {
    current: [
      { namespec: 'app:x', target: 'a1' },
      { namespec: 'app:y', target: 'b1' },
    ],
    planned: ['app:z'],
  };

  it('removes the current commands on a lost instance, and their processes leave the lost set', () => {
    const outcome = jobOnInstancesLoss(job, new Set(['a1']), new Set(['app:x', 'app:other']));
    assert.deepEqual(outcome.removed, ['app:x']);
    assert.deepEqual([...outcome.lostProcesses], ['app:other']);
  });

  it('a planned process is not a running failure either', () => {
    const outcome = jobOnInstancesLoss(job, new Set(['c1']), new Set(['app:z', 'app:y']));
    assert.deepEqual(outcome.removed, []);
    assert.deepEqual([...outcome.lostProcesses], ['app:y']);
  });
});
