/**
 * What `/metrics` shows of a node (docs/metrics.md), as plain data: the metric definitions
 * (stable names, types, labels) and the pure mapping from the node's snapshots, read at scrape
 * time, to their samples. The registry (registry.ts) only renders them in the Prometheus format.
 *
 * Cardinality: labels name actors, instances, processes, applications, states and reasons, all
 * bounded by the configuration; never a message, a client or a request.
 */
import type { ActorTimingHistograms, SystemDiagnostics, TimingHistogram } from '../../actors/core/index.js';
import type { EventLoopDelay } from '../../actors/diagnostics/event-loop.js';
import type { MemoryFigures } from '../../actors/diagnostics/memory.js';
import type { EventClientInfo, EventPublisherStatus } from '../../actors/event-publisher/messages.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import type { PeerLinkDiagnostics } from '../../transport/transport.js';
import { ProcessStates } from '../../vocabulary/supervisor-states.js';
import {
  applicationStates,
  instanceStateNames,
  supvisorsStateNames,
  type ApplicationState,
  type InstanceState,
  type SupvisorsState,
} from '../../vocabulary/supvisors-states.js';

export type MetricType = 'gauge' | 'counter' | 'histogram';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
}

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** A histogram's series: `_bucket` (with an `le` label), `_sum` or `_count`. */
  readonly suffix?: '_bucket' | '_sum' | '_count';
}

/** The `le` bounds of the actors' time histograms, s (+Inf added). */
export const DURATION_BUCKETS_S = [0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] as const;

const gauge = (name: string, help: string, labelNames: readonly string[] = []): MetricDefinition => ({ name, type: 'gauge', help, labelNames });
const counter = (name: string, help: string, labelNames: readonly string[] = []): MetricDefinition => ({ name, type: 'counter', help, labelNames });
const histogram = (name: string, help: string, labelNames: readonly string[] = []): MetricDefinition => ({ name, type: 'histogram', help, labelNames });

