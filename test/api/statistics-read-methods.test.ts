/**
 * Our statistics read methods (contract/supvisors-statistics.ts, api/supvisors/statistics-methods.ts):
 * on a real 2-node cluster, node1 answers for node2's host and processes (it compiles node2's
 * samples) and for node2's inventory (asked of node2's stats actor over the transport); the
 * results match their schemas and the faults of wrong names and periods. Then, with fake
 * actors, a series this node has nothing of is asked of the instance itself.
 */
import assert from 'node:assert/strict';
import { cpus, hostname, totalmem } from 'node:os';
import type { ActorRef } from '../../actors/core/index.js';
import type { StatsMessage } from '../../actors/stats/messages.js';
import { statisticsReadMethods } from '../../api/supvisors/statistics-methods.js';
import { HostInventory, HostStatistics, ProcessStatistics } from '../../contract/schemas/statistics.js';
import type { HostStatsView } from '../../stats-compiler/compiler.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import { clusterLogsOnFailure, faultOf, startCluster, struct, type Cluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { xmlRpcToJson } from '../../xmlrpc/json.js';
import { assertFits } from '../helpers/contracts.js';

const PROGRAMS = `[program:spinner]
command = ${process.execPath} -e "for(;;){}"
autostart = true
startsecs = 0

[program:idle]
command = sleep 100000
autostart = false
`;

const seriesOf = (value: unknown): { times: number[]; values: number[]; summary: Record<string, unknown> } => value as { times: number[]; values: number[]; summary: Record<string, unknown> };

