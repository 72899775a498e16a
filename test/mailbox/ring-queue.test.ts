import assert from 'node:assert/strict';
import { RingQueue } from '../../mailbox/ring-queue.js';

describe('RingQueue', () => {
  it('keeps FIFO order across growth and wrap-around', () => {
    const queue = new RingQueue<number>(2);
    const out: number[] = [];
    for (let value = 0; value < 100; value += 1) {
      queue.push(value);
      if (value % 3 === 0) out.push(queue.shift() ?? -1);
    }
    assert.equal(queue.at(0), out.length);
    out.push(...queue.drain());
    assert.deepEqual(out, Array.from({ length: 100 }, (_, i) => i));
    assert.equal(queue.length, 0);
    assert.equal(queue.shift(), undefined);
  });
});