/** Every metric of `/metrics`, in the order rendered. Names are stable: docs/metrics.md lists them. */
export const METRICS = [
  gauge('supvisors_node_info', 'This node: its identifier and version (always 1).', ['identifier', 'version']),
  gauge('supvisors_runtime_uptime_seconds', 'Time since the actor system of this runtime started.'),
  gauge('supvisors_fsm_state', 'The Supvisors state of this node (1 for the current state, 0 for the others).', ['state']),
  gauge('supvisors_master', 'The Master as this node sees it: 1 for the Master, 0 for the other known instances.', ['identifier']),
  gauge('supvisors_degraded_mode', 'Whether this node runs in degraded mode (1) or not (0).'),
  gauge('supvisors_instance_state', 'How this node sees each instance (1 for its current state, 0 for the others).', ['identifier', 'state']),
  gauge('supvisors_instance_heartbeat_age_seconds', 'Time since this node accepted the last heartbeat of the instance (remote instances heard at least once).', ['identifier']),
  gauge('supvisors_process_state_code', "Supervisor's state code of the process on the instance, as last reported (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN).", [
    'identifier',
    'namespec',
    'application',
  ]),
  gauge('supvisors_processes', 'Processes in each Supervisor state on each instance.', ['identifier', 'state']),
  gauge('supvisors_process_failed', 'Whether the process is FATAL or its last exit was unexpected on the instance (1) or not (0).', ['identifier', 'namespec', 'application']),
  gauge('supvisors_process_start_time_seconds', 'When the process last started on the instance (epoch seconds, 0 if never): restarts are its changes.', [
    'identifier',
    'namespec',
    'application',
  ]),
  gauge('supvisors_application_state_code', 'The state code of the application (0 STOPPED, 1 STARTING, 2 RUNNING, 3 STOPPING).', ['application']),
  gauge('supvisors_application_major_failure', 'Whether a required process of the application failed (1) or not (0).', ['application']),
  gauge('supvisors_application_minor_failure', 'Whether an optional process of the application failed (1) or not (0).', ['application']),
  gauge('supvisors_peer_up', 'Whether the link to the peer is up (1) or not (0).', ['identifier']),
  gauge('supvisors_peer_round_trip_seconds', 'The last round trip of a heartbeat on the link to the peer (0 before the first).', ['identifier']),
  gauge('supvisors_peer_round_trip_smoothed_seconds', 'The smoothed round trip of heartbeats on the link to the peer (0 before the first).', ['identifier']),
  gauge('supvisors_peer_last_heard_age_seconds', 'Time since anything was heard on the link to the peer (links up or connecting).', ['identifier']),
  counter('supvisors_peer_reconnects_total', 'Times the link to the peer came up again after the first.', ['identifier']),
  gauge('supvisors_actor_mailbox_depth', 'Messages queued in the mailbox of the actor.', ['actor']),
  gauge('supvisors_actor_mailbox_high_water', 'The largest depth the mailbox of the actor reached.', ['actor']),
  gauge('supvisors_actor_oldest_message_age_seconds', 'Age of the oldest queued message of the actor (0 when empty).', ['actor']),
  counter('supvisors_actor_messages_processed_total', 'Messages handled by the actor.', ['actor']),
  counter('supvisors_actor_failures_total', 'Messages whose handling failed (threw) in the actor.', ['actor']),
  counter('supvisors_actor_restarts_total', 'Restarts of the actor by its supervision.', ['actor']),
  counter('supvisors_actor_messages_dropped_total', 'Messages the mailbox of the actor dropped or rejected on overflow.', ['actor']),
  histogram('supvisors_actor_handling_duration_seconds', 'Time the actor took to handle each message, since it was spawned.', ['actor']),
  histogram('supvisors_actor_waiting_duration_seconds', 'Time each message waited in the mailbox of the actor before its handling, since the actor was spawned.', ['actor']),
  counter('supvisors_dead_letters_total', 'Messages that could not be delivered or handled, by reason.', ['reason']),
  counter('supvisors_actor_escalations_total', 'Failures escalated to the actor system (no parent left to handle them).'),
  gauge('supvisors_event_subscribers', 'WebSocket subscribers of the event stream connected now, by where they came in.', ['via']),
  counter('supvisors_events_published_total', 'Messages handed to the event publisher.'),
  counter('supvisors_events_dropped_total', 'Event deliveries skipped (a subscriber buffer full, or a ZeroMQ send refused).'),
  counter('supvisors_event_connections_refused_total', 'Event stream connections refused (no slot, publisher closing).'),
  counter('supvisors_event_connections_unauthorized_total', 'Event port connections refused for missing or wrong credentials.'),
  gauge('supvisors_event_loop_delay_seconds', 'Delay of the event loop over the last 10 s window, by quantile (0.5, 0.99, 1 for the max).', ['quantile']),
  gauge('supvisors_event_loop_delay_mean_seconds', 'Mean delay of the event loop over the last 10 s window.'),
  gauge('supvisors_runtime_resident_memory_bytes', 'Resident memory of this runtime.'),
  gauge('supvisors_runtime_heap_used_bytes', 'V8 heap in use by this runtime.'),
  gauge('supvisors_runtime_heap_total_bytes', 'V8 heap committed by this runtime.'),
  gauge('supvisors_runtime_external_memory_bytes', 'Memory outside the V8 heap held by JavaScript objects of this runtime.'),
  gauge('supvisors_process_cpu_percent', 'CPU of the process on this node, latest compiled statistic (percent: of one core with stats_irix_mode = true, of all the cores otherwise).', ['namespec']),
  gauge('supvisors_process_memory_percent', 'Resident memory of the process and its descendants on this node, latest compiled statistic (percent of the host memory).', ['namespec']),
] as const satisfies readonly MetricDefinition[];

export type MetricName = (typeof METRICS)[number]['name'];

/** The latest compiled statistics of one local process. */
export interface ProcessUsage {
  readonly namespec: string;
  readonly cpuPercent: number | undefined;
  readonly memoryPercent: number | undefined;
}

/** An application's evaluation, as the model's rules give it. */
export interface ApplicationFigures {
  readonly name: string;
  readonly state: ApplicationState;
  readonly majorFailure: boolean;
  readonly minorFailure: boolean;
}

