/** The example plugins of kinds starting, running_failure and conciliation, called directly (examples/plugins/). */
import assert from 'node:assert/strict';
import { conciliate } from '../../examples/plugins/keep-first.js';
import { restartBudget, decide } from '../../examples/plugins/restart-budget.js';
import { choose } from '../../examples/plugins/round-robin.js';
import type { RunningFailure } from '../../plugin-worker/protocol.js';
import type { ConflictInstance } from '../../strategies/conciliation.js';
import type { PlacementInput, ScoredCandidate } from '../../strategies/placement.js';

function candidate(identifier: string, valid = true): ScoredCandidate {
  return { identifier, machineId: `m-${identifier}`, valid, nodeLoading: 0, instanceLoading: 0 };
}

function input(...candidates: ScoredCandidate[]): PlacementInput {
  return { candidates, load: 10, localIdentifier: 'n1' };
}

function failure(namespec: string, cause: RunningFailure['cause'] = 'crash'): RunningFailure {
  const [application = namespec] = namespec.split(':');
  return { namespec, application, cause, state: 'EXITED', applicationState: 'RUNNING', sequenced: true };
}

function copy(identifier: string): ConflictInstance {
  return { identifier, state: 'RUNNING', startMonotonic: 10, nowMonotonic: 100 };
}

describe('example plugin ROUND_ROBIN', () => {
  it('takes the valid candidates turn by turn, skipping the invalid ones', () => {
    const candidates = input(candidate('n1'), candidate('n2', false), candidate('n3'), candidate('n4'));
    const chosen = Array.from({ length: 6 }, () => choose(candidates));
    const first = chosen[0];
    assert.ok(first !== undefined && first !== null);
    // the turn counter is module state: the cycle may start anywhere, and it goes on in order
    const cycle = ['n1', 'n3', 'n4'];
    const offset = cycle.indexOf(first);
    assert.deepEqual(chosen, Array.from({ length: 6 }, (_, index) => cycle[(offset + index) % cycle.length]));
  });

  it('answers null when no candidate is valid, without using a turn', () => {
    const one = input(candidate('n1'), candidate('n2'));
    const before = choose(one);
    assert.equal(choose(input(candidate('n1', false))), null);
    assert.equal(choose(input()), null);
    assert.notEqual(choose(one), before);
  });
});

describe('example plugin RESTART_BUDGET', () => {
  it('restarts a process for 3 failures within 60 s, then stops its application', () => {
    let now = 0;
    const decideAt = restartBudget({ limit: 3, windowMs: 60_000, now: () => now });
    const answers = [0, 10_000, 20_000, 30_000].map((at) => {
      now = at;
      return decideAt(failure('app:p'));
    });
    assert.deepEqual(answers, ['RESTART_PROCESS', 'RESTART_PROCESS', 'RESTART_PROCESS', 'STOP_APPLICATION']);
  });

  it('forgets failures older than 60 s, counts each namespec apart, and starts again after a stop', () => {
    let now = 0;
    const decideAt = restartBudget({ limit: 3, windowMs: 60_000, now: () => now });
    const at = (time: number, namespec = 'app:p'): string => {
      now = time;
      return decideAt(failure(namespec));
    };
    assert.deepEqual([at(0), at(1000), at(2000)], ['RESTART_PROCESS', 'RESTART_PROCESS', 'RESTART_PROCESS']);
    assert.equal(at(2500, 'app:q'), 'RESTART_PROCESS', 'another process has its own budget');
    assert.equal(at(60_000), 'RESTART_PROCESS', 'the failure at 0 is over 60 s old');
    assert.equal(at(60_500), 'STOP_APPLICATION');
    assert.equal(at(61_000), 'RESTART_PROCESS', 'a new budget once the application is stopped');
  });

  it('exports decide with the 3 / 60 s budget on the monotonic clock', () => {
    const namespec = 'budget:default';
    assert.deepEqual(
      [1, 2, 3, 4].map(() => decide(failure(namespec, 'instance_lost'))),
      ['RESTART_PROCESS', 'RESTART_PROCESS', 'RESTART_PROCESS', 'STOP_APPLICATION'],
    );
  });
});

describe('example plugin KEEP_FIRST', () => {
  it('keeps the copy on the first identifier in code-point order and stops the others', () => {
    assert.deepEqual(
      conciliate([
        { namespec: 'app:p', instances: [copy('node3'), copy('node1'), copy('node2')] },
        { namespec: 'q', instances: [copy('b'), copy('B'), copy('a')] },
      ]),
      [
        { kind: 'stop', namespec: 'app:p', identifiers: ['node2', 'node3'] },
        { kind: 'stop', namespec: 'q', identifiers: ['a', 'b'] },
      ],
    );
  });

  it('orders by code points, not by UTF-16 units nor by locale', () => {
    // kept: n + U+FF21, before n + U+1F600 (in UTF-16 units, its surrogate 0xD83D is smaller), before U+00E9 (first in a French locale)
    const [action] = conciliate([{ namespec: 'p', instances: [copy('n\u{1F600}'), copy('n\uFF21'), copy('\u00e9')] }]);
    assert.deepEqual(action, { kind: 'stop', namespec: 'p', identifiers: ['n\u{1F600}', '\u00e9'] });
  });

  it('does nothing for a conflict with a single copy left', () => {
    assert.deepEqual(conciliate([{ namespec: 'p', instances: [copy('n1')] }]), []);
  });
});
