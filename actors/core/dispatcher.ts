import { performance } from 'node:perf_hooks';

export interface Runnable {
  /** Handles up to `budget` messages; re-schedules itself if work remains. */
  run(budget: number): void;
}

/**
 * Runs ready actors. A first batch runs in a microtask right after the code that sent the
 * message (low latency); when actors keep each other busy for longer than a time slice, the rest
 * moves to setImmediate so that timers and I/O still get their turn.
 */
export class Dispatcher {
  private ready: Runnable[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    /** Messages one actor handles before the next ready actor gets its turn. */
    private readonly throughput = 256,
    /** Milliseconds of continuous work before yielding to the event loop. */
    private readonly sliceMs = 10,
  ) {}

  schedule(actor: Runnable): void {
    this.ready.push(actor);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.drain);
    }
  }

  private readonly drain = (): void => {
    const deadline = performance.now() + this.sliceMs;
    while (this.next < this.ready.length) {
      const actor = this.ready[this.next];
      this.next += 1;
      actor.run(this.throughput);
      if (this.next % 16 === 0 && performance.now() > deadline) {
        this.compact();
        setImmediate(this.drain);
        return;
      }
    }
    this.ready = [];
    this.next = 0;
    this.scheduled = false;
  };

  private compact(): void {
    this.ready = this.ready.slice(this.next);
    this.next = 0;
  }
}
