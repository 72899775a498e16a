import assert from 'node:assert/strict';
import { SendQueue, type FrameSink } from '../../transport/send-queue.js';

/** A sink that records messages and lets the test decide when writes complete. */
class FakeSink implements FrameSink {
  readonly sent: Buffer[] = [];
  private readonly pending: (() => void)[] = [];
  bufferedAmount = 0;

  send(data: Buffer, written: () => void): void {
    this.sent.push(data);
    this.bufferedAmount += data.length;
    this.pending.push(() => {
      this.bufferedAmount -= data.length;
      written();
    });
  }

  completeAll(): void {
    for (const done of this.pending.splice(0)) done();
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const frame = (byte: number, size = 10): Buffer => Buffer.alloc(size, byte);

describe('transport send queue', () => {
  it('writes the frames of one turn as one message, in order', async () => {
    const sink = new FakeSink();
    const queue = new SendQueue(sink, { batchBytes: 1000, highWaterBytes: 10_000, maxQueuedBytes: 10_000 });
    for (let byte = 1; byte <= 5; byte += 1) assert.ok(queue.offer(frame(byte)));
    assert.equal(sink.sent.length, 0);
    await turn();
    assert.equal(sink.sent.length, 1);
    assert.deepEqual(sink.sent[0], Buffer.concat([1, 2, 3, 4, 5].map((byte) => frame(byte))));
    assert.equal(queue.messagesOut, 1);
    assert.equal(queue.bytesOut, 50);
  });

  it('cuts messages at batchBytes, a larger frame travelling alone', async () => {
    const sink = new FakeSink();
    const queue = new SendQueue(sink, { batchBytes: 25, highWaterBytes: 10_000, maxQueuedBytes: 10_000 });
    for (const size of [10, 10, 10, 40, 5]) queue.offer(frame(size, size));
    await turn();
    assert.deepEqual(
      sink.sent.map((message) => message.length),
      [20, 10, 40, 5],
    );
  });

  it('pauses above the high-water mark and resumes as the socket drains', async () => {
    const sink = new FakeSink();
    const queue = new SendQueue(sink, { batchBytes: 10, highWaterBytes: 20, maxQueuedBytes: 1000 });
    for (let byte = 0; byte < 6; byte += 1) queue.offer(frame(byte));
    await turn();
    assert.equal(sink.sent.length, 2);
    assert.equal(queue.depth, 4);
    sink.completeAll();
    assert.equal(sink.sent.length, 4);
    sink.completeAll();
    assert.equal(sink.sent.length, 6);
    assert.equal(queue.depth, 0);
    assert.deepEqual(sink.sent.map((message) => message[0]), [0, 1, 2, 3, 4, 5]);
  });

  it('refuses frames beyond maxQueuedBytes, and everything once closed', async () => {
    const sink = new FakeSink();
    const queue = new SendQueue(sink, { batchBytes: 10, highWaterBytes: 10, maxQueuedBytes: 30 });
    assert.ok(queue.offer(frame(1)));
    await turn();
    assert.ok(queue.offer(frame(2)) && queue.offer(frame(3)) && queue.offer(frame(4)));
    assert.equal(queue.offer(frame(5)), false);
    assert.equal(queue.bytes, 30);
    queue.sendNow(frame(9, 3));
    assert.equal(sink.sent.at(-1)?.length, 3);
    queue.close();
    assert.equal(queue.offer(frame(6)), false);
    assert.equal(queue.depth, 0);
  });
});
