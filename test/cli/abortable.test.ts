import assert from 'node:assert/strict';
import { aborted, pause } from '../../cli/abortable.js';

describe('abortable waits (Ctrl-C)', () => {
  it('a pause ends at its time, or at once on abort, without throwing', async () => {
    const controller = new AbortController();
    const started = Date.now();
    await pause(5, controller.signal);
    assert.ok(Date.now() - started >= 4);
    const long = pause(60_000, controller.signal);
    controller.abort();
    await long;
    await pause(60_000, controller.signal);
    assert.ok(Date.now() - started < 1000);
  });

  it('aborted() resolves on abort, at once if already aborted', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = aborted(controller.signal).then(() => (done = true));
    await Promise.resolve();
    assert.equal(done, false);
    controller.abort();
    await waiting;
    await aborted(controller.signal);
  });
});
