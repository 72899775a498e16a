import assert from 'node:assert/strict';
import { ABSENT, burstChanges, expectationOf, lagsOf, lastPerKey, steadyChanges } from '../../../bench/dashboard/change-plan.js';
import { SimulatedCluster } from '../../../bench/dashboard/simulated-cluster.js';

const shape = { instances: 2, applications: 3, programsPerApplication: 4 };

describe('bench:dashboard change plan', () => {
  it('steady: the applications in turn, a process flipped on one visit and back on the next', () => {
    const cluster = new SimulatedCluster(shape);
    const changes = steadyChanges(cluster, 12);
    assert.deepEqual(changes.slice(0, 6), ['app_00:prog_00', 'app_01:prog_00', 'app_02:prog_00', 'app_00:prog_00', 'app_01:prog_00', 'app_02:prog_00']);
    assert.deepEqual(changes.slice(6, 9), ['app_00:prog_01', 'app_01:prog_01', 'app_02:prog_01']);
    // every change moves its application's light: RUNNING <-> RUNNING with a minor failure
    const labels = changes.map((namespec) => {
      cluster.flip(namespec);
      return expectationOf(cluster, 'menu', namespec, 0).shown;
    });
    assert.deepEqual(labels.slice(0, 6), ['RUNNING, minor failure', 'RUNNING, minor failure', 'RUNNING, minor failure', 'RUNNING', 'RUNNING', 'RUNNING']);
    assert.ok(cluster.processes.every((process) => cluster.stateOf(process.namespec) === 'RUNNING'));
  });

  it('burst: distinct processes, the applications in turn', () => {
    const cluster = new SimulatedCluster(shape);
    const changes = burstChanges(cluster, 12);
    assert.equal(new Set(changes).size, 12);
    assert.deepEqual(changes.slice(0, 4), ['app_00:prog_00', 'app_01:prog_00', 'app_02:prog_00', 'app_00:prog_01']);
    assert.equal(burstChanges(cluster, 5).length, 5);
    assert.equal(burstChanges(cluster, 100).length, 12);
  });

  it('expects the chip state, or the application label of the menu', () => {
    const cluster = new SimulatedCluster(shape);
    cluster.flip('app_01:prog_03');
    assert.deepEqual(expectationOf(cluster, 'chips', 'app_01:prog_03', 5), { key: 'app_01:prog_03', shown: 'STOPPED', sentAt: 5 });
    assert.deepEqual(expectationOf(cluster, 'menu', 'app_01:prog_03', 5), { key: 'app_01', shown: 'RUNNING, minor failure', sentAt: 5 });
  });

  it('keeps the last expectation of each key', () => {
    const kept = lastPerKey([
      { key: 'a', shown: 'X', sentAt: 1 },
      { key: 'b', shown: 'X', sentAt: 2 },
      { key: 'a', shown: 'Y', sentAt: 3 },
    ]);
    assert.deepEqual(kept, [
      { key: 'a', shown: 'Y', sentAt: 3 },
      { key: 'b', shown: 'X', sentAt: 2 },
    ]);
  });

  it('measures a lag to the first observation showing the change after its send; a chip gone shows STOPPED', () => {
    const lags = lagsOf(
      [
        { key: 'a', shown: 'STOPPED', sentAt: 1000 },
        { key: 'b', shown: 'RUNNING', sentAt: 1000 },
        { key: 'c', shown: 'RUNNING', sentAt: 1000 },
      ],
      [
        { key: 'b', shown: 'RUNNING', at: 500 },
        { key: 'a', shown: ABSENT, at: 1030 },
        { key: 'b', shown: 'STOPPED', at: 1010 },
        { key: 'b', shown: 'RUNNING', at: 1040 },
        { key: 'b', shown: 'RUNNING', at: 1020 },
      ],
    );
    assert.deepEqual(lags, [30, 20, undefined]);
  });
});
