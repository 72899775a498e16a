/**
 * The fixture of the event-stream cluster tests: three real nodes publishing on WebSockets
 * (`event_link = WS`, an `event_port` each) under a rules file, the subscribers a test opens,
 * the nodes' logs after a failed test, and all of it closed after the block.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventClient } from '../../client/events.js';
import { clusterLogsOnFailure, startCluster, type Cluster } from '../helpers/cluster.js';
import { freePort } from '../helpers/supervisord.js';

export interface EventCluster {
  readonly cluster: Cluster;
  /** The `event_port` of each node, in node order. */
  readonly eventPorts: readonly number[];
}

export interface EventClusterSuite {
  /** Starts the three nodes and waits for OPERATION; `supvisors` adds options to `[supvisors]`. */
  start(options: { programs: string; rules: string; supvisors?: string }): Promise<EventCluster>;
  /** A subscriber to close after the block. */
  track(client: EventClient): EventClient;
}

export function eventClusterSuite(): EventClusterSuite {
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  const clients: EventClient[] = [];
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async start({ programs, rules, supvisors }) {
      dir = mkdtempSync(join(tmpdir(), 'supvisors-event-cluster-'));
      writeFileSync(join(dir, 'rules.xml'), rules);
      const eventPorts = [await freePort(), await freePort(), await freePort()];
      cluster = await startCluster(3, {
        programs: () => programs,
        supvisors: [`rules_files = ${join(dir, 'rules.xml')}`, 'event_link = WS', ...(supvisors === undefined ? [] : [supvisors])].join('\n'),
        perNode: (index) => `event_port = ${eventPorts[index] ?? 0}`,
      });
      await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
      return { cluster, eventPorts };
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
}