/** What the metrics read of the event publisher's status. */
export type EventFigures = Pick<EventPublisherStatus, 'published' | 'dropped' | 'refused' | 'unauthorized'> & { readonly clients: readonly Pick<EventClientInfo, 'via'>[] };

/** Everything a scrape reads, taken at once. */
export interface MetricsSnapshot {
  readonly identifier: string;
  readonly version: string;
  readonly diagnostics: SystemDiagnostics;
  /** Counted at `DURATION_BUCKETS_S` (ActorSystem.timingHistograms); empty without timing. */
  readonly timings: readonly ActorTimingHistograms[];
  readonly fsmState: SupvisorsState;
  readonly masterIdentifier: string;
  readonly degradedMode: boolean;
  /** Every known instance, in order. */
  readonly instances: readonly string[];
  readonly instanceStates: ReadonlyMap<string, InstanceState>;
  /** Age of the last accepted heartbeat of each remote instance heard, s. */
  readonly heartbeatAges: ReadonlyMap<string, number>;
  readonly model: ClusterModel;
  readonly applications: readonly ApplicationFigures[];
  readonly peers: readonly PeerLinkDiagnostics[];
  /** Undefined when the publisher did not answer in time. */
  readonly events: EventFigures | undefined;
  readonly eventLoop: EventLoopDelay;
  readonly memory: MemoryFigures;
  readonly processUsage: readonly ProcessUsage[];
}

const MIB = 1024 * 1024;
const bit = (value: boolean): number => (value ? 1 : 0);

