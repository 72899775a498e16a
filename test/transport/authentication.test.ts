import assert from 'node:assert/strict';
import { ActorSystem } from '../../actors/core/index.js';
import { HttpServer } from '../../http/http-server.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { OPEN, resolvePeerSecret, Transport, type PeerSecret } from '../../transport/index.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { dumpLogsOnFailure, listeningNode, startTransport, stopNode, waitEvent, waitUp, type EchoMessage, type TestNode } from './cluster.js';

/** node-a (dialler) and node-b with their own secrets. */
async function pair(secretA: PeerSecret, secretB: PeerSecret): Promise<TestNode[]> {
  const raw = await Promise.all([listeningNode('node-a'), listeningNode('node-b')]);
  const peers = raw.map((node) => ({ identifier: node.identifier, host: '127.0.0.1', port: node.port }));
  return [startTransport(raw[0], peers, { secret: secretA, reconnect: { minMs: 20, maxMs: 100 } }), startTransport(raw[1], peers, { secret: secretB })];
}

describe('transport: authentication between nodes', function () {
  this.timeout(10_000);
  let nodes: TestNode[] = [];

  afterEach(async function () {
    dumpLogsOnFailure(this.currentTest, nodes);
    await Promise.all(nodes.map(stopNode));
    nodes = [];
  });

  it('links nodes whose secret is derived from the same inet_http_server credentials', async () => {
    const secret = await resolvePeerSecret({ username: 'admin', password: 'p4ss' });
    nodes = await pair(secret, await resolvePeerSecret({ username: 'admin', password: 'p4ss' }));
    await waitUp(nodes[0], 'node-b');
    assert.equal(await nodes[0].transport.remoteRef<EchoMessage>('node-b', 'echo').ask<string>((replyTo) => ({ type: 'echo', text: 'ok', replyTo })), 'node-b:ok');
  });

  it('refuses a peer with another secret, logs why, reports auth once, and keeps both nodes running', async () => {
    nodes = await pair(await resolvePeerSecret({ peerSecret: 'one' }), await resolvePeerSecret({ peerSecret: 'two' }));
    const [a, b] = nodes;
    const down = await waitEvent(a, 'peer-down', 'node-b');
    assert.equal(down.event.reason, 'auth');
    assert.match(down.event.detail, /wrong secret/);
    assert.ok(a.lines.some((line) => /WARN;\[transport:node-b\] cannot authenticate with node-b: wrong secret: the peer's proof does not match/.test(line)));
    await waitFor('node-b to see the refusal', () => b.lines.some((line) => /closed before authentication \(auth\): refused by the peer: wrong secret/.test(line)));
    // Retries go on (bounded backoff) but the auth failure is reported once.
    await waitFor('a few retries', () => (a.transport.links()[0].failedAttempts ?? 0) >= 3);
    assert.equal(a.events.length, 1);
    assert.equal(b.events.length, 0);
    assert.ok(!a.transport.isUp('node-b') && !b.transport.isUp('node-a'));
    assert.equal(a.transport.remoteRef<EchoMessage>('node-b', 'echo').tell({ type: 'record', n: 1 }), 'dead-letter');
    assert.equal(await b.transport.remoteRef<EchoMessage>('node-b', 'echo').ask<string>((replyTo) => ({ type: 'echo', text: 'local', replyTo })), 'node-b:local');
  });

  it('links nodes in open mode on loopback, and refuses open mode against a secret', async () => {
    nodes = await pair(OPEN, OPEN);
    await waitUp(nodes[0], 'node-b');
    await Promise.all(nodes.map(stopNode));
    nodes = await pair(OPEN, await resolvePeerSecret({ peerSecret: 'two' }));
    const down = await waitEvent(nodes[0], 'peer-down', 'node-b');
    assert.equal(down.event.reason, 'auth');
    assert.match(down.event.detail, /the peer has no secret \(open mode\) but this node requires one/);
    const [a, b] = nodes;
    await waitFor('node-a refused twice more', () => (a.transport.links()[0]?.failedAttempts ?? 0) >= 3);
    assert.ok(!b.transport.isUp('node-a'));
  });
});

describe('transport: configuration', () => {
  it('refuses open mode off loopback, naming the addresses', async () => {
    const { logger } = memoryLogger();
    const system = new ActorSystem({ node: 'node-a', logger });
    const http = new HttpServer([], logger);
    const attempt = (listenHost: string, peerHost: string) => () =>
      new Transport(system, http, { identifier: 'node-a', listenHost, secret: OPEN, peers: [{ identifier: 'node-b', host: peerHost, port: 60000 }] });
    assert.throws(attempt('0.0.0.0', '127.0.0.1'), (error) => isSupvisorsError(error, 'CONFIG_INVALID') && /0\.0\.0\.0 is not loopback/.test(error.message));
    assert.throws(attempt('127.0.0.1', 'node2'), (error) => isSupvisorsError(error, 'CONFIG_INVALID') && /node2 is not loopback/.test(error.message));
    assert.throws(
      () => new Transport(system, http, { identifier: 'a', listenHost: '127.0.0.1', secret: OPEN, peers: [], heartbeatMisses: 0 }),
      (error) => isSupvisorsError(error, 'CONFIG_INVALID') && /heartbeatMisses: 0 is not an integer in 1\.\.1000/.test(error.message),
    );
    assert.deepEqual(system.names(), []);
    await system.shutdown();
  });
});
