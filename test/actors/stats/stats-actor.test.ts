import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { ActorSystem, type ActorRef } from '../../../actors/core/index.js';
import type { CollectorInfo, CompiledStatistics, StatsMessage, StatsStatusReply } from '../../../actors/stats/messages.js';
import { statsActor, statsOptionsFromConfig, type StatsActorOptions } from '../../../actors/stats/stats-actor.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import type { HostStatsView, ProcessStatsView } from '../../../stats-compiler/compiler.js';
import type { HostSample, ProcessRawSample } from '../../../stats-compiler/types.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';
import { killAll, killPid, spawnSleeper, spawnSpinner } from '../../stats-worker/child-processes.js';

const info = (ref: ActorRef<StatsMessage>): Promise<CollectorInfo> => ref.ask<CollectorInfo>((replyTo) => ({ type: 'collector-info', replyTo }));
const status = (ref: ActorRef<StatsMessage>): Promise<StatsStatusReply> => ref.ask<StatsStatusReply>((replyTo) => ({ type: 'status', replyTo }));
const take = (ref: ActorRef<StatsMessage>): Promise<CompiledStatistics> => ref.ask<CompiledStatistics>((replyTo) => ({ type: 'take-compiled', replyTo }));

function baseOptions(overrides: Partial<StatsActorOptions> = {}): StatsActorOptions {
  return {
    identifier: 'node1',
    hostStats: true,
    processStats: true,
    collectingPeriod: 0.5,
    periods: [0.5, 1],
    histo: 10,
    irixMode: true,
    ...overrides,
  };
}

