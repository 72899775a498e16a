import assert from 'node:assert/strict';
import { backoffDelay, decideOnFailure, type SupervisionPolicy } from '../../../actors/core/index.js';

describe('decideOnFailure (pure)', () => {
  const restart: SupervisionPolicy = {
    kind: 'restart',
    backoff: { minMs: 10, maxMs: 100, factor: 3 },
    intensity: { maxRestarts: 3, withinMs: 1000 },
  };
  const cases: { name: string; policy: SupervisionPolicy; history: number[]; now: number; expected: unknown }[] = [
    { name: 'stop policy', policy: { kind: 'stop' }, history: [], now: 0, expected: { action: 'stop' } },
    { name: 'escalate policy', policy: { kind: 'escalate' }, history: [], now: 0, expected: { action: 'escalate', reason: 'policy is escalate' } },
    { name: 'first restart', policy: restart, history: [], now: 5000, expected: { action: 'restart', delayMs: 10, restarts: [5000] } },
    { name: 'second restart', policy: restart, history: [4900], now: 5000, expected: { action: 'restart', delayMs: 30, restarts: [4900, 5000] } },
    { name: 'third restart', policy: restart, history: [4800, 4900], now: 5000, expected: { action: 'restart', delayMs: 90, restarts: [4800, 4900, 5000] } },
    { name: 'old restarts leave the window', policy: restart, history: [1000, 2000, 3999], now: 5000, expected: { action: 'restart', delayMs: 10, restarts: [5000] } },
    {
      name: 'intensity exceeded',
      policy: restart,
      history: [4700, 4800, 4900],
      now: 5000,
      expected: { action: 'escalate', reason: 'restart intensity exceeded: 3 restarts within 1000 ms' },
    },
    { name: 'defaults', policy: { kind: 'restart' }, history: [], now: 0, expected: { action: 'restart', delayMs: 10, restarts: [0] } },
  ];
  for (const { name, policy, history, now, expected } of cases) {
    it(name, () => assert.deepEqual(decideOnFailure(policy, history, now), expected));
  }

  it('caps the backoff at maxMs', () => {
    assert.equal(backoffDelay({ minMs: 10, maxMs: 100, factor: 3 }, 5), 100);
  });
});
