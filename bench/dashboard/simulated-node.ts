/**
 * A node for bench:dashboard, in the bench's process, on loopback: the real HTTP server
 * (http/http-server.ts) with the real dashboard routes (the page, its assets and CSP), the REST
 * routes of the snapshot methods the page calls at load (api/rest/rest-routes.ts over a
 * MethodTable whose implementations answer from a SimulatedCluster), and the real event
 * publisher on the main port's `/events` (the page's live feed). No credentials: the port is
 * open, as a supervisord without them.
 */
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import { eventPublisherActor } from '../../actors/event-publisher/event-publisher.js';
import { EVENT_PUBLISHER, type EventPublisherMessage, type EventPublisherStatus } from '../../actors/event-publisher/messages.js';
import { MAIN_PORT_EVENTS_PATH } from '../../actors/event-publisher/ws-link.js';
import { dashboardRoutes } from '../../api/dashboard-routes.js';
import { restRoutes } from '../../api/rest/rest-routes.js';
import { implement } from '../../api/xmlrpc/method.js';
import { MethodTable } from '../../api/xmlrpc/method-table.js';
import { rpcFault } from '../../errors/errors.js';
import type { PublishedEvent } from '../../events/payloads.js';
import { HttpServer } from '../../http/http-server.js';
import { Logger } from '../../log/logger.js';
import { instanceInfoDoubles } from '../../payloads/instance-info.js';
import { stateModesDoubles } from '../../payloads/state-modes-payloads.js';
import { doublesStruct } from '../../xmlrpc/plain-data.js';
import type { SimulatedCluster } from './simulated-cluster.js';

export interface SimulatedNode {
  readonly port: number;
  /** Hands the messages to the event publisher, in order. */
  publish(events: readonly PublishedEvent[]): void;
  publisherStatus(): Promise<EventPublisherStatus>;
  close(): Promise<void>;
}

/** The snapshot methods of dashboard/data/store.ts, answered from the simulated cluster. */
function snapshotMethods(cluster: SimulatedCluster): MethodTable {
  const innerDoubles = ['start_monotonic', 'stop_monotonic', 'now_monotonic', 'local_mtime', 'event_time'];
  return new MethodTable({
    implementations: [
      implement('supvisors.get_supvisors_state', () => doublesStruct(cluster.supvisorsState(), stateModesDoubles)),
      implement('supvisors.get_all_instances_info', () => cluster.instancesInfo().map((info) => doublesStruct(info, instanceInfoDoubles))),
      implement('supvisors.get_all_applications_info', () => cluster.applicationsInfo().map((info) => doublesStruct(info, ['now_monotonic']))),
      implement('supvisors.get_all_process_info', () => cluster.processesInfo().map((info) => doublesStruct(info, ['now_monotonic', 'last_event_mtime']))),
      implement('supvisors.get_all_inner_process_info', ([identifier]) => {
        if (!cluster.identifiers.includes(identifier)) throw rpcFault('BAD_NAME', identifier);
        return cluster.innerProcessesInfo(identifier).map((info) => doublesStruct(info, [...innerDoubles, ...(info.statename === 'RUNNING' ? ['uptime'] : [])]));
      }),
    ],
    log: Logger.create({ level: 'critical' }),
  });
}

export async function startSimulatedNode(cluster: SimulatedCluster): Promise<SimulatedNode> {
  const log = Logger.create({ level: 'critical' });
  const [localIdentifier = ''] = cluster.identifiers;
  const server = new HttpServer([...restRoutes(snapshotMethods(cluster), log), ...dashboardRoutes({ localIdentifier, cssFiles: [], log })], log);
  const system = new ActorSystem({ node: 'bench', logger: log, timing: false });
  const publisher: ActorRef<EventPublisherMessage> = system.spawn<EventPublisherMessage>(
    EVENT_PUBLISHER,
    eventPublisherActor({
      link: 'NONE',
      port: 0,
      pingIntervalMs: 0,
      mount: (handler) => {
        const removers = [server.onUpgrade(MAIN_PORT_EVENTS_PATH, handler), server.onUpgrade(`${MAIN_PORT_EVENTS_PATH}/*`, handler)];
        return () => removers.forEach((remove) => remove());
      },
    }),
  );
  const port = await server.listen(0, '127.0.0.1');
  return {
    port,
    publish: (events) => {
      for (const event of events) publisher.tell({ type: 'publish', header: event.header, body: event.body });
    },
    publisherStatus: () => publisher.ask<EventPublisherStatus>((replyTo) => ({ type: 'clients', replyTo })),
    close: async () => {
      await system.shutdown();
      await server.close();
    },
  };
}
