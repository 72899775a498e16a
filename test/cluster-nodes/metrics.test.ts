/**
 * `/metrics` of real nodes (3 on loopback, credentials USER / PASSWORD): 401 with the Basic
 * challenge without or with wrong credentials; with them, the Prometheus text format with the
 * HELP and TYPE of every documented metric, the cluster as the node sees it (OPERATION, one
 * Master, every instance RUNNING, links up), and values that follow: a process started on node2
 * moves its state gauge on node1 from STOPPED to RUNNING, its start time is set, node2 shows its
 * CPU and memory, and the actors' counters grow between scrapes.
 */
import assert from 'node:assert/strict';
import { METRICS } from '../../api/metrics/metric-values.js';
import { parseExposition, sampleValue, type ParsedFamily } from '../api/metrics-text.js';
import { clusterLogsOnFailure, masterOf, PASSWORD, startCluster, USER, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { basic, httpGet } from '../helpers/http-client.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = '[program:sleeper]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\nstopsignal = KILL\n';
// Supvisors' namespec of a program alone in its group is its name
const NAMESPEC = 'sleeper';

async function scrape(node: ClusterNode): Promise<Map<string, ParsedFamily>> {
  const answer = await httpGet(node.httpPort, '/metrics', basic(`${USER}:${PASSWORD}`));
  assert.equal(answer.status, 200, answer.body.toString('utf8'));
  assert.match(String(answer.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parseExposition(answer.body.toString('utf8'));
}

describe('/metrics of a real cluster', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });

  const nodes = (): [ClusterNode, ClusterNode, ClusterNode] => {
    const [node1, node2, node3] = cluster?.nodes ?? [];
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    return [node1, node2, node3];
  };

  before(async () => {
    cluster = await startCluster(3, { programs: () => PROGRAMS, supvisors: 'stats_collecting_period = 1\nstats_periods = 2' });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
  });

  it('asks for the credentials: 401 with the Basic challenge without them or with wrong ones', async () => {
    const [node1] = nodes();
    for (const headers of [{}, basic(`${USER}:wrong`)]) {
      const answer = await httpGet(node1.httpPort, '/metrics', headers);
      assert.equal(answer.status, 401);
      assert.equal(answer.headers['www-authenticate'], 'Basic realm="default"');
      assert.doesNotMatch(answer.body.toString('utf8'), /supvisors_/);
    }
  });

  it('shows every documented metric with its HELP and TYPE, and the cluster as the node sees it', async () => {
    const [node1, node2, node3] = nodes();
    const families = await scrape(node1);
    for (const metric of METRICS) {
      assert.equal(families.get(metric.name)?.type, metric.type, `TYPE of ${metric.name}`);
      assert.equal(families.get(metric.name)?.help, metric.help, `HELP of ${metric.name}`);
    }
    assert.equal(sampleValue(families, 'supvisors_node_info', { identifier: node1.identifier }), 1);
    assert.equal(sampleValue(families, 'supvisors_fsm_state', { state: 'OPERATION' }), 1);
    const master = await masterOf(node1);
    assert.equal(sampleValue(families, 'supvisors_master', { identifier: master }), 1);
    assert.equal(families.get('supvisors_master')?.samples.filter((sample) => sample.value === 1).length, 1);
    for (const node of [node1, node2, node3]) assert.equal(sampleValue(families, 'supvisors_instance_state', { identifier: node.identifier, state: 'RUNNING' }), 1, node.nick);
    for (const peer of [node2, node3]) {
      assert.equal(sampleValue(families, 'supvisors_peer_up', { identifier: peer.identifier }), 1, peer.nick);
      assert.ok((sampleValue(families, 'supvisors_peer_round_trip_seconds', { identifier: peer.identifier }) ?? -1) >= 0, peer.nick);
    }
    // a peer's heartbeat age shows once this node accepted one of its heartbeats (every heartbeat_period)
    await waitFor(
      'node1 /metrics shows the heartbeat age of node2 and node3',
      async () => {
        const latest = await scrape(node1);
        return [node2, node3].every((peer) => (sampleValue(latest, 'supvisors_instance_heartbeat_age_seconds', { identifier: peer.identifier }) ?? -1) >= 0);
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.equal(sampleValue(families, 'supvisors_process_state_code', { identifier: node2.identifier, namespec: NAMESPEC, application: 'sleeper' }), 0);
    assert.equal(sampleValue(families, 'supvisors_processes', { identifier: node2.identifier, state: 'STOPPED' }), 1);
    assert.ok((sampleValue(families, 'supvisors_actor_messages_processed_total', { actor: 'context' }) ?? 0) > 0);
    assert.ok((sampleValue(families, 'supvisors_runtime_resident_memory_bytes') ?? 0) > 0);
    const handled = sampleValue(families, 'supvisors_actor_handling_duration_seconds_count', { actor: 'context' }) ?? 0;
    assert.ok(handled > 0);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_bucket', { actor: 'context', le: '+Inf' }), handled);
    assert.ok(sampleValue(families, 'supvisors_event_loop_delay_seconds', { quantile: '0.99' }) !== undefined);
    assert.ok(sampleValue(families, 'supvisors_events_published_total') !== undefined);
  });

  it('follows the cluster: a process started on node2 moves from STOPPED to RUNNING on node1, node2 shows its CPU and memory', async () => {
    const [node1, node2] = nodes();
    const before = await scrape(node1);
    await node2.supervisor.call('supervisor.startProcess', ['sleeper:sleeper', true]);
    let after = before;
    await waitFor(
      'node1 /metrics shows sleeper RUNNING on node2',
      async () => {
        after = await scrape(node1);
        return sampleValue(after, 'supvisors_process_state_code', { identifier: node2.identifier, namespec: NAMESPEC }) === 20;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.ok((sampleValue(after, 'supvisors_process_start_time_seconds', { identifier: node2.identifier, namespec: NAMESPEC }) ?? 0) > 0);
    assert.equal(sampleValue(after, 'supvisors_processes', { identifier: node2.identifier, state: 'RUNNING' }), 1);
    const processed = (families: Map<string, ParsedFamily>): number => sampleValue(families, 'supvisors_actor_messages_processed_total', { actor: 'context' }) ?? 0;
    assert.ok(processed(after) > processed(before), 'the context handled the process events');
    await waitFor(
      'node2 /metrics shows the CPU and memory of sleeper',
      async () => {
        const families = await scrape(node2);
        return sampleValue(families, 'supvisors_process_cpu_percent', { namespec: NAMESPEC }) !== undefined && sampleValue(families, 'supvisors_process_memory_percent', { namespec: NAMESPEC }) !== undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
  });
});
