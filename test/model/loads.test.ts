import assert from 'node:assert/strict';
import { instanceLoads, nodeLoads, nodeOf, pendingLoads } from '../../model/loads.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

function loaded(state: ProcessState, runningIdentifiers: string[], expectedLoading: number): { synthesis: { state: ProcessState; expectedExit: boolean; runningIdentifiers: string[]; forced: null }; expectedLoading: number } {
  return { synthesis: { state, expectedExit: true, runningIdentifiers, forced: null }, expectedLoading };
}

describe('loads (strategies.md §1)', () => {
  it('instance load: processes running there; STOPPING no longer counts; a conflict counts everywhere', () => {
    const loads = instanceLoads([loaded('RUNNING', ['a1'], 10), loaded('STARTING', ['a1'], 5), loaded('BACKOFF', ['b1'], 7), loaded('STOPPING', ['b1'], 20), loaded('RUNNING', ['a1', 'c1'], 30), loaded('EXITED', [], 40)]);
    assert.deepEqual([...loads], [['a1', 45], ['b1', 7], ['c1', 30]]);
  });

  it('pending load: targeted commands whose process is still STOPPED-like', () => {
    const loads = pendingLoads([
      { target: 'a1', expectedLoading: 10, stopped: true },
      { target: 'a1', expectedLoading: 5, stopped: true },
      { target: 'b1', expectedLoading: 20, stopped: false },
      { target: null, expectedLoading: 30, stopped: true },
    ]);
    assert.deepEqual([...loads], [['a1', 15]]);
  });

  it('node load: instance loads summed by machine id, an unknown machine id being a node of its own', () => {
    const machineIds = new Map([['a1', 'M1'], ['a2', 'M1'], ['b1', 'M2']]);
    assert.deepEqual([...nodeLoads(new Map([['a1', 10], ['a2', 15], ['b1', 7], ['x', 3]]), machineIds)], [['M1', 25], ['M2', 7], ['x', 3]]);
    assert.equal(nodeOf('a2', machineIds), 'M1');
    assert.equal(nodeOf('x', machineIds), 'x');
  });
});
