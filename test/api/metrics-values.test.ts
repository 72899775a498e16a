/**
 * The metrics of `/metrics` from plain snapshots (api/metrics/metric-values.ts), and their
 * Prometheus text through the node's registry (api/metrics/registry.ts): every metric has its
 * HELP and TYPE, names follow Prometheus' conventions, values are those of the snapshot.
 */
import assert from 'node:assert/strict';
import { METRICS, metricSamples, type MetricsSnapshot } from '../../api/metrics/metric-values.js';
import { MetricsRegistry } from '../../api/metrics/registry.js';
import { DurationHistogram } from '../../mailbox/histogram.js';
import { applyReport, emptyModel } from '../../model/cluster-model.js';
import { localProcess } from '../helpers/local-process.js';
import { parseExposition, sampleValue } from './metrics-text.js';

const MAILBOX = {
  depth: 3,
  capacity: 0,
  overflow: 'fail',
  highWater: 7,
  enqueued: 50,
  processed: 42,
  failed: 1,
  dropped: 2,
  rejected: 3,
  restarts: 1,
  handlingMeanUs: 120,
  handlingP99Us: 900,
  waitingMeanUs: 40,
  waitingP99Us: 2500,
  oldestAgeMs: 15,
  lastType: 'tick',
};

function snapshot(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  let model = applyReport(emptyModel, 'node1', localProcess('web', 'server', 'RUNNING', { start: 1_700_000_000 }), 1);
  model = applyReport(model, 'node2', localProcess('web', 'server', 'EXITED', { expected: false, start: 1_699_999_000 }), 2);
  model = applyReport(model, 'node2', localProcess('batch', 'job', 'FATAL'), 3);
  return {
    identifier: 'node1',
    version: '1.2.3',
    diagnostics: {
      node: 'node1',
      at: 1,
      uptimeS: 12.5,
      timing: true,
      actors: [{ name: 'context', parent: '', kind: 'built-in', status: 'running', children: [], timers: 0, restarts: 1, mailbox: MAILBOX, peek: [] }],
      deadLetters: { total: 4, byReason: { 'no-such-actor': 3, 'late-reply': 1 }, recent: [] },
      escalations: 0,
    },
    // handling: 3 messages, 2 at or below 1 ms, 3 at or below 5 ms; waiting: none
    timings: [
      {
        actor: 'context',
        handling: { cumulative: [0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3], count: 3, sumNanos: 4_500_000 },
        waiting: { cumulative: Array.from({ length: 11 }, () => 0), count: 0, sumNanos: 0 },
      },
    ],
    fsmState: 'OPERATION',
    masterIdentifier: 'node2',
    degradedMode: false,
    instances: ['node1', 'node2', 'node3'],
    instanceStates: new Map([
      ['node1', 'RUNNING'],
      ['node2', 'RUNNING'],
      ['node3', 'FAILED'],
    ]),
    heartbeatAges: new Map([['node2', 0.4]]),
    model,
    applications: [
      { name: 'web', state: 'RUNNING', majorFailure: false, minorFailure: true },
      { name: 'batch', state: 'STOPPED', majorFailure: true, minorFailure: false },
    ],
    peers: [
      {
        identifier: 'node2',
        address: '127.0.0.1:2',
        mirror: 'peer:node2',
        dials: true,
        state: 'up',
        incarnation: 1,
        since: 0,
        reconnects: 2,
        failedAttempts: 0,
        lastDownReason: '',
        lastDownDetail: '',
        link: {
          role: 'dial',
          state: 'up',
          rttMs: 1.5,
          rttAvgMs: 2,
          framesIn: 0,
          framesOut: 0,
          messagesIn: 0,
          messagesOut: 0,
          bytesIn: 0,
          bytesOut: 0,
          lastHeardAgeMs: 250,
          queuedFrames: 0,
          queuedBytes: 0,
          bufferedBytes: 0,
          pendingAsks: 0,
          rejected: 0,
          lateTicks: 0,
          maxLagMs: 0,
        },
      },
      { identifier: 'node3', address: '127.0.0.1:3', mirror: 'peer:node3', dials: true, state: 'down', incarnation: 0, since: 0, reconnects: 0, failedAttempts: 4, lastDownReason: '', lastDownDetail: '' },
    ],
    events: {
      published: 100,
      dropped: 5,
      refused: 0,
      unauthorized: 1,
      clients: [{ via: 'main-port' }],
    },
    eventLoop: { p50Ms: 1, p99Ms: 20, maxMs: 50, meanMs: 2, windowS: 10, endedAt: 0 },
    memory: { rssMiB: 80, heapTotalMiB: 40, heapUsedMiB: 30, externalMiB: 2, arrayBuffersMiB: 1, spaces: {} },
    processUsage: [{ namespec: 'web:server', cpuPercent: 12.5, memoryPercent: 0.75 }],
    ...overrides,
  };
}

