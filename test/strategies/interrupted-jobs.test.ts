import assert from 'node:assert/strict';
import { interruptedVerdict } from '../../strategies/interrupted-jobs.js';

describe('interrupted start jobs', () => {
  it('wait while no Master is agreed or this instance is the Master', () => {
    for (const state of ['OFF', 'SYNCHRONIZATION', 'ELECTION'] as const) assert.equal(interruptedVerdict(state, 'b', 'a'), undefined, state);
    for (const state of ['DISTRIBUTION', 'OPERATION', 'CONCILIATION'] as const) assert.equal(interruptedVerdict(state, 'a', 'a'), undefined, state);
  });

  it('are dropped, with the reason, when another instance is the Master or the cluster closes', () => {
    assert.equal(interruptedVerdict('OPERATION', 'b', 'a'), 'b is the Master now');
    assert.equal(interruptedVerdict('RESTARTING', 'a', 'a'), 'the cluster is RESTARTING');
    assert.equal(interruptedVerdict('FINAL', '', 'a'), 'the cluster is FINAL');
  });
});
