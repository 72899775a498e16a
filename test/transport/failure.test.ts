import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { isSupvisorsError } from '../../errors/errors.js';
import type { TransportOptions } from '../../transport/index.js';
import { encodeFrame } from '../../transport/frames.js';
import { waitFor } from '../helpers/wait.js';
import { dumpLogsOnFailure, listeningNode, startTransport, stopNode, waitEvent, waitUp, type EchoMessage, type TestNode } from './cluster.js';
import { TcpProxy } from './tcp-proxy.js';

/** node-a dials node-b through a proxy; node-b knows node-a directly (it never dials). */
async function proxiedPair(options: Partial<TransportOptions>): Promise<{ a: TestNode; b: TestNode; proxy: TcpProxy }> {
  const [rawA, rawB] = await Promise.all([listeningNode('node-a'), listeningNode('node-b')]);
  const proxy = await TcpProxy.start(rawB.port);
  const a = startTransport(rawA, [{ identifier: 'node-b', host: '127.0.0.1', port: proxy.port }], options);
  const b = startTransport(rawB, [{ identifier: 'node-a', host: '127.0.0.1', port: rawA.port }], options);
  await Promise.all([waitUp(a, 'node-b'), waitUp(b, 'node-a')]);
  return { a, b, proxy };
}

function echo(node: TestNode, text: string, timeoutMs?: number): Promise<string> {
  return node.transport.remoteRef<EchoMessage>(node.identifier === 'node-a' ? 'node-b' : 'node-a', 'echo').ask<string>((replyTo) => ({ type: 'echo', text, replyTo }), timeoutMs);
}

