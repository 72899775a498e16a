import assert from 'node:assert/strict';
import { createServer as createHttpServer, get as httpGet, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import * as zmq from 'zeromq';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import { DEFAULT_SLOT_LIMITS, slotRefusal } from '../../actors/event-publisher/admission.js';
import { eventPublisherActor } from '../../actors/event-publisher/event-publisher.js';
import type { EventPublisherOptions } from '../../actors/event-publisher/options.js';
import { EVENT_PUBLISHER, type EventPublisherMessage, type EventPublisherStatus } from '../../actors/event-publisher/messages.js';
import type { UpgradeHandler } from '../../http/http-server.js';
import { EventClient } from '../../client/events.js';
import { EVENT_HEADERS, type StreamHeader } from '../../events/headers.js';
import { markFloats, type JsonObject } from '../../events/json.js';
import { processRemovedEvent } from '../../events/payloads.js';
import { basic, upgradeStatus } from '../helpers/http-client.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';

const status = (ref: ActorRef<EventPublisherMessage>): Promise<EventPublisherStatus> =>
  ref.ask<EventPublisherStatus>((replyTo) => ({ type: 'clients', replyTo }), 2000);

/** A ws client keeping every text frame it receives. */
interface Subscriber {
  readonly ws: WebSocket;
  readonly frames: string[];
  readonly binary: number[];
}

function subscribe(port: number, path: string, headers: Record<string, string> = {}): Promise<Subscriber> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false, handshakeTimeout: 2000, headers });
  const subscriber: Subscriber = { ws, frames: [], binary: [] };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) subscriber.binary.push(1);
    else subscriber.frames.push((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8'));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(subscriber));
    ws.once('error', reject);
  });
}

/** A raw TCP client that makes the websocket handshake and then never reads again. */
async function stalledSubscriber(port: number, path: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  let head = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no handshake answer within 2 s')), 2000);
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      resolve();
    };
    socket.on('data', onData);
  });
  assert.match(head, /^HTTP\/1\.1 101 /);
  return socket;
}

const CREDENTIALS = { username: 'user', password: 'p:ss' };
const upgradeAt = (port: number, path: string, headers: Record<string, string> = {}): ReturnType<typeof upgradeStatus> => upgradeStatus(`ws://127.0.0.1:${port}${path}`, { headers });