describe('supvisors statistics read methods (2 real nodes)', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  before(async () => {
    cluster = await startCluster(2, { programs: () => PROGRAMS, supvisors: 'stats_collecting_period = 1\nstats_periods = 2, 4' });
    await cluster.waitState(cluster.nodes, 'OPERATION', 40_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  const nodes = () => {
    const [node1, node2] = cluster?.nodes ?? [];
    assert.ok(node1 !== undefined && node2 !== undefined);
    return { node1, node2 };
  };

  it("answers another instance's host series with their summaries, for the first period by default", async () => {
    const { node1, node2 } = nodes();
    let host: Record<string, unknown> = {};
    await waitFor('3 points of node2 on node1', async () => {
      host = struct(await node1.api.call('supvisors.get_host_statistics', [node2.nick]));
      return Array.isArray(host['cpu']) && host['cpu'].length > 0 && seriesOf(host['cpu'][0]).values.length >= 3;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    assertFits(HostStatistics, xmlRpcToJson(host as XmlRpcValue));
    assert.equal(host['identifier'], node2.identifier);
    assert.equal(host['period'], 2);
    assert.deepEqual(host['periods'], [2, 4]);
    const cpu = host['cpu'] as unknown[];
    assert.equal(cpu.length, (host['cores'] as number) + 1, 'cpu#all then one per core');
    const average = seriesOf(cpu[0]);
    assert.equal(average.times.length, average.values.length);
    assert.equal(average.summary['points'], average.values.length);
    for (const key of ['latest', 'mean', 'slope', 'slope_per_period', 'stddev']) assert.equal(typeof average.summary[key], 'number', key);
    assert.ok(seriesOf(host['mem']).values.every((value) => value > 0 && value <= 100));
    assert.ok((host['net_io'] as { name: string }[]).some((entry) => entry.name === 'lo'), 'the loopback interface');
    assert.ok((host['disk_usage'] as { name: string }[]).length > 0, 'a partition at least');
    const other = struct(await node1.api.call('supvisors.get_host_statistics', [node2.identifier, new XmlRpcDouble(4)]));
    assert.equal(other['period'], 4);
  });

  it("answers a process's series on another instance, supervisord's, and an empty one where it does not run", async () => {
    const { node1, node2 } = nodes();
    let spinner: Record<string, unknown> = {};
    await waitFor("2 points of node2's spinner on node1", async () => {
      spinner = struct(await node1.api.call('supvisors.get_process_statistics', [node2.identifier, 'spinner', 2]));
      return seriesOf(spinner['cpu']).values.length >= 2;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    assertFits(ProcessStatistics, xmlRpcToJson(spinner as XmlRpcValue));
    assert.ok((spinner['pid'] as number) > 0);
    assert.ok((seriesOf(spinner['cpu']).summary['latest'] as number) > 5, `a busy loop takes CPU: ${JSON.stringify(seriesOf(spinner['cpu']).summary)}`);
    const supervisord = struct(await node1.api.call('supvisors.get_process_statistics', [node2.identifier, 'supervisord', 0]));
    assert.equal(supervisord['namespec'], 'supervisord');
    const idle = struct(await node1.api.call('supvisors.get_process_statistics', [node2.identifier, 'idle', 0]));
    assertFits(ProcessStatistics, xmlRpcToJson(idle));
    assert.equal(idle['pid'], 0);
    assert.deepEqual(seriesOf(idle['cpu']).values, []);
    assert.deepEqual(seriesOf(idle['cpu']).summary, { points: 0 });
  });

  it("answers another instance's inventory, read by that node", async () => {
    const { node1, node2 } = nodes();
    const inventory = struct(await node1.api.call('supvisors.get_host_inventory', [node2.nick]));
    assertFits(HostInventory, xmlRpcToJson(inventory));
    assert.equal(inventory['identifier'], node2.identifier);
    // the nodes share this host
    assert.equal(inventory['logical_cores'], cpus().length);
    assert.equal(inventory['memory_total'], totalmem());
    assert.equal(inventory['hostname'], hostname());
    assert.ok((inventory['physical_cores'] as number) >= 1);
    assert.deepEqual(struct(await node1.api.call('supvisors.get_host_inventory', [node2.identifier])), inventory);
  });

  it('answers BAD_NAME for an unknown instance or process, INCORRECT_PARAMETERS for a period not configured', async () => {
    const { node1, node2 } = nodes();
    assert.equal((await faultOf(node1.api.call('supvisors.get_host_statistics', ['nobody']))).code, 10);
    assert.equal((await faultOf(node1.api.call('supvisors.get_host_inventory', ['nobody']))).code, 10);
    assert.equal((await faultOf(node1.api.call('supvisors.get_process_statistics', [node2.nick, 'nope:nope']))).code, 10);
    const period = await faultOf(node1.api.call('supvisors.get_host_statistics', [node2.nick, 3]));
    assert.equal(period.code, 2);
    assert.match(period.text, /period=3 is not one of stats_periods \(2, 4\)/);
  });
});

describe('supvisors statistics read methods: an instance this node has no series of', () => {
  const view: HostStatsView = {
    identifier: 'node2',
    period: 5,
    cores: 1,
    cpu: [{ times: [5, 10], values: [1, 3], summary: { points: 2, latest: 3, mean: 2, trend: 'increase', rate: 200, slope: 0.4, slopePerPeriod: 2, stddev: 1 } }],
    mem: { times: [], values: [], summary: { points: 0 } },
    netIo: {},
    diskIo: {},
    diskUsage: {},
  };
  /** A stats actor answering every `host-stats` with `answer`. */
  const statsAnswering = (answer: HostStatsView | undefined, asked: string[], name: string): ActorRef<StatsMessage> => ({
    name,
    tell: () => 'delivered',
    ask: (build) =>
      new Promise((resolve, reject) => {
        const message = build({ reply: resolve, fail: reject, settled: false });
        if (message.type !== 'host-stats') throw new Error(`unexpected ${message.type}`);
        asked.push(name);
        message.replyTo.reply(answer);
      }),
  });

  it('asks the instance itself, and answers FAILED when it cannot', async () => {
    const asked: string[] = [];
    const methods = (remote: ActorRef<StatsMessage>) =>
      statisticsReadMethods({
        stats: statsAnswering(undefined, asked, 'local'),
        localIdentifier: 'node1',
        periods: [5],
        resolveIdentifier: (name) => (name === 'node1' || name === 'node2' ? name : undefined),
        remoteStats: () => remote,
        knownProcess: () => Promise.resolve(true),
      }).find((method) => method.name === 'supvisors.get_host_statistics');
    const method = methods(statsAnswering(view, asked, 'node2'));
    const answer = xmlRpcToJson(await (method?.call(['node2', 0]) ?? Promise.reject(new Error('no method')))) as Record<string, unknown>;
    assert.deepEqual(asked, ['local', 'node2']);
    assertFits(HostStatistics, answer);
    assert.deepEqual(answer['cpu'], [{ times: [5, 10], values: [1, 3], summary: { points: 2, latest: 3, mean: 2, trend: 'increase', slope: 0.4, slope_per_period: 2, stddev: 1 } }]);
    const failing: ActorRef<StatsMessage> = { name: 'down', tell: () => 'dead-letter', ask: () => Promise.reject(new Error('no link')) };
    await assert.rejects(Promise.resolve(methods(failing)?.call(['node2', 0])), /node2 did not answer: no link/);
  });
});
