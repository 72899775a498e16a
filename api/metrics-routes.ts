import type { ActorRef, ActorSystem } from '../actors/core/index.js';
import type { EventLoopDelay } from '../actors/diagnostics/event-loop.js';
import type { MemoryFigures } from '../actors/diagnostics/memory.js';
import type { EventPublisherStatus } from '../actors/event-publisher/messages.js';
import type { StatsMessage } from '../actors/stats/messages.js';
import type { ClusterSnapshot } from '../actors/state-machine/view.js';
import { monotonicMs } from '../clock/clock.js';
import { localRecord } from '../cluster/state-records.js';
import { sendText, type Route } from '../http/http-server.js';
import type { ApplicationView } from '../model/applications.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { CompiledIndex, ProcessStatsView } from '../stats-compiler/compiler.js';
import type { PeerLinkDiagnostics } from '../transport/transport.js';
import { DURATION_BUCKETS_S, type MetricsSnapshot, type ProcessUsage } from './metrics/metric-values.js';
import { MetricsRegistry } from './metrics/registry.js';

/** Where a scrape reads the node's figures (bin/supvisorsd.ts wires them). */
export interface MetricsSources {
  readonly version: string;
  readonly system: ActorSystem;
  readonly view: ClusterSnapshot;
  readonly clusterModel: () => Promise<ClusterModel>;
  /** The applications of a model, evaluated with the node's rules. */
  readonly applications: (model: ClusterModel) => readonly ApplicationView[];
  readonly peers: () => readonly PeerLinkDiagnostics[];
  readonly events: () => Promise<EventPublisherStatus>;
  readonly eventLoop: () => EventLoopDelay;
  readonly memory: () => MemoryFigures;
  readonly stats: ActorRef<StatsMessage>;
  /** The period whose compiled statistics are shown (the first of `stats_periods`). */
  readonly statsPeriod: number;
}

const DURATION_BUCKETS_NS = DURATION_BUCKETS_S.map((bound) => bound * 1e9);

/** How long a scrape waits for an actor's answer. */
const ASK_MS = 2000;

async function localProcessUsage(sources: MetricsSources): Promise<ProcessUsage[]> {
  const { stats, statsPeriod, view } = sources;
  const index = await stats.ask<CompiledIndex>((replyTo) => ({ type: 'stats-index', replyTo }), ASK_MS);
  const local = index.processes.filter((process) => process.identifier === view.localIdentifier);
  const views = await Promise.all(
    local.map(({ namespec, identifier }) => stats.ask<ProcessStatsView | undefined>((replyTo) => ({ type: 'process-stats', namespec, identifier, period: statsPeriod, replyTo }), ASK_MS)),
  );
  return views.flatMap((found) => (found === undefined ? [] : [{ namespec: found.namespec, cpuPercent: found.cpu.summary.latest, memoryPercent: found.mem.summary.latest }]));
}

async function takeSnapshot(sources: MetricsSources): Promise<MetricsSnapshot> {
  const { view } = sources;
  // an actor that does not answer in time leaves its metrics out of this scrape, not the others
  const [model, events, processUsage] = await Promise.all([sources.clusterModel(), sources.events().catch(() => undefined), localProcessUsage(sources).catch(() => [])]);
  const record = localRecord(view.records, view.localIdentifier);
  const now = monotonicMs();
  const heartbeatAges = new Map(
    [...view.heartbeats].filter(([identifier]) => identifier !== view.localIdentifier).map(([identifier, heartbeat]) => [identifier, Math.max(0, now - heartbeat.local.monotonicMs) / 1000]),
  );
  return {
    identifier: view.localIdentifier,
    version: sources.version,
    diagnostics: sources.system.diagnostics({ peek: 0 }),
    timings: sources.system.timingHistograms(DURATION_BUCKETS_NS),
    fsmState: record.state,
    masterIdentifier: record.masterIdentifier,
    degradedMode: record.degradedMode,
    instances: view.list.instances.map((instance) => instance.identifier),
    instanceStates: record.instanceStates,
    heartbeatAges,
    model,
    applications: sources.applications(model).map(({ name, evaluation }) => ({ name, ...evaluation })),
    peers: sources.peers(),
    events,
    eventLoop: sources.eventLoop(),
    memory: sources.memory(),
    processUsage,
  };
}

/**
 * `GET /metrics`: the node's figures in the Prometheus text format (docs/metrics.md), behind
 * the port's one authentication like every route.
 */
export function metricsRoutes(sources: MetricsSources): Route[] {
  const registry = new MetricsRegistry();
  return [
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_request, response) => sendText(response, 200, await registry.render(await takeSnapshot(sources)), registry.contentType),
    },
  ];
}