function headerOf(frame: string): string {
  const parsed: unknown = JSON.parse(frame);
  assert.ok(Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string');
  return parsed[0];
}

function closeWs(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 1000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close();
    else ws.terminate();
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('event publisher actor (real websockets on 127.0.0.1)', function () {
  this.timeout(30_000);
  let system: ActorSystem;
  let lines: string[];
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    const memory = memoryLogger('debug');
    lines = memory.lines;
    system = new ActorSystem({ node: 'node1', logger: memory.logger });
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await system.shutdown();
  });

  async function spawnPublisher(overrides: Partial<EventPublisherOptions> = {}): Promise<{ ref: ActorRef<EventPublisherMessage>; port: number }> {
    const ref = system.spawn<EventPublisherMessage>(
      EVENT_PUBLISHER,
      eventPublisherActor({ link: 'WS', port: 0, host: '127.0.0.1', pingIntervalMs: 0, ...overrides }),
    );
    const { port } = await status(ref);
    assert.ok(port !== undefined && port > 0);
    return { ref, port };
  }

  /** A plain HTTP server standing for the main port: its upgrades go to the handler the publisher mounts. */
  async function mainPortStandIn(): Promise<{ port: number; mount: NonNullable<EventPublisherOptions['mount']>; unmounted: () => boolean }> {
    let mounted: UpgradeHandler | undefined;
    let unmounted = false;
    const main = createHttpServer();
    main.on('upgrade', (request, socket, head: Buffer) => {
      if (mounted === undefined) socket.destroy();
      else mounted(request, socket, head);
    });
    await new Promise<void>((resolve) => main.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => closeServer(main));
    return {
      port: (main.address() as AddressInfo).port,
      mount: (handler) => {
        mounted = handler;
        return () => {
          unmounted = true;
        };
      },
      unmounted: () => unmounted,
    };
  }

  async function client(port: number, path: string, headers: Record<string, string> = {}): Promise<Subscriber> {
    const subscriber = await subscribe(port, path, headers);
    cleanups.push(() => closeWs(subscriber.ws));
    return subscriber;
  }

  function publish(ref: ActorRef<EventPublisherMessage>, header: StreamHeader, body: JsonObject): void {
    assert.equal(ref.tell({ type: 'publish', header, body }), 'delivered');
  }

  it('sends each client exactly the headers of its path, one text frame ["header", {...}] per event', async () => {
    const { ref, port } = await spawnPublisher();
    const some = await client(port, '/supvisors/process');
    const all = await client(port, '/all');
    const none = await client(port, '/');
    const glued = await client(port, '/event?x=1');
    await waitFor('4 clients registered', async () => (await status(ref)).clients.length === 4);
    for (const header of EVENT_HEADERS) publish(ref, header, markFloats({ header, now_monotonic: 2, count: 3 }, ['now_monotonic']));
    publish(ref, 'supvisors', { marker: true });
    await waitFor('every event at the /all client', () => all.frames.length === 8, { timeoutMs: 3000 });
    await waitFor('the marker at the /supvisors/process client', () => some.frames.length === 3, { timeoutMs: 3000 });
    // what the publisher sent to each client, all 8 publications handled before this ask: the
    // frames counted above are all there will be, and none went to / or /event?x=1
    const seen = await status(ref);
    assert.deepEqual(seen.clients.map((one) => one.sent), [3, 8, 0, 0]);
    assert.deepEqual(all.frames.map(headerOf), [...EVENT_HEADERS, 'supvisors']);
    assert.deepEqual(some.frames.map(headerOf), ['supvisors', 'process', 'supvisors']);
    assert.equal(some.frames[0], '["supvisors", {"header": "supvisors", "now_monotonic": 2.0, "count": 3}]');
    assert.equal(some.frames[2], '["supvisors", {"marker": true}]');
    assert.deepEqual(none.frames, []);
    assert.deepEqual(glued.frames, [], 'a query string breaks the match of the last piece');
    assert.equal(all.binary.length + some.binary.length, 0);
    assert.equal(seen.published, 8);
    assert.equal(seen.publishedByHeader.supvisors, 2);
    assert.deepEqual(seen.clients.map((one) => one.headers), [['supvisors', 'process'], [...EVENT_HEADERS], [], []]);
    assert.ok(seen.clients.every((one) => one.via === 'event-port' && one.dropped === 0));
    assert.equal(seen.clients[3]?.path, '/event?x=1');
  });

  it('sends our extension headers only to the clients whose path names them: never to /all (a Python client)', async () => {
    const { ref, port } = await spawnPublisher();
    const python = await client(port, '/all');
    const dashboard = await client(port, '/all/process_added/application_added');
    const added = await client(port, '/process_added');
    await waitFor('3 clients registered', async () => (await status(ref)).clients.length === 3);
    publish(ref, 'application_added', { application_name: 'app1' });
    publish(ref, 'process_added', { process_name: 'p_01' });
    publish(ref, 'process', { process_name: 'p_00' });
    await waitFor('the process status at the /all client', () => python.frames.length === 1, { timeoutMs: 3000 });
    await waitFor('all three at the dashboard', () => dashboard.frames.length === 3, { timeoutMs: 3000 });
    // the 3 publications were handled before this ask: no frame is on its way
    const seen = await status(ref);
    assert.deepEqual(python.frames, ['["process", {"process_name": "p_00"}]']);
    assert.deepEqual(dashboard.frames.map(headerOf), ['application_added', 'process_added', 'process']);
    assert.equal(dashboard.frames[1], '["process_added", {"process_name": "p_01"}]');
    assert.deepEqual(added.frames.map(headerOf), ['process_added']);
    assert.deepEqual(seen.clients.map((one) => one.headers), [[...EVENT_HEADERS], [...EVENT_HEADERS, 'process_added', 'application_added'], ['process_added']]);
    assert.deepEqual([seen.published, seen.publishedByHeader.process_added, seen.publishedByHeader.application_added], [3, 1, 1]);
  });

  it('answers 426 to plain HTTP, refuses clients beyond maxClients with 503, forgets closed clients', async () => {
    const { ref, port } = await spawnPublisher({ maxClients: 1 });
    const code = await new Promise<number | undefined>((resolve, reject) => {
      httpGet(`http://127.0.0.1:${port}/all`, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    assert.equal(code, 426);
    const first = await client(port, '/all');
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/all`);
      ws.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('a second client was accepted')));
      ws.on('error', () => undefined);
    });
    assert.equal(refused, 503);
    assert.equal((await status(ref)).refused, 1);
    await closeWs(first.ws);
    await waitFor('the closed client forgotten', async () => (await status(ref)).clients.length === 0, { timeoutMs: 3000 });
  });

  it('serves the same stream on the main port through the mounted upgrade handler (/events/<headers>)', async () => {
    const main = await mainPortStandIn();
    const { ref } = await spawnPublisher({ mount: main.mount });
    const viaMain = await client(main.port, '/events/hstats');
    publish(ref, 'pstats', { p: 1 });
    publish(ref, 'hstats', { h: 1 });
    await waitFor('hstats on the main port', () => viaMain.frames.length === 1, { timeoutMs: 3000 });
    assert.equal(viaMain.frames[0], '["hstats", {"h": 1}]');
    const seen = await status(ref);
    assert.ok(seen.mainPort);
    assert.deepEqual(
      seen.clients.map((one) => [one.via, one.path, one.headers]),
      [['main-port', '/hstats', ['hstats']]],
    );
    await system.stop(ref);
    assert.ok(main.unmounted(), 'the handler is removed when the publisher stops');
  });

  it('drops for a stalled subscriber, counted and logged, without delaying another subscriber', async () => {
    const { ref, port } = await spawnPublisher({ maxBufferedBytes: 256 * 1024, dropReportMs: 100 });
    const stalled = await stalledSubscriber(port, '/all');
    cleanups.push(() => void stalled.destroy());
    const fast = await client(port, '/all');
    await waitFor('2 clients registered', async () => (await status(ref)).clients.length === 2);
    const started = Date.now();
    // Phase 1: bulky events until the stalled client's kernel buffers and send buffer are full,
    // paced by the fast client (in this same process) so that its own buffer never fills.
    const bulk = 'x'.repeat(16 * 1024);
    let sent = 0;
    await waitFor(
      'drops for the stalled client',
      async () => {
        for (let index = 0; index < 8; index += 1) publish(ref, 'hstats', { bulk, index: sent++ });
        await waitFor('the fast client has every bulky event', () => fast.frames.length === sent, { timeoutMs: 5000, intervalMs: 1 });
        const seen = await status(ref);
        return (seen.clients.find((one) => one.remote === `127.0.0.1:${stalled.localPort}`)?.dropped ?? 0) > 0;
      },
      { timeoutMs: 20_000, intervalMs: 0 },
    );
    const before = await status(ref);
    const stalledBefore = before.clients.find((one) => one.remote === `127.0.0.1:${stalled.localPort}`);
    assert.ok(stalledBefore !== undefined && stalledBefore.bufferedBytes >= 256 * 1024);
    // Phase 2: probes, one at a time; the fast client's latency stays low while the stalled one drops.
    const latencies: number[] = [];
    for (let probe = 0; probe < 50; probe += 1) {
      const count = fast.frames.length;
      const start = performance.now();
      publish(ref, 'process', { probe });
      await waitFor(`probe ${probe} at the fast client`, () => fast.frames.length === count + 1, { timeoutMs: 2000, intervalMs: 0 });
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    const p50 = latencies[25] ?? Infinity;
    const max = latencies[latencies.length - 1] ?? Infinity;
    assert.ok(p50 < 20 && max < 500, `fast client latency p50 ${p50.toFixed(2)} ms, max ${max.toFixed(2)} ms`);
    const after = await status(ref);
    const stalledAfter = after.clients.find((one) => one.remote === `127.0.0.1:${stalled.localPort}`);
    const fastAfter = after.clients.find((one) => one.remote !== `127.0.0.1:${stalled.localPort}`);
    assert.ok(stalledAfter !== undefined && fastAfter !== undefined);
    assert.equal(stalledAfter.dropped - stalledBefore.dropped, 50, 'every probe dropped for the stalled client');
    assert.equal(fastAfter.dropped, 0);
    assert.equal(fastAfter.sent, sent + 50);
    assert.equal(after.dropped, stalledAfter.dropped);
    await waitFor('a drop report in the log', () => lines.some((line) => /event messages dropped for 1 subscribers whose send buffer is full/.test(line)), {
      timeoutMs: 2000,
    });
    const reports = lines.filter((line) => line.includes('event messages dropped')).length;
    assert.ok(reports <= 2 + (Date.now() - started) / 100, `${reports} drop reports in ${Date.now() - started} ms: at most one per report period`);
  });

  it('retries the bind every bindRetryMs until the port is free', async () => {
    const blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    let blockerOpen = true;
    cleanups.push(() => (blockerOpen ? new Promise<void>((resolve) => blocker.close(() => resolve())) : undefined));
    const ref = system.spawn<EventPublisherMessage>(EVENT_PUBLISHER, eventPublisherActor({ link: 'WS', port, host: '127.0.0.1', bindRetryMs: 100, pingIntervalMs: 0 }));
    await waitFor('two bind failures', async () => (await status(ref)).bindFailures >= 2, { timeoutMs: 3000 });
    const failing = await status(ref);
    assert.equal(failing.port, undefined);
    assert.match(failing.lastBindError, /EADDRINUSE/);
    assert.ok(lines.some((line) => line.includes('WARN') && line.includes('cannot bind the event port')));
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    blockerOpen = false;
    await waitFor('the port bound', async () => (await status(ref)).port === port, { timeoutMs: 3000 });
    const subscriber = await client(port, '/event');
    await waitFor('client registered', async () => (await status(ref)).clients.length === 1);
    publish(ref, 'event', processRemovedEvent('app1', 'p_02').body);
    await waitFor('the event', () => subscriber.frames.length === 1, { timeoutMs: 3000 });
    assert.equal(subscriber.frames[0], '["event", {"name": "p_02", "group": "app1", "state": -1}]');
  });

  it('ends a client that does not answer pings', async () => {
    const { ref, port } = await spawnPublisher({ pingIntervalMs: 100 });
    const stalled = await stalledSubscriber(port, '/all');
    cleanups.push(() => void stalled.destroy());
    const alive = await client(port, '/all');
    await waitFor('2 clients registered', async () => (await status(ref)).clients.length === 2);
    await waitFor('the silent client ended', async () => (await status(ref)).clients.length === 1, { timeoutMs: 3000 });
    const [left] = (await status(ref)).clients;
    assert.notEqual(left?.remote, `127.0.0.1:${stalled.localPort}`);
    assert.equal(alive.ws.readyState, WebSocket.OPEN);
    assert.ok(lines.some((line) => line.includes('no pong within 100 ms')));
  });

  it('the typed client gets typed bodies and reconnects after a publisher restart', async () => {
    const { ref, port } = await spawnPublisher();
    const received: string[] = [];
    const removed: number[] = [];
    let closes = 0;
    const typed = new EventClient({
      host: '127.0.0.1',
      port,
      handlers: {
        process: (body) => received.push(`${body.application_name}:${body.process_name} ${body.statename}`),
        event: (body) => removed.push(body.state),
      },
      reconnect: { minMs: 20, maxMs: 200 },
      onClose: () => void (closes += 1),
    });
    cleanups.push(() => typed.close());
    assert.equal(typed.url, `ws://127.0.0.1:${port}/process/event`);
    await typed.waitOpen(3000);
    await waitFor('client registered', async () => (await status(ref)).clients.length === 1);
    publish(ref, 'process', { application_name: 'app1', process_name: 'p_00', statename: 'RUNNING' });
    publish(ref, 'supvisors', { ignored: true });
    publish(ref, 'event', processRemovedEvent('app1', 'p_00').body);
    await waitFor('both events', () => received.length === 1 && removed.length === 1, { timeoutMs: 3000 });
    assert.deepEqual(received, ['app1:p_00 RUNNING']);
    assert.deepEqual(removed, [-1]);

    await system.stop(ref);
    await waitFor('the client sees the close', () => !typed.connected, { timeoutMs: 3000 });
    await waitFor('two reconnections refused while the publisher is down', () => closes >= 3, { timeoutMs: 3000 });
    const again = system.spawn<EventPublisherMessage>(EVENT_PUBLISHER, eventPublisherActor({ link: 'WS', port, host: '127.0.0.1', pingIntervalMs: 0 }));
    assert.equal((await status(again)).port, port);
    await waitFor('the client reconnected', () => typed.connected && typed.connections === 2, { timeoutMs: 5000 });
    await waitFor('client registered again', async () => (await status(again)).clients.length === 1);
    publish(again, 'process', { application_name: 'app1', process_name: 'p_00', statename: 'STOPPED' });
    await waitFor('the event after the restart', () => received.length === 2, { timeoutMs: 3000 });
    assert.equal(received[1], 'app1:p_00 STOPPED');
    await typed.close();
    assert.ok(!typed.connected);
  });

  it('ZMQ: a PUB socket sending 2-frame messages, filtered by header prefix', async () => {
    const ref = system.spawn<EventPublisherMessage>(EVENT_PUBLISHER, eventPublisherActor({ link: 'ZMQ', port: 0, host: '127.0.0.1' }));
    const seen = await status(ref);
    assert.equal(seen.link, 'ZMQ');
    assert.ok(seen.port !== undefined && seen.port > 0);
    const subscriber = new zmq.Subscriber({ linger: 0, receiveTimeout: 100 });
    cleanups.push(() => subscriber.close());
    subscriber.connect(`tcp://127.0.0.1:${seen.port}`);
    subscriber.subscribe('process');
    // Slow joiner: publish until the subscription has reached the PUB socket.
    let frames: Buffer[] | undefined;
    await waitFor(
      'a process message over ZMQ',
      async () => {
        publish(ref, 'supvisors', { s: 1 });
        publish(ref, 'process', markFloats({ process_name: 'p_00', now_monotonic: 3 }, ['now_monotonic']));
        try {
          frames = await subscriber.receive();
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 5000, intervalMs: 10 },
    );
    assert.ok(frames !== undefined);
    assert.deepEqual(
      frames.map((frame) => frame.toString('utf8')),
      ['process', '{"process_name": "p_00", "now_monotonic": 3.0}'],
    );
    const after = await status(ref);
    assert.deepEqual(after.clients, []);
    assert.equal(after.dropped, 0);
  });

  it('ZMQ: never sends our extension headers, even to a subscription to everything', async () => {
    const ref = system.spawn<EventPublisherMessage>(EVENT_PUBLISHER, eventPublisherActor({ link: 'ZMQ', port: 0, host: '127.0.0.1' }));
    const seen = await status(ref);
    const subscriber = new zmq.Subscriber({ linger: 0, receiveTimeout: 100 });
    cleanups.push(() => subscriber.close());
    subscriber.connect(`tcp://127.0.0.1:${seen.port ?? 0}`);
    subscriber.subscribe('');
    const headers: string[] = [];
    const receiveAll = async (): Promise<void> => {
      for (;;) {
        try {
          const [header] = await subscriber.receive();
          headers.push(header?.toString('utf8') ?? '');
        } catch {
          return;
        }
      }
    };
    // Slow joiner: publish until the subscription has reached the PUB socket; each round sends
    // the extension messages before the process status, and a PUB socket keeps their order.
    await waitFor(
      'a process message over ZMQ',
      async () => {
        publish(ref, 'process_added', { process_name: 'p_01' });
        publish(ref, 'application_added', { application_name: 'app1' });
        publish(ref, 'process', { process_name: 'p_00' });
        await receiveAll();
        return headers.includes('process');
      },
      { timeoutMs: 5000, intervalMs: 10 },
    );
    publish(ref, 'process_added', { process_name: 'p_02' });
    publish(ref, 'process', { process_name: 'p_00' });
    await waitFor('the last process status', async () => {
      await receiveAll();
      return headers.filter((header) => header === 'process').length >= 2;
    }, { timeoutMs: 3000 });
    assert.ok(headers.every((header) => header === 'process'), headers.join(', '));
    assert.equal((await status(ref)).dropped, 0);
  });

  describe('authentication before any slot', () => {
    it('with credentials, the event port answers 401 with a Basic challenge before the handshake, unless they are right', async () => {
      const { ref, port } = await spawnPublisher({ credentials: CREDENTIALS });
      for (const headers of [{}, basic('user:wrong'), basic('other:p:ss')]) {
        assert.deepEqual(await upgradeAt(port, '/all', headers), { status: 401, challenge: 'Basic realm="default"' });
      }
      const right = await client(port, '/all', basic('user:p:ss'));
      await waitFor('the authenticated client registered', async () => (await status(ref)).clients.length === 1);
      publish(ref, 'supvisors', { s: 1 });
      await waitFor('the event at the authenticated client', () => right.frames.length === 1, { timeoutMs: 3000 });
      const seen = await status(ref);
      assert.equal(seen.unauthorized, 3);
      assert.equal(seen.refused, 0);
      assert.deepEqual(seen.clients.map((one) => one.access), ['authenticated']);
      assert.ok(lines.some((line) => /WARN;.*event subscriber 127\.0\.0\.1:\d+ refused \(401\) on the event-port: missing credentials/.test(line)));
    });

    it('the typed client sends its credentials', async () => {
      const { ref, port } = await spawnPublisher({ credentials: CREDENTIALS });
      const errors: string[] = [];
      const refused = new EventClient({ host: '127.0.0.1', port, headers: 'all', handlers: {}, reconnect: { minMs: 1000, maxMs: 1000 }, onError: (error) => errors.push(error.message) });
      cleanups.push(() => refused.close());
      const typed = new EventClient({ host: '127.0.0.1', port, headers: 'all', handlers: {}, credentials: CREDENTIALS });
      cleanups.push(() => typed.close());
      await typed.waitOpen(3000);
      await waitFor('the refusal reported to the client without credentials', () => errors.some((text) => text.includes('401')), { timeoutMs: 3000 });
      assert.ok(!refused.connected);
      assert.deepEqual((await status(ref)).clients.map((one) => one.access), ['authenticated']);
    });

    it('event_port_open: lets clients without credentials in as anonymous, still refuses wrong credentials', async () => {
      const { ref, port } = await spawnPublisher({ credentials: CREDENTIALS, open: true });
      await client(port, '/all');
      await client(port, '/all', basic('user:p:ss'));
      assert.deepEqual(await upgradeAt(port, '/all', basic('user:wrong')), { status: 401, challenge: 'Basic realm="default"' });
      await waitFor('2 clients registered', async () => (await status(ref)).clients.length === 2);
      assert.deepEqual((await status(ref)).clients.map((one) => one.access).sort(), ['anonymous', 'authenticated']);
      assert.ok(lines.some((line) => /WARN;.*event_port_open = true: the event port 0 serves the cluster's events to anyone who can reach 127\.0\.0\.1/.test(line)));
    });

    it('without credentials configured, every client is let in (open), as before', async () => {
      const { ref, port } = await spawnPublisher();
      await client(port, '/all');
      await waitFor('1 client registered', async () => (await status(ref)).clients.length === 1);
      assert.deepEqual((await status(ref)).clients.map((one) => one.access), ['open']);
    });

    it('main port: the mounted handler trusts the HTTP server, which authenticated the upgrade', async () => {
      const main = await mainPortStandIn();
      const { ref } = await spawnPublisher({ credentials: CREDENTIALS, mount: main.mount });
      await client(main.port, '/events/all');
      await waitFor('1 client registered', async () => (await status(ref)).clients.length === 1);
      assert.deepEqual((await status(ref)).clients.map((one) => [one.via, one.access]), [['main-port', 'authenticated']]);
    });

    it('300 anonymous attempts take no slot: an authenticated subscriber still gets in, while they come and after', async () => {
      const { ref, port } = await spawnPublisher({ credentials: CREDENTIALS, maxClients: 4 });
      const flood = Promise.all(Array.from({ length: 300 }, () => upgradeAt(port, '/all')));
      const during = await client(port, '/all', basic('user:p:ss'));
      const statuses = await flood;
      assert.ok(statuses.every((one) => one.status === 401));
      const after = await client(port, '/all', basic('user:p:ss'));
      await waitFor('2 clients registered', async () => (await status(ref)).clients.length === 2);
      assert.equal(during.ws.readyState, WebSocket.OPEN);
      assert.equal(after.ws.readyState, WebSocket.OPEN);
      const seen = await status(ref);
      assert.equal(seen.unauthorized, 300);
      assert.equal(seen.refused, 0);
      const written = lines.filter((line) => line.includes('refused (401)')).length;
      assert.ok(written <= 5, `${written} refusal lines for 300 refusals`);
    });

    it('keeps slots for authenticated subscribers, and limits each remote address', async () => {
      const { ref, port } = await spawnPublisher({ credentials: CREDENTIALS, open: true, maxClients: 3, reservedForAuthenticated: 1 });
      await client(port, '/all');
      await client(port, '/all');
      assert.equal((await upgradeAt(port, '/all')).status, 503, 'a third anonymous subscriber would take the reserved slot');
      await client(port, '/all', basic('user:p:ss'));
      assert.equal((await upgradeAt(port, '/all', basic('user:p:ss'))).status, 503, 'all 3 slots taken');
      assert.equal((await status(ref)).refused, 2);
      await system.stop(ref);
      const perAddress = await spawnPublisher({ maxClientsPerAddress: 1 });
      await client(perAddress.port, '/all');
      assert.equal((await upgradeAt(perAddress.port, '/all')).status, 503);
      assert.ok(lines.some((line) => /refused \(503\): 1 clients from this address already/.test(line)));
    });

  });
});

describe('event publisher admission (slots, a pure decision)', () => {
  const limits = { maxClients: 10, maxPerAddress: 4, reservedForAuthenticated: 3 };

  it('gives a slot while the total, the address and (for anonymous clients) the reserve allow', () => {
    assert.equal(slotRefusal({ total: 0, fromAddress: 0, anonymous: 0 }, 'anonymous', limits), undefined);
    assert.equal(slotRefusal({ total: 9, fromAddress: 3, anonymous: 6 }, 'authenticated', limits), undefined);
    assert.equal(slotRefusal({ total: 9, fromAddress: 3, anonymous: 6 }, 'open', limits), undefined);
    assert.equal(slotRefusal({ total: 10, fromAddress: 0, anonymous: 0 }, 'authenticated', limits), '10 clients already');
    assert.equal(slotRefusal({ total: 5, fromAddress: 4, anonymous: 0 }, 'authenticated', limits), '4 clients from this address already');
  });

  it('never lets anonymous clients take the slots kept for authenticated ones', () => {
    assert.equal(slotRefusal({ total: 6, fromAddress: 0, anonymous: 6 }, 'anonymous', limits), undefined);
    assert.match(slotRefusal({ total: 7, fromAddress: 0, anonymous: 7 }, 'anonymous', limits) ?? '', /7 anonymous clients already \(the other 3 slots are kept/);
    assert.equal(slotRefusal({ total: 7, fromAddress: 0, anonymous: 7 }, 'authenticated', limits), undefined);
  });

  it('defaults: 256 in all, 64 per address, 64 kept for authenticated subscribers', () => {
    assert.deepEqual(DEFAULT_SLOT_LIMITS, { maxClients: 256, maxPerAddress: 64, reservedForAuthenticated: 64 });
  });
});
