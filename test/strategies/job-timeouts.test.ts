import assert from 'node:assert/strict';
import { checkStartCommand, checkStopCommand, minimumTicks, startWaitTicks, stopWaitTicks, type TimeoutCheck } from '../../strategies/job-timeouts.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

describe('job timeouts (strategies.md §6.5, §7)', () => {
  it('minimum ticks: at least 2, one per 10 non-ISOLATED instances', () => {
    assert.deepEqual([0, 1, 19, 20, 29, 30, 105].map(minimumTicks), [2, 2, 2, 2, 2, 3, 10]);
  });

  it('wait ticks from startsecs / stopwaitsecs in 5 s ticks, rounded up, plus the minimum', () => {
    assert.deepEqual([0, 1, 5, 6, 10].map((secs) => startWaitTicks(secs, 2)), [2, 3, 3, 4, 4]);
    assert.deepEqual([0, 10, 11].map((secs) => stopWaitTicks(secs, 3)), [3, 5, 6]);
  });

  const ticks = (lastTick: number): { lastTick: number; requestCounter: number; waitTicks: number; minimumTicks: number } => ({ lastTick, requestCounter: 100, waitTicks: 4, minimumTicks: 2 });
  const timeout = (expected: string, forcedState: ProcessState): TimeoutCheck => ({ kind: 'timeout', forcedState, reason: `process ${expected} event not received in time` });

  describe('start commands', () => {
    const table: readonly { state: ProcessState; waitingForExit?: boolean; lastTick: number; expected: TimeoutCheck }[] = [
      { state: 'RUNNING', lastTick: 1000, expected: { kind: 'success' } },
      { state: 'RUNNING', waitingForExit: true, lastTick: 1000, expected: { kind: 'in-progress' } },
      { state: 'STARTING', lastTick: 104, expected: { kind: 'in-progress' } },
      { state: 'STARTING', lastTick: 105, expected: timeout('RUNNING', 'FATAL') },
      { state: 'BACKOFF', lastTick: 105, expected: timeout('RUNNING', 'FATAL') },
      { state: 'STOPPED', lastTick: 102, expected: { kind: 'in-progress' } },
      { state: 'STOPPED', lastTick: 103, expected: timeout('STARTING', 'FATAL') },
      { state: 'EXITED', lastTick: 103, expected: timeout('STARTING', 'FATAL') },
      { state: 'STOPPING', lastTick: 103, expected: timeout('STARTING', 'FATAL') },
    ];
    for (const row of table) {
      it(`${row.state}${row.waitingForExit ? ' waiting for exit' : ''} at tick ${row.lastTick}`, () => {
        assert.deepEqual(checkStartCommand(row.state, row.waitingForExit ?? false, ticks(row.lastTick)), row.expected);
      });
    }
  });

  describe('stop commands', () => {
    const table: readonly { state: ProcessState; lastTick: number; expected: TimeoutCheck }[] = [
      { state: 'STOPPING', lastTick: 104, expected: { kind: 'in-progress' } },
      { state: 'STOPPING', lastTick: 105, expected: timeout('STOPPED', 'STOPPED') },
      { state: 'RUNNING', lastTick: 102, expected: { kind: 'in-progress' } },
      { state: 'RUNNING', lastTick: 103, expected: timeout('STOPPING', 'STOPPED') },
      { state: 'STARTING', lastTick: 103, expected: timeout('STOPPING', 'STOPPED') },
      { state: 'EXITED', lastTick: 1000, expected: { kind: 'success' } },
      { state: 'FATAL', lastTick: 1000, expected: { kind: 'success' } },
    ];
    for (const row of table) {
      it(`${row.state} at tick ${row.lastTick}`, () => assert.deepEqual(checkStopCommand(row.state, ticks(row.lastTick)), row.expected));
    }
  });
});
