import assert from 'node:assert/strict';
import { dueProbes, judgeProbe, onProbeOutcome, onRuntimeLoss, probeAddress, type Hold } from '../../cluster/runtime-loss.js';

const address = { host: '10.0.0.3', port: 9001, pid: 42 };

describe('runtime loss: crash or node loss', () => {
  it('probes the supervisord a peer gave, or declares the processes lost at once without one', () => {
    assert.deepEqual(onRuntimeLoss(undefined, 0), { kind: 'gone', detail: 'no supervisord address to ask' });
    const decision = onRuntimeLoss(address, 100);
    assert.equal(decision.kind, 'probe');
    if (decision.kind === 'probe') assert.deepEqual(decision.hold, { address, since: 100, probedAt: 100, probing: true, confirmed: false });
  });

  it('never probes a loopback address given by a peer on another host', () => {
    assert.equal(probeAddress({ host: '127.0.0.1', port: 9001, pid: 42 }, '10.0.0.3'), undefined);
    assert.deepEqual(probeAddress({ host: '127.0.0.1', port: 9001, pid: 42 }, '127.0.0.1'), { host: '127.0.0.1', port: 9001, pid: 42 });
    assert.equal(probeAddress({ ...address, pid: 0 }, '10.0.0.3'), undefined);
  });

  it('holds while the same supervisord answers RUNNING; anything else is gone', () => {
    assert.deepEqual(judgeProbe(42, { statename: 'RUNNING', pid: 42 }), { alive: true });
    assert.deepEqual(judgeProbe(42, { statename: 'RUNNING', pid: 43 }), { alive: false, detail: 'supervisord restarted (pid 43, was 42)' });
    assert.deepEqual(judgeProbe(42, { statename: 'RESTARTING', pid: 42 }), { alive: false, detail: 'supervisord is RESTARTING' });
    const hold: Hold = { address, since: 0, probedAt: 0, probing: true, confirmed: false };
    assert.deepEqual(onProbeOutcome(hold, { alive: true }), { kind: 'probe', hold: { ...hold, probing: false, confirmed: true } });
    assert.deepEqual(onProbeOutcome(hold, { alive: false, detail: 'refused' }), { kind: 'gone', detail: 'refused' });
  });

  it('probes a held instance again once per period, never two at once', () => {
    const holds = new Map<string, Hold>([
      ['a', { address, since: 0, probedAt: 0, probing: false, confirmed: true }],
      ['b', { address, since: 0, probedAt: 0, probing: true, confirmed: true }],
      ['c', { address, since: 0, probedAt: 900, probing: false, confirmed: true }],
    ]);
    assert.deepEqual(dueProbes(holds, 1000, 1000), [['a', { address, since: 0, probedAt: 1000, probing: true, confirmed: true }]]);
  });
});