function busyLoop(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${ms}; while (Date.now() < end) {}`], { stdio: 'ignore' });
    const guard = setTimeout(() => child.kill('SIGKILL'), ms + 5000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(guard);
      resolve();
    });
  });
}

describe('transport: failure detection and recovery', function () {
  this.timeout(15_000);
  const period = 100;
  const misses = 3;
  let a: TestNode;
  let b: TestNode;
  let proxy: TcpProxy;

  before(async () => {
    ({ a, b, proxy } = await proxiedPair({ heartbeatPeriodMs: period, heartbeatMisses: misses, handshakeTimeoutMs: 500, reconnect: { minMs: 50, maxMs: 400 } }));
  });

  afterEach(function () {
    dumpLogsOnFailure(this.currentTest, [a, b]);
  });

  after(async () => {
    await Promise.all([stopNode(a), stopNode(b)]);
    await proxy.close();
  });

  it('marks the peer down at once when its socket closes, fails pending asks, then reconnects', async () => {
    const [fromA, fromB] = [a.events.length, b.events.length];
    const ignored = (from: TestNode, to: string) =>
      from.transport.remoteRef<EchoMessage>(to, 'echo').ask<string>((replyTo) => ({ type: 'ignore', replyTo }), 10_000);
    const failures = [ignored(a, 'node-b'), ignored(b, 'node-a')].map((ask) => assert.rejects(ask, (error) => isSupvisorsError(error, 'PEER_DOWN')));
    await waitFor('the asks to be sent', () => a.transport.link('node-b')?.figuresNow().pendingAsks === 1 && b.transport.link('node-a')?.figuresNow().pendingAsks === 1);
    const cut = performance.now();
    proxy.cut();
    const [downA, downB] = await Promise.all([waitEvent(a, 'peer-down', 'node-b', fromA), waitEvent(b, 'peer-down', 'node-a', fromB)]);
    assert.equal(downA.event.reason, 'closed');
    assert.equal(downB.event.reason, 'closed');
    assert.ok(downA.at - cut < 50 && downB.at - cut < 50, `seen after ${downA.at - cut} and ${downB.at - cut} ms`);
    await Promise.all(failures);
    // Sends to a down peer fail fast.
    assert.equal(a.transport.remoteRef<EchoMessage>('node-b', 'echo').tell({ type: 'record', n: 0 }), 'dead-letter');
    await assert.rejects(echo(a, 'down'), (error) => isSupvisorsError(error, 'PEER_DOWN'));
    const up = await waitEvent(a, 'peer-up', 'node-b', fromA);
    assert.equal(up.event.restarted, false);
    await waitEvent(b, 'peer-up', 'node-a', fromB);
    assert.equal(await echo(a, 'back'), 'node-b:back');
    assert.equal(a.transport.links()[0].reconnects, 1);
  });

  it('declares a silent peer (no FIN) within (misses + 1) heartbeat periods, and resyncs when it answers again', async () => {
    const [fromA, fromB] = [a.events.length, b.events.length];
    const frozen = performance.now();
    proxy.freeze();
    const [downA, downB] = await Promise.all([waitEvent(a, 'peer-down', 'node-b', fromA), waitEvent(b, 'peer-down', 'node-a', fromB)]);
    assert.equal(downA.event.reason, 'silent');
    assert.equal(downB.event.reason, 'silent');
    const bound = (misses + 1) * period + 60;
    for (const seen of [downA.at - frozen, downB.at - frozen]) {
      assert.ok(seen >= (misses - 1) * period && seen <= bound, `silent after ${seen.toFixed(0)} ms, bound ${bound} ms`);
    }
    assert.ok(a.lines.some((line) => /link to node-b down \(silent\): nothing heard for \d+ ms/.test(line)));
    proxy.thaw();
    const up = await waitEvent(a, 'peer-up', 'node-b', fromA);
    assert.equal(up.event.incarnation, b.transport.identity.incarnation);
    await waitEvent(b, 'peer-up', 'node-a', fromB);
    assert.equal(await echo(b, 'again'), 'node-a:again');
  });

  it('detects a sequence gap: both sides go out of step, then resync on a new link', async () => {
    const [fromA, fromB] = [a.events.length, b.events.length];
    const link = a.transport.link('node-b');
    assert.ok(link !== undefined);
    link.injectRaw(encodeFrame({ type: 'data', seq: 1_000_000, to: 'echo', message: { type: 'record' } }));
    const [downA, downB] = await Promise.all([waitEvent(a, 'peer-down', 'node-b', fromA), waitEvent(b, 'peer-down', 'node-a', fromB)]);
    assert.equal(downB.event.reason, 'out-of-step');
    assert.match(downB.event.detail, /sequence gap: expected frame \d+, got 1000000/);
    assert.equal(downA.event.reason, 'out-of-step');
    await Promise.all([waitEvent(a, 'peer-up', 'node-b', fromA), waitEvent(b, 'peer-up', 'node-a', fromB)]);
    assert.deepEqual(b.recorded, [], 'the out-of-step frame was not delivered');
    assert.equal(await echo(a, 'resynced'), 'node-b:resynced');
  });

  it('tells a restarted peer from a reconnected one', async () => {
    const fromA = a.events.length;
    const port = b.port;
    await stopNode(b);
    const down = await waitEvent(a, 'peer-down', 'node-b', fromA);
    assert.equal(down.event.reason, 'closed');
    assert.match(down.event.detail, /the peer closed the link: this node is stopping/);
    const raw = await listeningNode('node-b', port);
    b = startTransport(raw, [{ identifier: 'node-a', host: '127.0.0.1', port: a.port }], {
      heartbeatPeriodMs: period,
      heartbeatMisses: misses,
      incarnation: a.transport.identity.incarnation + 1_000_000,
    });
    const up = await waitEvent(a, 'peer-up', 'node-b', fromA);
    assert.equal(up.event.restarted, true);
    assert.equal(up.event.incarnation, b.transport.identity.incarnation);
    assert.equal(await echo(a, 'new'), 'node-b:new');
  });

  it('does not fail a healthy link when this process stalls longer than the detection bound', async () => {
    const fromA = a.events.length;
    const end = Date.now() + 3 * (misses + 1) * period;
    while (Date.now() < end) {
      // the event loop of both nodes is blocked
    }
    // an absence: three heartbeat periods after the stall, still no event on the link
    await new Promise((resolve) => setTimeout(resolve, 3 * period));
    assert.deepEqual(a.events.slice(fromA), []);
    const lag = a.transport.link('node-b')?.figuresNow().maxLagMs ?? 0;
    assert.ok(lag >= 2 * (misses + 1) * period, `the heartbeat timer saw a lag of ${lag} ms`);
    assert.equal(await echo(a, 'alive'), 'node-b:alive');
  });
});

describe('transport: no false alarm under CPU load', function () {
  this.timeout(20_000);
  let a: TestNode;
  let b: TestNode;
  let proxy: TcpProxy;

  before(async () => {
    // Default heartbeats: 250 ms, 4 misses.
    ({ a, b, proxy } = await proxiedPair({}));
  });

  afterEach(function () {
    dumpLogsOnFailure(this.currentTest, [a, b]);
  });

  after(async () => {
    await Promise.all([stopNode(a), stopNode(b)]);
    await proxy.close();
  });

  it('keeps the link up while busy loops take both cores for 3 s', async () => {
    const [fromA, fromB] = [a.events.length, b.events.length];
    const load = Promise.all([busyLoop(3000), busyLoop(3000)]);
    let answered = 0;
    let loaded = true;
    void load.then(() => (loaded = false));
    while (loaded) {
      assert.equal(await echo(a, 'busy'), 'node-b:busy');
      answered += 1;
      // the pace of the asks during the load, not a wait
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await load;
    assert.deepEqual(a.events.slice(fromA), []);
    assert.deepEqual(b.events.slice(fromB), []);
    assert.ok(answered > 10, `${answered} asks answered under load`);
  });
});

describe('transport: back-pressure', function () {
  this.timeout(10_000);
  let a: TestNode;
  let b: TestNode;
  let proxy: TcpProxy;

  before(async () => {
    ({ a, b, proxy } = await proxiedPair({ heartbeatPeriodMs: 2000, highWaterBytes: 64 * 1024, maxQueuedBytes: 256 * 1024 }));
  });

  afterEach(function () {
    dumpLogsOnFailure(this.currentTest, [a, b]);
  });

  after(async () => {
    await Promise.all([stopNode(a), stopNode(b)]);
    await proxy.close();
  });

  it('refuses sends with a clear error once the bounded send queue is full', async () => {
    proxy.stall();
    const blob = { type: 'echo', text: 'x'.repeat(16 * 1024) } as const;
    const echoB = a.transport.remoteRef<EchoMessage | typeof blob>('node-b', 'echo');
    // 128 KiB a turn: the queue (256 KiB) only fills once the socket stops draining, after the
    // loopback socket buffers (a few MB) are full.
    let turns = 0;
    for (let rejected = false; !rejected && turns < 1000; turns += 1) {
      for (let n = 0; n < 8 && !rejected; n += 1) rejected = echoB.tell(blob) === 'rejected';
      if (!rejected) await new Promise((resolve) => setImmediate(resolve));
    }
    const figures = a.transport.link('node-b')?.figuresNow();
    assert.ok(figures !== undefined && figures.rejected === 1, `rejected after ${turns} turns`);
    assert.ok(figures.bufferedBytes >= 64 * 1024 && figures.queuedBytes <= 256 * 1024, JSON.stringify(figures));
    await assert.rejects(
      echoB.ask<string>((replyTo) => ({ ...blob, replyTo })),
      (error) => isSupvisorsError(error, 'PEER_BACKPRESSURE') && /send queue to node-b is full/.test(error.message),
    );
  });
});
