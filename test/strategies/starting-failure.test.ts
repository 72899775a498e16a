import assert from 'node:assert/strict';
import { startingFailureDecision } from '../../strategies/starting-failure.js';
import type { StartingFailureStrategy } from '../../vocabulary/strategies.js';

describe('starting failure (strategies.md §6.6)', () => {
  const table: readonly { required: boolean; strategy: StartingFailureStrategy; abortPlanned: boolean; stopRequest: boolean }[] = [
    { required: true, strategy: 'ABORT', abortPlanned: true, stopRequest: false },
    { required: true, strategy: 'STOP', abortPlanned: true, stopRequest: true },
    { required: true, strategy: 'CONTINUE', abortPlanned: false, stopRequest: false },
    { required: false, strategy: 'ABORT', abortPlanned: false, stopRequest: false },
    { required: false, strategy: 'STOP', abortPlanned: false, stopRequest: false },
    { required: false, strategy: 'CONTINUE', abortPlanned: false, stopRequest: false },
  ];
  for (const row of table) {
    it(`${row.required ? 'required' : 'optional'} process with ${row.strategy}`, () => {
      assert.deepEqual(startingFailureDecision({ required: row.required, startingFailureStrategy: row.strategy }), { abortPlanned: row.abortPlanned, stopRequest: row.stopRequest });
    });
  }
});
