import assert from 'node:assert/strict';
import { isSupvisorsError } from '../../errors/errors.js';
import type { PeerEvent } from '../../transport/index.js';
import { waitFor } from '../helpers/wait.js';
import { startCluster, stopNode, waitUp, type EchoMessage, type TestNode } from './cluster.js';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSupvisorsError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('transport: tell and ask across nodes', function () {
  this.timeout(10_000);
  let nodes: TestNode[] = [];
  let a: TestNode;
  let b: TestNode;

  before(async () => {
    nodes = await startCluster(['node-a', 'node-b', 'node-c']);
    [a, b] = nodes;
    await Promise.all([waitUp(a, 'node-b'), waitUp(a, 'node-c'), waitUp(b, 'node-c'), waitUp(b, 'node-a')]);
  });

  after(async () => {
    await Promise.all(nodes.map(stopNode));
  });

  it('asks a remote actor and gets its reply', async () => {
    const echo = a.transport.remoteRef<EchoMessage>('node-b', 'echo');
    assert.equal(echo.name, 'echo@node-b');
    assert.equal(await echo.ask<string>((replyTo) => ({ type: 'echo', text: 'hi', replyTo })), 'node-b:hi');
    const fromC = nodes[2].transport.remoteRef<EchoMessage>('node-a', 'echo');
    assert.equal(await fromC.ask<string>((replyTo) => ({ type: 'echo', text: 'yo', replyTo })), 'node-a:yo');
  });

  it('addresses a local actor the same way with its own identifier', async () => {
    const echo = a.transport.remoteRef<EchoMessage>('node-a', 'echo');
    assert.equal(await echo.ask<string>((replyTo) => ({ type: 'echo', text: 'self', replyTo })), 'node-a:self');
  });

  it('delivers 10 000 tells in order', async () => {
    const echo = a.transport.remoteRef<EchoMessage>('node-c', 'echo');
    for (let n = 0; n < 10_000; n += 1) assert.equal(echo.tell({ type: 'record', n }), 'delivered');
    await waitFor('10 000 records on node-c', () => nodes[2].recorded.length >= 10_000);
    assert.deepEqual(nodes[2].recorded, Array.from({ length: 10_000 }, (_, n) => n));
    const figures = a.transport.links().find((peer) => peer.identifier === 'node-c')?.link;
    assert.ok(figures !== undefined && figures.framesOut >= 10_000);
    // Coalescing: far fewer websocket messages than frames.
    assert.ok(figures.messagesOut < figures.framesOut / 10, `${figures.messagesOut} messages for ${figures.framesOut} frames`);
  });

  it('relays the remote failures as typed errors', async () => {
    const echo = a.transport.remoteRef<EchoMessage>('node-b', 'echo');
    const thrown = await rejection(echo.ask<string>((replyTo) => ({ type: 'throw', replyTo })));
    assert.equal(thrown.code, 'HANDLER_FAILED');
    assert.match(thrown.message, /echo was told to throw/);
    assert.deepEqual(await rejection(echo.ask<string>((replyTo) => ({ type: 'refuse', replyTo }))), {
      code: 'BAD_ARGUMENTS',
      message: 'refused on purpose',
    });
    const missing = a.transport.remoteRef<EchoMessage>('node-b', 'nobody');
    assert.equal((await rejection(missing.ask<string>((replyTo) => ({ type: 'echo', text: '', replyTo })))).code, 'ACTOR_NOT_FOUND');
    const started = Date.now();
    assert.equal((await rejection(echo.ask<string>((replyTo) => ({ type: 'ignore', replyTo }), 100))).code, 'ASK_TIMEOUT');
    assert.ok(Date.now() - started < 1000);
    // A reply that is not plain data is refused by the replying side, typed.
    assert.equal((await rejection(echo.ask<Date>((replyTo) => ({ type: 'date', replyTo })))).code, 'PEER_MESSAGE_INVALID');
  });

  it('refuses messages that cannot travel, and unknown peers', async () => {
    const echo = a.transport.remoteRef<{ type: 'odd'; at: Date; replyTo?: unknown }>('node-b', 'echo');
    assert.equal(echo.tell({ type: 'odd', at: new Date() }), 'dead-letter');
    assert.ok(a.lines.some((line) => line.includes('tell odd to echo@node-b refused: not plain data: message.at: Date')));
    assert.equal((await rejection(echo.ask(() => ({ type: 'odd', at: new Date() })))).code, 'PEER_MESSAGE_INVALID');
    const nowhere = a.transport.remoteRef<EchoMessage>('node-z', 'echo');
    assert.equal(nowhere.tell({ type: 'record', n: 1 }), 'dead-letter');
    assert.equal((await rejection(nowhere.ask<string>((replyTo) => ({ type: 'echo', text: '', replyTo })))).code, 'PEER_UNKNOWN');
    assert.ok(a.system.deadLetters.snapshot().recent.some((letter) => letter.recipient === 'echo@node-z'));
  });

  it('shows the mirrors in the actor diagnostics and the links as plain data', () => {
    const actors = a.system.diagnostics().actors.map((actor) => actor.name);
    assert.ok(actors.includes('transport:node-b') && actors.includes('transport:node-c'));
    const links = a.transport.links();
    assert.deepEqual(
      links.map((peer) => [peer.identifier, peer.state, peer.dials]),
      [
        ['node-b', 'up', true],
        ['node-c', 'up', true],
      ],
    );
    const toB = links[0];
    assert.equal(toB.link?.state, 'up');
    assert.equal(toB.link?.role, 'dial');
    assert.ok((toB.link?.lastHeardAgeMs ?? Infinity) < 1000);
    assert.equal(b.transport.links().find((peer) => peer.identifier === 'node-a')?.link?.role, 'accept');
    assert.doesNotThrow(() => JSON.stringify(links));
  });

  it('tells a new subscriber at once of the peers already up', async () => {
    const told: string[] = [];
    const late = a.system.spawn<PeerEvent>('late-watcher', () => ({ receive: (event) => void told.push(`${event.type} ${event.identifier}`) }));
    const unsubscribe = a.transport.subscribe(late);
    await waitFor('the peer-up events', () => told.length === 2);
    assert.deepEqual(told.sort(), ['peer-up node-b', 'peer-up node-c']);
    unsubscribe();
    await a.system.stop(late);
  });

  it('measures the round-trip time with heartbeats', async () => {
    await waitFor('an rtt figure', () => (a.transport.links()[0].link?.rttMs ?? 0) > 0, { timeoutMs: 2000 });
    const rtt = a.transport.links()[0].link?.rttMs ?? 0;
    assert.ok(rtt > 0 && rtt < 100, `rtt ${rtt} ms`);
  });
});
