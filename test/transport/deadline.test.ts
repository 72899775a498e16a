import assert from 'node:assert/strict';
import { countDown, countdownSettings, startCountdown, type Countdown } from '../../transport/deadline.js';

describe('transport deadlines counting only running time (countDown)', () => {
  const deadline = countdownSettings(2000);

  /** Checks at the given times; returns the first time the deadline expired, or undefined. */
  function expiry(times: number[]): number | undefined {
    let countdown: Countdown = startCountdown(0);
    for (const now of times) {
      const checked = countDown(countdown, now, deadline);
      if (checked.expired) return now;
      countdown = checked.countdown;
    }
    return undefined;
  }

  it('checks every quarter of the deadline, tolerating half a step of lateness', () => {
    assert.deepEqual(deadline, { deadlineMs: 2000, stepMs: 500, lateMs: 250 });
  });

  it('expires after the deadline while this node runs on time', () => {
    assert.equal(expiry([500, 1000, 1500, 2000]), 2000);
    assert.equal(expiry([520, 1050, 1600, 2100]), 2100);
  });

  it("does not count this node's own stalls: a check 3 s late credits one step, the peer's answer may be waiting unread", () => {
    // the event loop stalled from 0 to 3000 (several runtimes starting on the same cores)
    assert.equal(expiry([3000, 3500, 4000]), undefined);
    assert.equal(expiry([3000, 3500, 4000, 4500]), 4500);
  });
});