describe('metrics: values from snapshots', () => {
  it("a mailbox's histogram counts cumulatively at the bounds asked, never above the true count", () => {
    const durations = new DurationHistogram();
    for (const nanos of [500, 900_000, 1_000_000, 1_200_000, 4_000_000, 2e9]) durations.record(nanos);
    const bounds = [1e3, 1e6, 5e6, 1e9, 5e9];
    const counts = durations.cumulativeCounts(bounds);
    const exact = bounds.map((bound) => [500, 900_000, 1_000_000, 1_200_000, 4_000_000, 2e9].filter((nanos) => nanos <= bound).length);
    counts.forEach((count, index) => assert.ok(count <= (exact[index] ?? 0) && count >= (exact[index] ?? 0) - 1, `at ${bounds[index]}: ${count} vs ${exact[index]}`));
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
    assert.equal(counts[4], 6);
    assert.equal(durations.sumNanos(), 500 + 900_000 + 1_000_000 + 1_200_000 + 4_000_000 + 2e9);
  });

  it('names follow Prometheus: supvisors_ prefix, counters in _total, no duplicates', () => {
    const names = METRICS.map((metric) => metric.name);
    assert.equal(new Set(names).size, names.length);
    for (const metric of METRICS) {
      assert.match(metric.name, /^supvisors_[a-z0-9_]+$/);
      assert.equal(metric.name.endsWith('_total'), metric.type === 'counter', metric.name);
    }
  });

  it('every sample carries exactly the labels of its metric', () => {
    const samples = metricSamples(snapshot());
    for (const metric of METRICS) {
      for (const sample of samples.get(metric.name) ?? []) {
        const expected = sample.suffix === '_bucket' ? [...metric.labelNames, 'le'] : [...metric.labelNames];
        assert.deepEqual(Object.keys(sample.labels).sort(), expected.sort(), metric.name);
      }
    }
  });

  it('processes per instance: state codes, failures (FATAL or unexpected exit), start times, counts by state', async () => {
    const text = await new MetricsRegistry().render(snapshot());
    const families = parseExposition(text);
    assert.equal(sampleValue(families, 'supvisors_process_state_code', { identifier: 'node1', namespec: 'web:server', application: 'web' }), 20);
    assert.equal(sampleValue(families, 'supvisors_process_state_code', { identifier: 'node2', namespec: 'web:server' }), 100);
    assert.equal(sampleValue(families, 'supvisors_process_state_code', { identifier: 'node2', namespec: 'batch:job' }), 200);
    assert.equal(sampleValue(families, 'supvisors_process_failed', { identifier: 'node1', namespec: 'web:server' }), 0);
    assert.equal(sampleValue(families, 'supvisors_process_failed', { identifier: 'node2', namespec: 'web:server' }), 1);
    assert.equal(sampleValue(families, 'supvisors_process_failed', { identifier: 'node2', namespec: 'batch:job' }), 1);
    assert.equal(sampleValue(families, 'supvisors_process_start_time_seconds', { identifier: 'node1', namespec: 'web:server' }), 1_700_000_000);
    assert.equal(sampleValue(families, 'supvisors_processes', { identifier: 'node2', state: 'FATAL' }), 1);
    assert.equal(sampleValue(families, 'supvisors_processes', { identifier: 'node2', state: 'EXITED' }), 1);
    assert.equal(sampleValue(families, 'supvisors_processes', { identifier: 'node3', state: 'RUNNING' }), 0);
    assert.equal(families.get('supvisors_processes')?.samples.length, 3 * 8);
  });

  it('cluster: FSM state, Master, instance states one-hot; applications; heartbeats', async () => {
    const families = parseExposition(await new MetricsRegistry().render(snapshot()));
    assert.equal(sampleValue(families, 'supvisors_fsm_state', { state: 'OPERATION' }), 1);
    assert.equal(families.get('supvisors_fsm_state')?.samples.filter((sample) => sample.value === 1).length, 1);
    assert.equal(sampleValue(families, 'supvisors_master', { identifier: 'node2' }), 1);
    assert.equal(sampleValue(families, 'supvisors_master', { identifier: 'node1' }), 0);
    assert.equal(sampleValue(families, 'supvisors_instance_state', { identifier: 'node3', state: 'FAILED' }), 1);
    assert.equal(sampleValue(families, 'supvisors_instance_state', { identifier: 'node3', state: 'RUNNING' }), 0);
    assert.equal(sampleValue(families, 'supvisors_instance_heartbeat_age_seconds', { identifier: 'node2' }), 0.4);
    assert.equal(sampleValue(families, 'supvisors_application_state_code', { application: 'web' }), 2);
    assert.equal(sampleValue(families, 'supvisors_application_minor_failure', { application: 'web' }), 1);
    assert.equal(sampleValue(families, 'supvisors_application_major_failure', { application: 'batch' }), 1);
    assert.equal(sampleValue(families, 'supvisors_node_info', { identifier: 'node1', version: '1.2.3' }), 1);
  });

  it('peers, actors, dead letters, events, event loop, memory, process statistics', async () => {
    const families = parseExposition(await new MetricsRegistry().render(snapshot()));
    assert.equal(sampleValue(families, 'supvisors_peer_up', { identifier: 'node2' }), 1);
    assert.equal(sampleValue(families, 'supvisors_peer_up', { identifier: 'node3' }), 0);
    assert.equal(sampleValue(families, 'supvisors_peer_round_trip_seconds', { identifier: 'node2' }), 0.0015);
    assert.equal(sampleValue(families, 'supvisors_peer_round_trip_seconds', { identifier: 'node3' }), undefined, 'no link, no round trip');
    assert.equal(sampleValue(families, 'supvisors_peer_last_heard_age_seconds', { identifier: 'node2' }), 0.25);
    assert.equal(sampleValue(families, 'supvisors_peer_reconnects_total', { identifier: 'node2' }), 2);
    assert.equal(sampleValue(families, 'supvisors_actor_mailbox_depth', { actor: 'context' }), 3);
    assert.equal(sampleValue(families, 'supvisors_actor_mailbox_high_water', { actor: 'context' }), 7);
    assert.equal(sampleValue(families, 'supvisors_actor_oldest_message_age_seconds', { actor: 'context' }), 0.015);
    assert.equal(sampleValue(families, 'supvisors_actor_messages_processed_total', { actor: 'context' }), 42);
    assert.equal(sampleValue(families, 'supvisors_actor_messages_dropped_total', { actor: 'context' }), 5);
    assert.equal(sampleValue(families, 'supvisors_actor_restarts_total', { actor: 'context' }), 1);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_bucket', { actor: 'context', le: '0.001' }), 2);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_bucket', { actor: 'context', le: '0.005' }), 3);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_bucket', { actor: 'context', le: '+Inf' }), 3);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_sum', { actor: 'context' }), 0.0045);
    assert.equal(sampleValue(families, 'supvisors_actor_handling_duration_seconds_count', { actor: 'context' }), 3);
    assert.equal(sampleValue(families, 'supvisors_actor_waiting_duration_seconds_count', { actor: 'context' }), 0);
    assert.equal(families.get('supvisors_actor_waiting_duration_seconds_bucket')?.samples.length, 12);
    assert.equal(sampleValue(families, 'supvisors_dead_letters_total', { reason: 'no-such-actor' }), 3);
    assert.equal(sampleValue(families, 'supvisors_event_subscribers', { via: 'main-port' }), 1);
    assert.equal(sampleValue(families, 'supvisors_event_subscribers', { via: 'event-port' }), 0);
    assert.equal(sampleValue(families, 'supvisors_events_dropped_total'), 5);
    assert.equal(sampleValue(families, 'supvisors_event_loop_delay_seconds', { quantile: '0.99' }), 0.02);
    assert.equal(sampleValue(families, 'supvisors_runtime_resident_memory_bytes'), 80 * 1024 * 1024);
    assert.equal(sampleValue(families, 'supvisors_process_cpu_percent', { namespec: 'web:server' }), 12.5);
    assert.equal(sampleValue(families, 'supvisors_process_memory_percent', { namespec: 'web:server' }), 0.75);
  });

  it('renders HELP and TYPE of every metric; what is not known is left out, not zero', async () => {
    const registry = new MetricsRegistry();
    const families = parseExposition(await registry.render(snapshot({ events: undefined, timings: [] })));
    for (const metric of METRICS) {
      const family = families.get(metric.name);
      assert.ok(family !== undefined, metric.name);
      assert.equal(family.type, metric.type, metric.name);
      assert.equal(family.help, metric.help, metric.name);
    }
    assert.equal(families.get('supvisors_events_published_total')?.samples.length, 0);
    assert.equal(families.get('supvisors_actor_handling_duration_seconds_bucket'), undefined);
    assert.match(registry.contentType, /^text\/plain; version=0\.0\.4/);
  });

  it('a scrape shows the values of its own snapshot only (nothing left from the previous one)', async () => {
    const registry = new MetricsRegistry();
    await registry.render(snapshot());
    const families = parseExposition(await registry.render(snapshot({ model: emptyModel, fsmState: 'ELECTION' })));
    assert.equal(families.get('supvisors_process_state_code')?.samples.length, 0);
    assert.equal(sampleValue(families, 'supvisors_fsm_state', { state: 'ELECTION' }), 1);
    assert.equal(sampleValue(families, 'supvisors_fsm_state', { state: 'OPERATION' }), 0);
  });
});
