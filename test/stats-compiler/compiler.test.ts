import assert from 'node:assert/strict';
import {
  compileHostSample,
  compileProcessSample,
  compiledIndex,
  createCompilerState,
  forgetInstance,
  hostView,
  nbCoresOf,
  processView,
} from '../../stats-compiler/compiler.js';
import { statisticsStatusPayload } from '../../stats-compiler/payloads.js';
import { integrateProcessSample, newProcessSeries, processCpuPercent, solarisCpu } from '../../stats-compiler/process-compiler.js';
import type { HostSample, ProcessSample } from '../../stats-compiler/types.js';

const proc = (now: number, work: number, memory: number, pid = 42, namespec = 'app:prog'): ProcessSample => ({
  namespec,
  pid,
  now,
  proc_work: work,
  proc_memory: memory,
});

/** Cumulative CPU seconds: the same on every core. */
const host = (now: number, work: number, idle: number): HostSample => ({
  now,
  cpu: [[work, idle], [work, idle], [work, idle]],
  mem: 10,
  net_io: { lo: [0, 0] },
  disk_usage: { '/': 50 },
  disk_io: {},
});

describe('process statistics integration', () => {
  it('computes IRIX CPU as 100 × Δwork / Δnow, above 100 on several cores', () => {
    assert.equal(processCpuPercent(proc(10, 1, 0), proc(12, 4, 0)), 150);
    assert.equal(processCpuPercent(proc(10, 1, 0), proc(10, 4, 0)), 0);
    assert.equal(solarisCpu(150, 4), 37.5);
    assert.equal(solarisCpu(150, 0), 150);
  });

  it('primes, waits for the period, appends, and bounds the history', () => {
    const series = newProcessSeries(5);
    assert.equal(integrateProcessSample(series, proc(100, 10, 1), 2), undefined);
    assert.equal(integrateProcessSample(series, proc(104, 11, 1), 2), undefined);
    assert.deepEqual(integrateProcessSample(series, proc(105, 12, 2), 2), { period: [0, 5], cpu: 40, mem: 2 });
    assert.deepEqual(integrateProcessSample(series, proc(110, 12, 3), 2), { period: [5, 10], cpu: 0, mem: 3 });
    assert.deepEqual(integrateProcessSample(series, proc(120, 22, 4), 2), { period: [10, 20], cpu: 100, mem: 4 });
    assert.deepEqual(series.times, [10, 20]);
    assert.deepEqual(series.cpu, [0, 100]);
    assert.deepEqual(series.mem, [3, 4]);
  });
});

