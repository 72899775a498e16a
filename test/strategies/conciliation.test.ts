import assert from 'node:assert/strict';
import { conciliate, type ConflictInstance, type ConflictingProcess } from '../../strategies/conciliation.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';
import type { ConciliationStrategy } from '../../vocabulary/strategies.js';

/** Started `age` seconds ago on its instance (each instance has its own clock). */
function on(identifier: string, age: number, state: ProcessState = 'RUNNING', clock = 1000): ConflictInstance {
  return { identifier, state, startMonotonic: clock - age, nowMonotonic: clock };
}

const conflict: ConflictingProcess = { namespec: 'app:p', instances: [on('a1', 300), on('b1', 20, 'RUNNING', 50), on('c1', 100)] };

describe('conciliation (strategies.md §9)', () => {
  const table: readonly { strategy: ConciliationStrategy; title: string; expected: ReturnType<typeof conciliate> }[] = [
    { strategy: 'SENICIDE', title: 'keeps the youngest, stops the others', expected: [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1', 'c1'] }] },
    { strategy: 'INFANTICIDE', title: 'keeps the oldest, stops the others', expected: [{ kind: 'stop', namespec: 'app:p', identifiers: ['b1', 'c1'] }] },
    { strategy: 'USER', title: 'does nothing', expected: [] },
    { strategy: 'STOP', title: 'stops it everywhere', expected: [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1', 'b1', 'c1'] }] },
    { strategy: 'RESTART', title: 'restarts it (stop everywhere, then one start)', expected: [{ kind: 'restart', namespec: 'app:p' }] },
    {
      strategy: 'RUNNING_FAILURE',
      title: 'stops it everywhere and hands it to the running-failure handler',
      expected: [
        { kind: 'stop', namespec: 'app:p', identifiers: ['a1', 'b1', 'c1'] },
        { kind: 'running-failure', namespec: 'app:p' },
      ],
    },
  ];
  for (const row of table) {
    it(`${row.strategy} ${row.title}`, () => assert.deepEqual(conciliate(row.strategy, [conflict]), row.expected));
  }

  it('a STARTING copy has uptime 0: SENICIDE keeps it, INFANTICIDE stops it', () => {
    const starting: ConflictingProcess = { namespec: 'app:p', instances: [on('a1', 10), on('b1', 500, 'STARTING')] };
    assert.deepEqual(conciliate('SENICIDE', [starting]), [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1'] }]);
    assert.deepEqual(conciliate('INFANTICIDE', [starting]), [{ kind: 'stop', namespec: 'app:p', identifiers: ['b1'] }]);
  });

  it('a STOPPING copy keeps its uptime', () => {
    const stopping: ConflictingProcess = { namespec: 'app:p', instances: [on('a1', 10), on('b1', 500, 'STOPPING')] };
    assert.deepEqual(conciliate('INFANTICIDE', [stopping]), [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1'] }]);
  });

  it('ties keep the first running identifier', () => {
    const tied: ConflictingProcess = { namespec: 'app:p', instances: [on('b1', 10), on('a1', 10)] };
    assert.deepEqual(conciliate('SENICIDE', [tied]), [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1'] }]);
    assert.deepEqual(conciliate('INFANTICIDE', [tied]), [{ kind: 'stop', namespec: 'app:p', identifiers: ['a1'] }]);
  });

  it('handles each conflicting process in turn', () => {
    const other: ConflictingProcess = { namespec: 'app:q', instances: [on('a1', 1), on('c1', 2)] };
    assert.deepEqual(conciliate('STOP', [conflict, other]), [
      { kind: 'stop', namespec: 'app:p', identifiers: ['a1', 'b1', 'c1'] },
      { kind: 'stop', namespec: 'app:q', identifiers: ['a1', 'c1'] },
    ]);
  });
});
