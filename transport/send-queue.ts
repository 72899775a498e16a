/**
 * The outgoing side of a link: coalescing and back-pressure.
 *
 * Framing: frames offered during one event-loop turn are written together, at the end of the
 * turn (setImmediate), as ONE websocket binary message holding the frames back to back, cut
 * after `batchBytes` (a single larger frame travels alone). One websocket message and one
 * syscall per turn instead of one per frame is what lets a link carry more than 100 000
 * messages a second; the first frame waits only for the current turn to end.
 *
 * Back-pressure: when the socket holds more than `highWaterBytes` not yet written to the kernel
 * (`bufferedAmount`: the peer or the network is slower than us), writing pauses and frames wait
 * here; writing resumes as the socket drains. Frames waiting here are bounded by
 * `maxQueuedBytes`: beyond it, `offer` refuses, and the sender is told (PEER_BACKPRESSURE), so
 * memory stays bounded by about maxQueuedBytes + highWaterBytes + batchBytes per link.
 */
import { RingQueue } from '../mailbox/ring-queue.js';

export interface FrameSink {
  /** Writes one websocket message; `written` is called once it has left for the kernel or failed. */
  send(data: Buffer, written: () => void): void;
  /** Bytes accepted by the socket and not yet written to the kernel. */
  readonly bufferedAmount: number;
}

export interface SendLimits {
  readonly batchBytes: number;
  readonly highWaterBytes: number;
  readonly maxQueuedBytes: number;
}

export class SendQueue {
  private readonly frames = new RingQueue<Buffer>(64);
  private queuedBytes = 0;
  private scheduled = false;
  private waitingDrain = false;
  private closed = false;
  /** Websocket messages written, and their bytes. */
  messagesOut = 0;
  bytesOut = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly limits: SendLimits,
  ) {}

  get depth(): number {
    return this.frames.length;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  /** Queues a frame for the end of this turn; false when the queue is full (nothing queued). */
  offer(frame: Buffer): boolean {
    if (this.closed || this.queuedBytes + frame.length > this.limits.maxQueuedBytes) return false;
    this.frames.push(frame);
    this.queuedBytes += frame.length;
    if (!this.scheduled && !this.waitingDrain) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
    return true;
  }

  /** Writes a control frame (heartbeat, handshake, bye) now, past the queue and its limit. */
  sendNow(frame: Buffer): void {
    if (this.closed) return;
    this.write(frame);
  }

  /** Drops what is queued; later offers are refused. */
  close(): void {
    this.closed = true;
    this.frames.drain();
    this.queuedBytes = 0;
  }

  private write(data: Buffer): void {
    this.messagesOut += 1;
    this.bytesOut += data.length;
    this.sink.send(data, this.written);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    while (!this.closed && this.frames.length > 0) {
      if (this.sink.bufferedAmount >= this.limits.highWaterBytes) {
        this.waitingDrain = true;
        return;
      }
      const batch: Buffer[] = [];
      let size = 0;
      for (let next = this.frames.at(0); next !== undefined; next = this.frames.at(0)) {
        if (batch.length > 0 && size + next.length > this.limits.batchBytes) break;
        batch.push(next);
        size += next.length;
        this.frames.shift();
      }
      this.queuedBytes -= size;
      this.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, size));
    }
  };

  private readonly written = (): void => {
    if (!this.waitingDrain || this.closed || this.sink.bufferedAmount >= this.limits.highWaterBytes) return;
    this.waitingDrain = false;
    this.flush();
  };
}
