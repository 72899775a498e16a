import assert from 'node:assert/strict';
import { EventLoopMonitor } from '../../../actors/diagnostics/event-loop.js';
import { sleep, waitFor } from '../../helpers/wait.js';

/** Keeps the event loop busy: what a slow handler does to every actor of the node. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy on purpose
  }
}

describe('event-loop delay monitor', () => {
  it('gives the delay of the last complete window: a blocked loop shows, then goes once the window rolls', async () => {
    const monitor = new EventLoopMonitor(300);
    monitor.start();
    try {
      assert.deepEqual({ ...monitor.figures(), windowS: 0 }, { meanMs: 0, p99Ms: 0, maxMs: 0, windowS: 0 }, 'no sample yet');
      // the pace of an observation: the histogram samples every 10 ms
      await sleep(50);
      block(120);
      await waitFor('a window with the blocked loop', () => monitor.figures().maxMs >= 80, { timeoutMs: 2000, intervalMs: 20 });
      const blocked = monitor.figures();
      assert.ok(blocked.p99Ms >= 80 && blocked.meanMs > 0 && blocked.windowS > 0, JSON.stringify(blocked));
      await waitFor('a quiet window', () => monitor.figures().maxMs < 80, { timeoutMs: 2000, intervalMs: 20 });
    } finally {
      monitor.stop();
    }
  });
});