describe('statistics actor (real worker thread)', function () {
  this.timeout(30_000);
  let system: ActorSystem;
  let local: { host: HostSample | undefined; processes: readonly ProcessRawSample[] }[];

  beforeEach(() => {
    local = [];
    system = new ActorSystem({ node: 'node1', logger: memoryLogger('debug').logger });
  });
  afterEach(async () => {
    await system.shutdown();
    await killAll();
  });

  function spawnStats(overrides: Partial<StatsActorOptions> = {}): ActorRef<StatsMessage> {
    return system.spawn<StatsMessage>(
      'stats',
      statsActor(baseOptions({ outputs: { localSamples: (host, processes) => void local.push({ host, processes }) }, ...overrides })),
    );
  }

  it('samples the host every period and compiles hstats payloads for each period', async () => {
    const stats = spawnStats();
    const compiled: CompiledStatistics[] = [];
    await waitFor(
      'hstats for both periods',
      async () => {
        compiled.push(await take(stats));
        const periods = new Set(compiled.flatMap((one) => one.hstats.map((payload) => payload.target_period)));
        return periods.has(0.5) && periods.has(1);
      },
      { timeoutMs: 8000, intervalMs: 100 },
    );
    const payload = compiled.flatMap((one) => one.hstats)[0];
    assert.ok(payload !== undefined);
    assert.deepEqual(Object.keys(payload).sort(), ['cpu', 'disk_io', 'disk_usage', 'identifier', 'mem', 'net_io', 'now_monotonic', 'period', 'target_period']);
    assert.equal(payload.identifier, 'node1');
    assert.equal(payload.cpu.length, cpus().length + 1);
    assert.ok(payload.period[1] - payload.period[0] >= payload.target_period);
    assert.ok(local.some((sample) => sample.host !== undefined), 'raw local samples handed out for the peers');
    const view = await stats.ask<HostStatsView | undefined>((replyTo) => ({ type: 'host-stats', identifier: 'node1', period: 0.5, replyTo }));
    assert.ok(view !== undefined && view.cpu[0] !== undefined && view.cpu[0].values.length >= 1);
    assert.equal(view.cores, cpus().length);
    const collector = await info(stats);
    assert.ok(collector.samples >= 3 && collector.failures === 0);
    assert.ok(collector.workerThreadId !== undefined && collector.workerThreadId > 0);
  });

  it('measures a CPU spinner given by PID at > 50% of a core after a couple of periods', async () => {
    const stats = spawnStats();
    const pid = spawnSpinner();
    stats.tell({ type: 'process-pid', namespec: 'test:spinner', pid });
    stats.tell({ type: 'supervisord-pid', pid: process.pid });
    let view: ProcessStatsView | undefined;
    await waitFor(
      'two integrated points of the spinner',
      async () => {
        view = await stats.ask<ProcessStatsView | undefined>((replyTo) => ({
          type: 'process-stats', namespec: 'test:spinner', identifier: 'node1', period: 0.5, replyTo,
        }));
        return view !== undefined && view.cpu.values.length >= 2;
      },
      { timeoutMs: 8000, intervalMs: 100 },
    );
    assert.ok(view !== undefined);
    assert.equal(view.pid, pid);
    const latest = view.cpu.summary.latest ?? 0;
    assert.ok(latest > 50, `spinner at ${latest.toFixed(1)} % of a core`);
    // Solaris mode: divided by the cores reported by the supervisord entry.
    const solaris = await stats.ask<ProcessStatsView | undefined>((replyTo) => ({
      type: 'process-stats', namespec: 'test:spinner', identifier: 'node1', period: 0.5, irixMode: false, replyTo,
    }));
    assert.equal(solaris?.nbCores, cpus().length);
    assert.ok(Math.abs((solaris?.cpu.summary.latest ?? 0) - latest / cpus().length) < 1e-9);
    const pstats = (await take(stats)).pstats;
    assert.ok(pstats.some((payload) => payload.namespec === 'test:spinner' && payload.pid === pid && payload.cpu > 50));
    assert.ok(pstats.some((payload) => payload.namespec === 'supervisord' && payload.pid === process.pid));
  });

  it('ends the series of a process that stopped or changed PID, and ignores a PID that never existed', async () => {
    const stats = spawnStats({ hostStats: false });
    const first = spawnSleeper();
    stats.tell({ type: 'process-pid', namespec: 'test:sleep', pid: first });
    stats.tell({ type: 'process-pid', namespec: 'test:ghost', pid: 4_194_000 });
    await waitFor('the sleeper sampled', () => local.some((one) => one.processes.some((sample) => sample.namespec === 'test:sleep' && sample.pid === first)), { timeoutMs: 5000 });
    await waitFor('the ghost dropped', async () => (await info(stats)).monitored === 1, { timeoutMs: 5000 });
    assert.ok(!local.some((one) => one.processes.some((sample) => sample.namespec === 'test:ghost')), 'no sample for a PID that never existed');
    // PID change: the old series ends with a stopped sample at once.
    const second = spawnSleeper();
    stats.tell({ type: 'process-pid', namespec: 'test:sleep', pid: second });
    await waitFor('stopped sample for the old pid', () => local.some((one) => one.processes.some((sample) => sample.namespec === 'test:sleep' && sample.pid === 0)), { timeoutMs: 2000 });
    await waitFor('the new pid sampled', () => local.some((one) => one.processes.some((sample) => sample.pid === second)), { timeoutMs: 5000 });
    // The process dies: the collector finds it gone, reports it stopped and stops measuring it.
    local.length = 0;
    killPid(second);
    await waitFor('stopped sample of the dead process', () => local.some((one) => one.processes.some((sample) => sample.namespec === 'test:sleep' && sample.pid === 0)), { timeoutMs: 5000 });
    assert.equal((await info(stats)).monitored, 0);
    // Full table: absent namespecs are stopped.
    const third = spawnSleeper();
    stats.tell({ type: 'processes', processes: [{ namespec: 'test:a', pid: third }] });
    await waitFor('test:a sampled', () => local.some((one) => one.processes.some((sample) => sample.namespec === 'test:a' && sample.pid === third)), { timeoutMs: 5000 });
    local.length = 0;
    stats.tell({ type: 'processes', processes: [] });
    await waitFor('test:a stopped', () => local.some((one) => one.processes.some((sample) => sample.namespec === 'test:a' && sample.pid === 0)), { timeoutMs: 2000 });
  });

  for (const fault of ['exit', 'throw'] as const) {
    it(`survives a collector crash (${fault}): counted, the collector restarted, sampling resumes`, async () => {
      const stats = spawnStats();
      await waitFor('first samples', async () => (await info(stats)).samples >= 2, { timeoutMs: 5000 });
      const before = await info(stats);
      stats.tell({ type: 'inject-fault', fault });
      await waitFor('the failure counted', async () => (await info(stats)).failures === 1, { timeoutMs: 5000 });
      const failed = await info(stats);
      assert.match(failed.lastFailure?.message ?? '', fault === 'exit' ? /exited/ : /injected fault/);
      await waitFor('sampling resumed', async () => (await info(stats)).samples >= failed.samples + 2, { timeoutMs: 8000 });
      const after = await info(stats);
      assert.equal(after.consecutiveFailures, 0);
      if (fault === 'exit') assert.notEqual(after.workerThreadId, before.workerThreadId, 'a new worker thread');
      const diagnostics = system.diagnostics({ actor: 'stats-collector' }).actors[0];
      assert.ok(diagnostics !== undefined);
      assert.equal(diagnostics.parent, 'stats');
      assert.equal(diagnostics.restarts, 1);
      assert.equal(diagnostics.mailbox.failed, 1);
      assert.equal(diagnostics.lastFailure?.during, 'sample');
      assert.equal(diagnostics.status, 'running');
    });
  }

  it('survives a hung worker thread: the task times out, the thread is terminated', async () => {
    const stats = spawnStats({ taskTimeoutMs: 800 });
    await waitFor('first sample', async () => (await info(stats)).samples >= 1, { timeoutMs: 5000 });
    stats.tell({ type: 'inject-fault', fault: 'hang' });
    await waitFor('the timeout counted', async () => (await info(stats)).failures === 1, { timeoutMs: 5000 });
    const failed = await info(stats);
    assert.match(failed.lastFailure?.message ?? '', /abort/i);
    await waitFor('sampling resumed', async () => (await info(stats)).samples > failed.samples, { timeoutMs: 8000 });
  });

  it('answers the statistics XML-RPCs: status, enable host / process, update period', async () => {
    const stats = spawnStats({ collectingPeriod: 5, periods: [10], collectingPeriodIsDouble: false });
    assert.deepEqual(await status(stats), {
      status: { host_stats: true, process_stats: true, collecting_period: 5 },
      collectingPeriodIsDouble: false,
      collector: true,
    });
    assert.equal(await stats.ask<boolean>((replyTo) => ({ type: 'enable-host', enabled: false, replyTo })), true);
    assert.equal(await stats.ask<boolean>((replyTo) => ({ type: 'enable-process', enabled: false, replyTo })), true);
    assert.equal(await stats.ask<boolean>((replyTo) => ({ type: 'update-period', period: 0.5, replyTo })), true);
    assert.deepEqual(await status(stats), {
      status: { host_stats: false, process_stats: false, collecting_period: 0.5 },
      collectingPeriodIsDouble: true,
      collector: true,
    });
    // Nothing enabled: no sampling.
    const idle = await info(stats);
    assert.equal(idle.period, 0.5);
    stats.tell({ type: 'enable-host', enabled: true });
    await waitFor('sampling at the new period', async () => (await info(stats)).samples >= idle.samples + 3, { timeoutMs: 4000 });
    // No range check on the value reported; sampling is clamped.
    await stats.ask<boolean>((replyTo) => ({ type: 'update-period', period: -3, replyTo }));
    assert.equal((await status(stats)).status.collecting_period, -3);
    assert.equal((await info(stats)).period, 0.5);
  });

  it('without a collector: flags false, NOT_INSTALLED faults, peers still compiled', async () => {
    const stats = spawnStats({ collector: false });
    assert.deepEqual((await status(stats)).status, { host_stats: false, process_stats: false, collecting_period: 0.5 });
    for (const type of ['enable-host', 'enable-process'] as const) {
      await assert.rejects(
        stats.ask<boolean>((replyTo) => ({ type, enabled: true, replyTo })),
        (error: unknown) => isSupvisorsError(error) && error.faultString === 'NOT_INSTALLED: psutil not installed',
      );
    }
    await assert.rejects(
      stats.ask<boolean>((replyTo) => ({ type: 'update-period', period: 2, replyTo })),
      (error: unknown) => isSupvisorsError(error) && error.fault === 'NOT_INSTALLED',
    );
    assert.equal(system.has('stats-collector'), false);
    const sample = (now: number, work: number): HostSample => ({ now, cpu: [[work, now - work]], mem: 5, net_io: {}, disk_usage: {}, disk_io: {} });
    stats.tell({ type: 'peer-host-sample', identifier: 'node2', sample: sample(100, 10) });
    stats.tell({ type: 'peer-host-sample', identifier: 'node2', sample: sample(101, 10.5) });
    const compiled = await take(stats);
    assert.deepEqual(compiled.hstats.map((payload) => [payload.identifier, payload.target_period, payload.cpu]), [['node2', 0.5, [50]], ['node2', 1, [50]]]);
    stats.tell({ type: 'peer-process-samples', identifier: 'node2', samples: [
      { namespec: 'app:p', pid: 9, now: 100, proc_work: 1, proc_memory: 1 },
      { namespec: 'app:p', pid: 9, now: 101, proc_work: 1.25, proc_memory: 2 },
    ] });
    assert.deepEqual((await take(stats)).pstats.map((payload) => [payload.target_period, payload.cpu, payload.mem]), [[0.5, 25, 2], [1, 25, 2]]);
    assert.equal((await info(stats)).available, false);
  });

  it('maps the configuration options', () => {
    const options = statsOptionsFromConfig('node9', {
      statsEnabled: { host: true, process: false },
      statsCollectingPeriod: 5,
      statsPeriods: [10, 60],
      statsHisto: 200,
      statsIrixMode: false,
    } as Parameters<typeof statsOptionsFromConfig>[1]);
    assert.deepEqual(options, {
      identifier: 'node9', hostStats: true, processStats: false, collectingPeriod: 5, periods: [10, 60], histo: 200, irixMode: false,
    });
  });
});
