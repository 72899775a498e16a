import assert from 'node:assert/strict';
import { EventLoopMonitor, slowLoopWarning, type EventLoopDelay } from '../../../actors/diagnostics/event-loop.js';
import { sleep, waitFor } from '../../helpers/wait.js';

/** Keeps the event loop busy: what a slow handler does to every actor of the node. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy on purpose
  }
}

const quiet: EventLoopDelay = { p50Ms: 0, p99Ms: 1, maxMs: 12, meanMs: 0.1, windowS: 10, endedAt: 0 };

describe('event-loop delay monitor', () => {
  it('gives the delay of the last complete window: a blocked loop shows, then goes once the window rolls', async () => {
    const windows: EventLoopDelay[] = [];
    const monitor = new EventLoopMonitor(300, (figures) => windows.push(figures));
    monitor.start();
    try {
      assert.deepEqual({ ...monitor.figures(), windowS: 0, endedAt: 0 }, { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, windowS: 0, endedAt: 0 }, 'no sample yet');
      // the pace of an observation: the histogram samples every 10 ms
      await sleep(50);
      block(120);
      await waitFor('a complete window with the blocked loop', () => windows.some((window) => window.maxMs >= 80), { timeoutMs: 2000, intervalMs: 20 });
      const blocked = windows.find((window) => window.maxMs >= 80);
      assert.ok(blocked !== undefined && blocked.p99Ms >= 80 && blocked.meanMs > 0 && blocked.windowS > 0 && blocked.p50Ms < blocked.p99Ms, JSON.stringify(blocked));
      assert.ok(Math.abs(blocked.endedAt - Date.now()) < 2000, 'the window ended just now');
      assert.equal(monitor.figures(), windows.at(-1), 'the figures are the last complete window');
      await waitFor('a quiet window', () => monitor.figures().maxMs < 80, { timeoutMs: 2000, intervalMs: 20 });
    } finally {
      monitor.stop();
    }
  });

  it('warns of a window whose p99 reaches 100 ms, or with one stall of half the silence peers allow', () => {
    assert.equal(slowLoopWarning(quiet, 1000), undefined);
    assert.equal(slowLoopWarning({ ...quiet, p99Ms: 99.9, maxMs: 499 }, 1000), undefined);
    assert.match(slowLoopWarning({ ...quiet, p99Ms: 100, maxMs: 180 }, 1000) ?? '', /p99 100 ms, max 180 ms \(p99 reached 100 ms\)/);
    assert.match(slowLoopWarning({ ...quiet, maxMs: 500 }, 1000) ?? '', /max 500 ms \(a stall of 500 ms is half of the 1000 ms after which peers call this node silent\)/);
  });
});
