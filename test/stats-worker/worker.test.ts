import assert from 'node:assert/strict';
import { cpus, totalmem } from 'node:os';
import { threadId } from 'node:worker_threads';
import { SamplerPool } from '../../stats-worker/pool.js';
import type { SampleResult, SampleTask } from '../../stats-worker/protocol.js';
import { isStoppedSample, type ProcessSample } from '../../stats-compiler/types.js';
import { waitFor } from '../helpers/wait.js';
import { killAll, killPid, spawnMemoryGrower, spawnSleeper, spawnSpinnerFamily } from './child-processes.js';

const TIMEOUT_MS = 5000;

function processSample(result: SampleResult, namespec: string): ProcessSample {
  const sample = result.processes.find((one) => one.namespec === namespec);
  assert.ok(sample !== undefined && !isStoppedSample(sample), `no sample of ${namespec}: ${JSON.stringify(result.processes)}`);
  return sample;
}

describe('statistics worker (real worker thread, this machine)', function () {
  this.timeout(20_000);
  let pool: SamplerPool;

  before(() => {
    pool = new SamplerPool();
  });
  after(async () => {
    await killAll();
    await pool.destroy();
  });

  it('samples the host in a worker thread: cores, memory, interfaces, disks', async () => {
    const result = await pool.run({ host: true, processes: [] }, TIMEOUT_MS);
    assert.notEqual(result.threadId, threadId, 'sampled on the main thread');
    const host = result.host;
    assert.ok(host !== undefined, result.hostError);
    const monotonic = Number(process.hrtime.bigint()) / 1e9;
    assert.ok(Math.abs(host.now - monotonic) < 5, 'now is CLOCK_MONOTONIC seconds');
    assert.equal(host.cpu.length, cpus().length + 1);
    for (const [work, idle] of host.cpu) assert.ok(work > 0 && idle >= 0);
    assert.ok(host.mem > 0 && host.mem < 100);
    assert.ok(Object.hasOwn(host.net_io, 'lo'), 'loopback is up');
    for (const percent of Object.values(host.disk_usage)) assert.ok(percent >= 0 && percent <= 100);
    assert.equal(typeof host.disk_io, 'object');
    assert.ok(result.workerCpuSeconds >= 0 && result.durationMs >= 0);
    assert.deepEqual(result.processes, []);
  });

  it('measures a process with its children: a parent whose child spins shows > 50% of a core', async () => {
    const family = await spawnSpinnerFamily();
    const task: SampleTask = {
      host: false,
      processes: [{ namespec: 'test:family', pid: family.parent }],
      supervisord: { pid: process.pid, pids: [process.pid] },
    };
    const first = await pool.run(task, TIMEOUT_MS);
    const before = processSample(first, 'test:family');
    // a share of a core needs a window: at least 300 ms of it, and the family's share over it above 50 %
    let second = first;
    let cpu = 0;
    await waitFor(
      'the spinner family above 50 % of a core over 300 ms or more',
      async () => {
        second = await pool.run(task, TIMEOUT_MS);
        const after = processSample(second, 'test:family');
        cpu = (100 * (after.proc_work - before.proc_work)) / (after.now - before.now);
        return after.now - before.now >= 0.3 && cpu > 50;
      },
      { timeoutMs: 5000, intervalMs: 100 },
    );
    assert.ok(cpu > 50, `spinner family at ${cpu.toFixed(1)} % of a core`);
    const supervisord = processSample(second, 'supervisord');
    assert.equal(supervisord.pid, process.pid);
    assert.equal(supervisord.nb_cores, cpus().length);
    assert.ok(supervisord.proc_memory > 0);
    killPid(family.child);
  });

  it('sees the memory of a growing process increase', async () => {
    const pid = spawnMemoryGrower(400);
    const task: SampleTask = { host: false, processes: [{ namespec: 'test:grower', pid }] };
    let first: ProcessSample | undefined;
    await waitFor('a first sample of the grower', async () => {
      const sample = (await pool.run(task, TIMEOUT_MS)).processes.find((one) => one.namespec === 'test:grower');
      if (sample !== undefined && !isStoppedSample(sample)) first = sample;
      return first !== undefined;
    });
    const baseline = first?.proc_memory ?? 0;
    const totalMb = totalmem() / 1024 / 1024;
    let grownMb = 0;
    // it allocates 40 MB every 100 ms up to 400 MB
    await waitFor(
      'the grower sampled 150 MB bigger',
      async () => {
        const second = processSample(await pool.run(task, TIMEOUT_MS), 'test:grower');
        grownMb = ((second.proc_memory - baseline) / 100) * totalMb;
        return grownMb > 150;
      },
      { timeoutMs: 5000, intervalMs: 100 },
    );
    assert.ok(grownMb > 150, `grew by ${grownMb.toFixed(0)} MB only`);
    killPid(pid);
  });

  it('reports a process that is gone with a stopped sample', async () => {
    const pid = spawnSleeper();
    const alive = await pool.run({ host: false, processes: [{ namespec: 'test:sleep', pid }] }, TIMEOUT_MS);
    processSample(alive, 'test:sleep');
    killPid(pid);
    let gone: SampleResult | undefined;
    await waitFor(
      'the killed process reported gone',
      async () => {
        const result = await pool.run({ host: false, processes: [{ namespec: 'test:sleep', pid }] }, TIMEOUT_MS);
        if (result.vanished.length > 0) gone = result;
        return gone !== undefined;
      },
      { timeoutMs: 3000, intervalMs: 50 },
    );
    assert.ok(gone !== undefined);
    assert.deepEqual(gone.processes, [{ namespec: 'test:sleep', pid: 0, now: gone.now }]);
    assert.deepEqual(gone.vanished, [{ namespec: 'test:sleep', pid }]);
  });

  it('survives a task that throws, a worker thread that exits, and one that hangs', async () => {
    const healthy = await pool.run({ host: true, processes: [] }, TIMEOUT_MS);
    await assert.rejects(pool.run({ host: true, processes: [], fault: 'throw' }, TIMEOUT_MS), /injected fault/);
    const afterThrow = await pool.run({ host: true, processes: [] }, TIMEOUT_MS);
    assert.equal(afterThrow.threadId, healthy.threadId, 'a throwing task keeps its thread');
    await assert.rejects(pool.run({ host: true, processes: [], fault: 'exit' }, TIMEOUT_MS), /exited/);
    const afterExit = await pool.run({ host: true, processes: [] }, TIMEOUT_MS);
    assert.notEqual(afterExit.threadId, healthy.threadId, 'a new worker thread replaced the one that exited');
    await assert.rejects(pool.run({ host: true, processes: [], fault: 'hang' }, 300), /abort/i);
    const afterHang = await pool.run({ host: true, processes: [] }, TIMEOUT_MS);
    assert.ok(afterHang.host !== undefined);
    assert.notEqual(afterHang.threadId, afterExit.threadId, 'the hung thread was terminated');
  });
});