/** The samples of every metric of `METRICS` for one snapshot. */
export function metricSamples(snapshot: MetricsSnapshot): ReadonlyMap<MetricName, readonly MetricSample[]> {
  const samples = new Map<MetricName, MetricSample[]>(METRICS.map((metric) => [metric.name, []]));
  const add = (name: MetricName, value: number, labels: Readonly<Record<string, string>> = {}): void => {
    samples.get(name)?.push({ labels, value });
  };
  const { diagnostics } = snapshot;
  add('supvisors_node_info', 1, { identifier: snapshot.identifier, version: snapshot.version });
  add('supvisors_runtime_uptime_seconds', diagnostics.uptimeS);
  for (const state of supvisorsStateNames) add('supvisors_fsm_state', bit(state === snapshot.fsmState), { state });
  for (const identifier of snapshot.instances) add('supvisors_master', bit(identifier === snapshot.masterIdentifier), { identifier });
  add('supvisors_degraded_mode', bit(snapshot.degradedMode));
  for (const identifier of snapshot.instances) {
    const current = snapshot.instanceStates.get(identifier) ?? 'STOPPED';
    for (const state of instanceStateNames) add('supvisors_instance_state', bit(state === current), { identifier, state });
  }
  for (const [identifier, age] of snapshot.heartbeatAges) add('supvisors_instance_heartbeat_age_seconds', age, { identifier });

  const counts = new Map<string, Map<string, number>>();
  for (const record of snapshot.model.processes.values()) {
    for (const [identifier, info] of record.infos) {
      const labels = { identifier, namespec: record.namespec, application: record.application };
      add('supvisors_process_state_code', ProcessStates[info.state], labels);
      add('supvisors_process_failed', bit(info.state === 'FATAL' || (info.state === 'EXITED' && !info.expected)), labels);
      add('supvisors_process_start_time_seconds', info.start, labels);
      const byState = counts.get(identifier) ?? new Map<string, number>();
      byState.set(info.state, (byState.get(info.state) ?? 0) + 1);
      counts.set(identifier, byState);
    }
  }
  for (const identifier of snapshot.instances) {
    const byState = counts.get(identifier);
    for (const state of Object.keys(ProcessStates)) add('supvisors_processes', byState?.get(state) ?? 0, { identifier, state });
  }
  for (const application of snapshot.applications) {
    const labels = { application: application.name };
    add('supvisors_application_state_code', applicationStates.indexOf(application.state), labels);
    add('supvisors_application_major_failure', bit(application.majorFailure), labels);
    add('supvisors_application_minor_failure', bit(application.minorFailure), labels);
  }

  for (const peer of snapshot.peers) {
    const labels = { identifier: peer.identifier };
    add('supvisors_peer_up', bit(peer.state === 'up'), labels);
    add('supvisors_peer_reconnects_total', peer.reconnects, labels);
    if (peer.link === undefined) continue;
    add('supvisors_peer_round_trip_seconds', peer.link.rttMs / 1000, labels);
    add('supvisors_peer_round_trip_smoothed_seconds', peer.link.rttAvgMs / 1000, labels);
    add('supvisors_peer_last_heard_age_seconds', peer.link.lastHeardAgeMs / 1000, labels);
  }

  for (const actor of diagnostics.actors) {
    const labels = { actor: actor.name };
    const { mailbox } = actor;
    add('supvisors_actor_mailbox_depth', mailbox.depth, labels);
    add('supvisors_actor_mailbox_high_water', mailbox.highWater, labels);
    add('supvisors_actor_oldest_message_age_seconds', mailbox.oldestAgeMs / 1000, labels);
    add('supvisors_actor_messages_processed_total', mailbox.processed, labels);
    add('supvisors_actor_failures_total', mailbox.failed, labels);
    add('supvisors_actor_restarts_total', actor.restarts, labels);
    add('supvisors_actor_messages_dropped_total', mailbox.dropped + mailbox.rejected, labels);
  }
  const addHistogram = (name: MetricName, actor: string, durations: TimingHistogram): void => {
    DURATION_BUCKETS_S.forEach((bound, index) => samples.get(name)?.push({ labels: { actor, le: String(bound) }, value: durations.cumulative[index] ?? 0, suffix: '_bucket' }));
    samples.get(name)?.push({ labels: { actor, le: '+Inf' }, value: durations.count, suffix: '_bucket' }, { labels: { actor }, value: durations.sumNanos / 1e9, suffix: '_sum' }, { labels: { actor }, value: durations.count, suffix: '_count' });
  };
  for (const { actor, handling, waiting } of snapshot.timings) {
    addHistogram('supvisors_actor_handling_duration_seconds', actor, handling);
    addHistogram('supvisors_actor_waiting_duration_seconds', actor, waiting);
  }
  for (const [reason, count] of Object.entries(diagnostics.deadLetters.byReason)) add('supvisors_dead_letters_total', count, { reason });
  add('supvisors_actor_escalations_total', diagnostics.escalations);

  const { events } = snapshot;
  if (events !== undefined) {
    const via = new Map<string, number>([
      ['main-port', 0],
      ['event-port', 0],
    ]);
    for (const client of events.clients) via.set(client.via, (via.get(client.via) ?? 0) + 1);
    for (const [where, count] of via) add('supvisors_event_subscribers', count, { via: where });
    add('supvisors_events_published_total', events.published);
    add('supvisors_events_dropped_total', events.dropped);
    add('supvisors_event_connections_refused_total', events.refused);
    add('supvisors_event_connections_unauthorized_total', events.unauthorized);
  }

  const loop = snapshot.eventLoop;
  add('supvisors_event_loop_delay_seconds', loop.p50Ms / 1000, { quantile: '0.5' });
  add('supvisors_event_loop_delay_seconds', loop.p99Ms / 1000, { quantile: '0.99' });
  add('supvisors_event_loop_delay_seconds', loop.maxMs / 1000, { quantile: '1' });
  add('supvisors_event_loop_delay_mean_seconds', loop.meanMs / 1000);
  const { memory } = snapshot;
  add('supvisors_runtime_resident_memory_bytes', Math.round(memory.rssMiB * MIB));
  add('supvisors_runtime_heap_used_bytes', Math.round(memory.heapUsedMiB * MIB));
  add('supvisors_runtime_heap_total_bytes', Math.round(memory.heapTotalMiB * MIB));
  add('supvisors_runtime_external_memory_bytes', Math.round(memory.externalMiB * MIB));
  for (const usage of snapshot.processUsage) {
    if (usage.cpuPercent !== undefined) add('supvisors_process_cpu_percent', usage.cpuPercent, { namespec: usage.namespec });
    if (usage.memoryPercent !== undefined) add('supvisors_process_memory_percent', usage.memoryPercent, { namespec: usage.namespec });
  }
  return samples;
}
