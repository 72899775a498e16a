import assert from 'node:assert/strict';
import { heartbeatSettings, roundTrip, smooth, startLiveness, tick, type Liveness, type TickOutcome } from '../../transport/heartbeat.js';
import { checkSequence } from '../../transport/sequence.js';

const settings = heartbeatSettings(250, 4);

/** Ticks at the given times, the peer last heard at `heardAt`; returns the outcomes. */
function run(times: number[], heardAt: (now: number) => number): TickOutcome[] {
  let liveness: Liveness = startLiveness(0);
  return times.map((now) => {
    const result = tick(liveness, heardAt(now), now, settings);
    liveness = result.liveness;
    return result.outcome;
  });
}

describe('transport heartbeat', () => {
  it('defaults to 250 ms and 4 misses, a tick counting as late beyond half a period', () => {
    assert.deepEqual(heartbeatSettings(), { periodMs: 250, misses: 4, lateMs: 125 });
  });

  it('stays alive while frames keep coming', () => {
    assert.deepEqual(run([250, 500, 750], (now) => now - 10), ['heard', 'heard', 'heard']);
  });

  it('declares a silent peer after `misses` on-time ticks with nothing heard', () => {
    // Last heard at 100: the tick at 250 saw it; 500, 750, 1000 and 1250 did not.
    assert.deepEqual(run([250, 500, 750, 1000, 1250], () => 100), ['heard', 'missed', 'missed', 'missed', 'silent']);
  });

  it('does not count a late tick: a busy local loop is not a silent peer', () => {
    // A 2 s stall of this node between 250 and 2250: that tick is not counted.
    assert.deepEqual(run([250, 2250, 2500], (now) => (now < 2300 ? 100 : 2260)), ['heard', 'late', 'heard']);
    // Repeated stalls never add up to a failure.
    assert.deepEqual(run([250, 1000, 1800, 2600, 3400, 4200], () => 100), ['heard', 'late', 'late', 'late', 'late', 'late']);
    const lag = tick(startLiveness(0), 0, 400, settings);
    assert.equal(lag.lagMs, 150);
  });

  it('resets the miss count when the peer is heard again', () => {
    assert.deepEqual(run([250, 500, 750, 1000, 1250, 1500], (now) => (now === 1000 ? 900 : now >= 1000 ? 900 : 100)), [
      'heard',
      'missed',
      'missed',
      'heard',
      'missed',
      'missed',
    ]);
  });

  it('computes the round-trip time from an echoed clock', () => {
    assert.equal(roundTrip(1000, 900, 60), 40);
    assert.equal(roundTrip(1000, 0, 0), undefined);
    assert.equal(roundTrip(1000, 990, 60), undefined);
    assert.equal(smooth(undefined, 8), 8);
    assert.equal(smooth(8, 16), 9);
  });
});

describe('transport sequence', () => {
  it('accepts the next number only', () => {
    assert.deepEqual(checkSequence(5, 5), { ok: true });
    assert.deepEqual(checkSequence(5, 7), { ok: false, detail: 'sequence gap: expected frame 5, got 7 (2 missing)' });
    assert.deepEqual(checkSequence(5, 4), { ok: false, detail: 'sequence went back: expected frame 5, got 4 (duplicate or reordered)' });
  });
});
