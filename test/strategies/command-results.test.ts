import assert from 'node:assert/strict';
import { startResult, stopResult, type StartResult } from '../../strategies/command-results.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';

describe('command results on target events (strategies.md §6.5, §7)', () => {
  const plain = { waitExit: false, ignoreWaitExit: false };
  const waitExit = { waitExit: true, ignoreWaitExit: false };
  const single = { waitExit: true, ignoreWaitExit: true };
  const table: readonly { state: ProcessState; expected?: boolean; command: typeof plain; title: string; result: StartResult }[] = [
    { state: 'STARTING', command: plain, title: 'on the way', result: 'in-progress' },
    { state: 'RUNNING', command: plain, title: 'started', result: 'success' },
    { state: 'RUNNING', command: waitExit, title: 'wait_exit holds the next rank until the exit', result: 'in-progress' },
    { state: 'RUNNING', command: single, title: 'a single start ignores wait_exit', result: 'success' },
    { state: 'EXITED', expected: true, command: waitExit, title: 'wait_exit and expected exit', result: 'success' },
    { state: 'EXITED', expected: false, command: waitExit, title: 'wait_exit and unexpected exit', result: 'failure' },
    { state: 'EXITED', expected: true, command: plain, title: 'an expected exit without wait_exit still fails', result: 'failure' },
    { state: 'BACKOFF', command: plain, title: 'retrying: the timeout restarts', result: 'backoff' },
    { state: 'FATAL', command: plain, title: 'gave up', result: 'failure' },
    { state: 'STOPPED', command: plain, title: 'unexpected', result: 'failure' },
    { state: 'STOPPING', command: plain, title: 'stopped by someone meanwhile', result: 'failure' },
    { state: 'UNKNOWN', command: plain, title: 'Supervisor error', result: 'failure' },
  ];
  for (const row of table) {
    it(`start, target ${row.state}: ${row.title}`, () => assert.equal(startResult(row.state, row.expected ?? false, row.command), row.result));
  }

  it('stop: any STOPPED-like state succeeds, anything else is in progress', () => {
    const states: readonly ProcessState[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN', 'STOPPING', 'RUNNING', 'STARTING', 'BACKOFF'];
    assert.deepEqual(states.map(stopResult), ['success', 'success', 'success', 'success', 'in-progress', 'in-progress', 'in-progress', 'in-progress']);
  });
});