describe('statistics compiler', () => {
  it('produces hstats payloads per period, with exactly the keys of the event', () => {
    const state = createCompilerState({ periods: [5, 10], histo: 10 });
    assert.deepEqual(compileHostSample(state, 'node1', host(0, 0, 0), 1000), []);
    const at5 = compileHostSample(state, 'node1', host(5, 1, 9), 1001);
    assert.equal(at5.length, 1);
    assert.deepEqual(at5[0], {
      identifier: 'node1',
      now_monotonic: 1001,
      target_period: 5,
      period: [0, 5],
      cpu: [10, 10, 10],
      mem: 10,
      net_io: { lo: [0, 0] },
      disk_io: {},
      disk_usage: { '/': 50 },
    });
    const at10 = compileHostSample(state, 'node1', host(10, 3, 17), 1002);
    assert.deepEqual(
      at10.map((payload) => [payload.target_period, payload.period, payload.cpu[0]]),
      [
        [5, [5, 10], 20],
        [10, [0, 10], 15],
      ],
    );
    const view = hostView(state, 'node1', 5);
    assert.ok(view !== undefined);
    assert.equal(view.cores, 2);
    assert.deepEqual(view.cpu[0]?.values, [10, 20]);
    assert.deepEqual(view.cpu[0]?.times, [5, 10]);
    assert.equal(view.cpu[0]?.summary.mean, 15);
    assert.equal(view.cpu[0]?.summary.slope, 2);
    assert.equal(view.cpu[0]?.summary.slopePerPeriod, 10);
    assert.equal(view.cpu[0]?.summary.stddev, 5);
    assert.deepEqual(view.netIo.lo?.in.values, [0, 0]);
    assert.deepEqual(view.diskUsage['/']?.values, [50, 50]);
    assert.equal(hostView(state, 'node1', 7), undefined);
    assert.equal(hostView(state, 'node2', 5), undefined);
  });

  it('produces pstats payloads, restarts a series on a new PID and forgets it on pid 0', () => {
    const state = createCompilerState({ periods: [5], histo: 10 });
    assert.deepEqual(compileProcessSample(state, 'node1', proc(0, 0, 1), 50), []);
    assert.deepEqual(compileProcessSample(state, 'node1', proc(5, 2, 1.5), 51), [
      { namespec: 'app:prog', identifier: 'node1', pid: 42, now_monotonic: 51, target_period: 5, period: [0, 5], cpu: 40, mem: 1.5 },
    ]);
    // New PID: the series restarts (this sample only primes it).
    assert.deepEqual(compileProcessSample(state, 'node1', proc(10, 0, 1, 43), 52), []);
    assert.deepEqual(compileProcessSample(state, 'node1', proc(15, 1, 1, 43), 53)[0]?.period, [0, 5]);
    assert.deepEqual(compiledIndex(state), { hosts: [], processes: [{ namespec: 'app:prog', identifier: 'node1', pid: 43 }] });
    compileProcessSample(state, 'node1', { namespec: 'app:prog', pid: 0, now: 16 }, 54);
    assert.equal(processView(state, 'app:prog', 'node1', 5, true), undefined);
    assert.equal(state.processes.size, 0);
    // A stopped sample of an unknown process is harmless.
    assert.deepEqual(compileProcessSample(state, 'node1', { namespec: 'app:other', pid: 0, now: 16 }, 54), []);
  });

  it('divides process CPU by the core count of the instance in Solaris mode only', () => {
    const state = createCompilerState({ periods: [5], histo: 10 });
    for (const [now, work] of [[0, 0], [5, 10], [10, 20]] as const) compileProcessSample(state, 'node1', proc(now, work, 1), now);
    // Core count unknown: 1.
    assert.deepEqual(processView(state, 'app:prog', 'node1', 5, false)?.cpu.values, [200, 200]);
    assert.equal(nbCoresOf(state, 'node1'), 1);
    compileProcessSample(state, 'node1', { namespec: 'supervisord', pid: 7, now: 0, proc_work: 0, proc_memory: 0.3, nb_cores: 4 }, 0);
    const solaris = processView(state, 'app:prog', 'node1', 5, false);
    assert.deepEqual(solaris?.cpu.values, [50, 50]);
    assert.equal(solaris?.nbCores, 4);
    assert.equal(solaris?.irixMode, false);
    assert.deepEqual(processView(state, 'app:prog', 'node1', 5, true)?.cpu.values, [200, 200]);
    assert.deepEqual(processView(state, 'app:prog', 'node1', 5, true)?.mem.values, [1, 1]);
    // Another instance's cores do not count.
    for (const [now, work] of [[0, 0], [5, 10]] as const) compileProcessSample(state, 'node2', proc(now, work, 1), now);
    assert.deepEqual(processView(state, 'app:prog', 'node2', 5, false)?.cpu.values, [200]);
  });

  it('forgets everything compiled for an instance', () => {
    const state = createCompilerState({ periods: [5], histo: 10 });
    compileHostSample(state, 'node1', host(0, 0, 0), 0);
    compileProcessSample(state, 'node1', proc(0, 0, 1), 0);
    compileProcessSample(state, 'node2', proc(0, 0, 1), 0);
    forgetInstance(state, 'node1');
    assert.deepEqual(compiledIndex(state), { hosts: [], processes: [{ namespec: 'app:prog', identifier: 'node2', pid: 42 }] });
  });

  it('builds the get_statistics_status struct, both flags false without a collector', () => {
    assert.deepEqual(statisticsStatusPayload({ collector: true, hostStats: true, processStats: false, collectingPeriod: 5 }), {
      host_stats: true,
      process_stats: false,
      collecting_period: 5,
    });
    assert.deepEqual(statisticsStatusPayload({ collector: false, hostStats: true, processStats: true, collectingPeriod: 2.5 }), {
      host_stats: false,
      process_stats: false,
      collecting_period: 2.5,
    });
  });
});
