import assert from 'node:assert/strict';
import { planNextWrite } from '../../log/write-plan.js';

describe('log write plan', () => {
  it('takes every waiting line when the file never rotates', () => {
    assert.deepEqual(planNextWrite(1_000_000, 0, [10, 20, 30], 0), { rotateFirst: false, lines: 3 });
    assert.deepEqual(planNextWrite(0, 0, [10, 20, 30], 3), { rotateFirst: false, lines: 0 });
  });

  it('stops before the line that would pass maxBytes', () => {
    assert.deepEqual(planNextWrite(0, 35, [10, 10, 10, 10, 10], 0), { rotateFirst: false, lines: 3 });
    assert.deepEqual(planNextWrite(20, 35, [10, 10, 10, 10, 10], 1), { rotateFirst: false, lines: 1 });
    // Exactly maxBytes is not past it.
    assert.deepEqual(planNextWrite(25, 35, [10, 10], 0), { rotateFirst: false, lines: 1 });
  });

  it('rotates first when the next line would pass maxBytes, then fills the new file', () => {
    assert.deepEqual(planNextWrite(30, 35, [10, 10, 10, 10, 10], 0), { rotateFirst: true, lines: 3 });
  });

  it('writes a line longer than maxBytes alone, in a file of its own', () => {
    assert.deepEqual(planNextWrite(0, 35, [50, 10], 0), { rotateFirst: false, lines: 1 });
    assert.deepEqual(planNextWrite(50, 35, [10], 0), { rotateFirst: true, lines: 1 });
    assert.deepEqual(planNextWrite(10, 35, [50, 10], 0), { rotateFirst: true, lines: 1 });
  });
});
