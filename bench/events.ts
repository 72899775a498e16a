/**
 * npm run bench:events — the WebSocket event interface on loopback.
 *
 * - event_latency_p50 / p99: across real nodes (2 supervisords + runtimes, event_link = WS): from
 *   asking node1's supervisord to start or stop a program (supervisor.startProcess /
 *   stopProcess, no wait) to the subscriber of node2's event port receiving the `event` message
 *   of that change from node1 (STARTING, then STOPPING), 40 changes.
 * The publisher alone, publisher and subscribers in this one process (they share its event loop:
 * the figures are a floor, not a ceiling):
 * - publish_latency_p50 / p99: `tell({type: 'publish'})` to the subscriber's `message` callback,
 *   one event at a time (a `process` status body, ~250 bytes), 1 subscriber on `/all`.
 * - events_per_s_10_subscribers: events published per second while 10 subscribers on `/all`
 *   each receive all of them (the publisher kept at most 2000 events ahead of the slowest
 *   subscriber, so nothing is dropped; a drop fails the bench).
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { ActorSystem, type ActorRef } from '../actors/core/index.js';
import { eventPublisherActor } from '../actors/event-publisher/event-publisher.js';
import { EVENT_PUBLISHER, type EventPublisherMessage, type EventPublisherStatus } from '../actors/event-publisher/messages.js';
import { markFloats, type JsonObject } from '../events/json.js';
import { Logger } from '../log/logger.js';
import { freePort, PASSWORD, sleep, startCluster, USER } from '../local-cluster/index.js';
import { percentile, report } from './report.js';

const LATENCY_WARMUP = 500;
const LATENCY_SAMPLES = 5000;
const THROUGHPUT_EVENTS = 200_000;
const AHEAD = 2000;
const TIMEOUT_MS = 30_000;

function body(index: number): JsonObject {
  return markFloats(
    {
      application_name: 'app1',
      process_name: `p_${index % 100}`,
      now_monotonic: performance.now() / 1000,
      statecode: 20,
      statename: 'RUNNING',
      expected_exit: true,
      last_event_mtime: 393.342421133,
      identifiers: ['svhost:60000'],
      extra_args: '',
    },
    ['now_monotonic', 'last_event_mtime'],
  );
}

interface Counter {
  readonly ws: WebSocket;
  count: number;
  onMessage: (() => void) | undefined;
}

function subscriber(port: number): Promise<Counter> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/all`, { perMessageDeflate: false });
  const counter: Counter = { ws, count: 0, onMessage: undefined };
  ws.on('message', () => {
    counter.count += 1;
    counter.onMessage?.();
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(counter));
    ws.once('error', reject);
  });
}

function closeAll(counters: readonly Counter[]): Promise<void> {
  return Promise.all(
    counters.map(
      (counter) =>
        new Promise<void>((resolve) => {
          if (counter.ws.readyState === WebSocket.CLOSED) return resolve();
          counter.ws.once('close', () => resolve());
          counter.ws.terminate();
        }),
    ),
  ).then(() => undefined);
}

const status = (ref: ActorRef<EventPublisherMessage>): Promise<EventPublisherStatus> => ref.ask<EventPublisherStatus>((replyTo) => ({ type: 'clients', replyTo }));

async function until(what: string, predicate: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function latency(ref: ActorRef<EventPublisherMessage>, port: number): Promise<number[]> {
  const counter = await subscriber(port);
  try {
    await until('the subscriber registered', async () => (await status(ref)).clients.length === 1);
    const samples: number[] = [];
    for (let index = 0; index < LATENCY_WARMUP + LATENCY_SAMPLES; index += 1) {
      const received = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`event ${index} not received within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        counter.onMessage = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const start = performance.now();
      ref.tell({ type: 'publish', header: 'process', body: body(index) });
      await received;
      if (index >= LATENCY_WARMUP) samples.push(performance.now() - start);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    counter.onMessage = undefined;
    await closeAll([counter]);
  }
}

async function throughput(ref: ActorRef<EventPublisherMessage>, port: number): Promise<number> {
  const counters = await Promise.all(Array.from({ length: 10 }, () => subscriber(port)));
  try {
    await until('10 subscribers registered', async () => (await status(ref)).clients.length === 10);
    const before = await status(ref);
    const slowest = (): number => Math.min(...counters.map((counter) => counter.count));
    const bodies = Array.from({ length: 100 }, (_, index) => body(index));
    const start = performance.now();
    let published = 0;
    while (published < THROUGHPUT_EVENTS) {
      const room = Math.min(THROUGHPUT_EVENTS - published, AHEAD - (published - slowest()));
      for (let index = 0; index < room; index += 1) {
        ref.tell({ type: 'publish', header: 'process', body: bodies[published % bodies.length] ?? {} });
        published += 1;
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (performance.now() - start > TIMEOUT_MS) throw new Error('throughput run took too long');
    }
    await until('every subscriber has every event', () => slowest() === THROUGHPUT_EVENTS);
    const elapsed = (performance.now() - start) / 1000;
    const after = await status(ref);
    if (after.dropped !== before.dropped) throw new Error(`${after.dropped - before.dropped} events dropped during the throughput run`);
    return THROUGHPUT_EVENTS / elapsed;
  } finally {
    await closeAll(counters);
  }
}

/** From a supervisord state change on node1 to the `event` of node2's subscriber, in ms, sorted. */
async function acrossNodes(): Promise<number[]> {
  const eventPorts = [await freePort(), await freePort()];
  const cluster = await startCluster(2, {
    programs: () => '[program:ping]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\nstopwaitsecs = 2\n',
    supvisors: 'event_link = WS',
    perNode: (index) => `event_port = ${eventPorts[index] ?? 0}`,
  });
  const pending: { state: number; resolve: (at: number) => void }[] = [];
  let socket: WebSocket | undefined;
  try {
    const [node1] = cluster.nodes;
    if (node1 === undefined) throw new Error('no node');
    await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
    // The cluster's nodes have [inet_http_server] credentials, which the event port asks for.
    const opened = new WebSocket(`ws://127.0.0.1:${eventPorts[1] ?? 0}/event`, { headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } });
    socket = opened;
    opened.on('message', (data: Buffer) => {
      const at = performance.now();
      const parsed: unknown = JSON.parse(data.toString('utf8'));
      if (!Array.isArray(parsed)) return;
      const event: unknown = parsed[1];
      if (typeof event !== 'object' || event === null) return;
      const { name, state, identifier } = event as Record<string, unknown>;
      const waiting = pending[0];
      if (name === 'ping' && identifier === node1.identifier && waiting !== undefined && state === waiting.state) {
        pending.shift();
        waiting.resolve(at);
      }
    });
    await new Promise<void>((resolve, reject) => {
      opened.once('open', () => resolve());
      opened.once('error', reject);
    });
    const samples: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      for (const [method, state] of [
        ['supervisor.startProcess', 10],
        ['supervisor.stopProcess', 40],
      ] as const) {
        const seen = new Promise<number>((resolve, reject) => {
          pending.push({ state, resolve });
          setTimeout(() => reject(new Error(`no event ${state} within 5 s`)), 5000).unref();
        });
        const t0 = performance.now();
        await node1.supervisor.call(method, ['ping', false]);
        samples.push((await seen) - t0);
        await sleep(50);
      }
    }
    return samples.sort((a, b) => a - b);
  } finally {
    socket?.close();
    await cluster.stop();
  }
}

const system = new ActorSystem({ node: 'bench', logger: Logger.create({ level: 'critical' }), timing: false });
try {
  const ref = system.spawn<EventPublisherMessage>(EVENT_PUBLISHER, eventPublisherActor({ link: 'WS', port: 0, host: '127.0.0.1', pingIntervalMs: 0 }));
  const { port } = await status(ref);
  if (port === undefined) throw new Error('the publisher did not bind');
  const across = await acrossNodes();
  report('event_latency_p50', percentile(across, 0.5), 'ms', 2);
  report('event_latency_p99', percentile(across, 0.99), 'ms', 2);
  const samples = await latency(ref, port);
  report('publish_latency_p50', percentile(samples, 0.5), 'ms', 3);
  report('publish_latency_p99', percentile(samples, 0.99), 'ms', 3);
  report('events_per_s_10_subscribers', await throughput(ref, port), 'msgs/s', 0);
} finally {
  await system.shutdown();
}
