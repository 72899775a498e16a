import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { decodeFrames, encodeFrame, PROTOCOL_VERSION, type PeerFrame } from '../../transport/frames.js';
import { waitFor } from '../helpers/wait.js';
import { dumpLogsOnFailure, listeningNode, startTransport, stopNode, waitUp, type EchoMessage, type TestNode } from './cluster.js';

const MAX_FRAME = 64 * 1024;
const PRE_AUTH = 4096;
/** A configured peer that never runs: node-b knows it, nobody is linked as it. */
const ABSENT = { identifier: 'node-c', host: '127.0.0.1', port: 1 };

interface Closed {
  code: number;
  /** Frames the server sent before closing. */
  frames: PeerFrame[];
}

/** Opens a raw websocket to /peer, sends `first` once open, and collects what comes back until the close. */
function rawExchange(port: number, first: (socket: WebSocket) => void, onFrame?: (frame: PeerFrame, socket: WebSocket) => void): Promise<Closed> {
  return new Promise((resolve, reject) => {
    // A zero mask: ws then skips masking, so big test messages cost nothing to send.
    const socket = new WebSocket(`ws://127.0.0.1:${port}/peer`, { perMessageDeflate: false, generateMask: (mask) => void mask.fill(0) });
    const frames: PeerFrame[] = [];
    const guard = setTimeout(() => {
      socket.terminate();
      reject(new Error('the server did not close the connection within 3 s'));
    }, 3000);
    socket.on('open', () => first(socket));
    socket.on('message', (data: Buffer) => {
      const decoded = decodeFrames(data, MAX_FRAME);
      if (!decoded.ok) return;
      frames.push(...decoded.frames);
      for (const frame of decoded.frames) onFrame?.(frame, socket);
    });
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, frames });
    });
  });
}

/** An open socket to /peer from `localAddress` (any 127.x.y.z is loopback on Linux). */
function openSocket(port: number, localAddress = '127.0.0.1'): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/peer`, { perMessageDeflate: false, localAddress });
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
  });
}

function closeCode(socket: WebSocket): Promise<number> {
  return new Promise<number>((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve(-1);
    else socket.on('close', resolve);
  });
}

function refusedStatus(port: number, localAddress: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/peer`, { perMessageDeflate: false, localAddress });
    socket.on('open', () => {
      socket.terminate();
      resolve('opened');
    });
    socket.on('error', (error) => resolve(error.message));
  });
}

function hello(identifier: string): PeerFrame {
  return { type: 'hello', version: PROTOCOL_VERSION, identifier, incarnation: 1, mode: 'secret', nonce: randomBytes(32) };
}

function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('transport: bad input on the peer port', function () {
  this.timeout(10_000);
  let nodes: TestNode[] = [];
  let a: TestNode;
  let b: TestNode;

  before(async () => {
    const raw = await Promise.all([listeningNode('node-a'), listeningNode('node-b')]);
    const peers = [...raw.map((node) => ({ identifier: node.identifier, host: '127.0.0.1', port: node.port })), ABSENT];
    const options = { maxFrameBytes: MAX_FRAME, preAuthMaxBytes: PRE_AUTH, maxPendingHandshakes: 3, maxPendingPerAddress: 2, acceptTimeoutMs: 300 };
    nodes = raw.map((node) => startTransport(node, peers, options));
    [a, b] = nodes;
    await waitUp(a, 'node-b');
  });

  afterEach(function () {
    dumpLogsOnFailure(this.currentTest, nodes);
  });

  after(async () => {
    // Whatever was thrown at node-b, the link from node-a stayed up all along.
    assert.equal(a.transport.links()[0].reconnects, 0);
    assert.equal(await a.transport.remoteRef<EchoMessage>('node-b', 'echo').ask<string>((replyTo) => ({ type: 'echo', text: 'still', replyTo })), 'node-b:still');
    await Promise.all(nodes.map(stopNode));
  });

  async function refused(what: string, first: (socket: WebSocket) => void, logged: RegExp): Promise<Closed> {
    const closed = await rawExchange(b.port, first);
    await waitFor(`node-b to log why it refused ${what}`, () => b.lines.some((line) => line.includes('WARN') && logged.test(line)));
    return closed;
  }

  it('refuses garbage bytes', async () => {
    const closed = await refused('garbage', (socket) => socket.send(Buffer.from([0xc1, 0xff, 0x00, 0x13])), /refused: a frame is not a map/);
    assert.equal(closed.code, 1008);
    assert.deepEqual(closed.frames.map((frame) => frame.type), ['refused']);
    await refused('random bytes', (socket) => socket.send(Buffer.from([0xdb, 0xff, 0xff, 0xff, 0xff, 0x41])), /refused: not MessagePack/);
  });

  it('refuses a truncated frame', async () => {
    const bytes = encodeFrame(hello('node-a'));
    await refused('a truncated frame', (socket) => socket.send(bytes.subarray(0, bytes.length - 5)), /refused: not MessagePack: Unexpected end/);
  });

  it('refuses frames before authentication', async () => {
    const data = encodeFrame({ type: 'data', seq: 1, to: 'echo', message: { type: 'record' } });
    await refused('data before auth', (socket) => socket.send(data), /refused: data frame before authentication/);
  });

  it('refuses text messages', async () => {
    await refused('text', (socket) => socket.send('{"type":"hello"}'), /refused: text message/);
  });

  it('refuses an oversized message before authentication on its header, below the frame limit', async () => {
    // Above the pre-auth limit, below the frame limit: ws refuses it on its header (1009),
    // before buffering the payload, let alone decoding it.
    const closed = await refused('an oversized message', (socket) => socket.send(Buffer.alloc(PRE_AUTH + 1)), /refused: Max payload size exceeded/);
    assert.equal(closed.code, 1009);
    const big = await refused('a big message', (socket) => socket.send(Buffer.alloc(MAX_FRAME * 4)), /refused: Max payload size exceeded/);
    assert.equal(big.code, 1009);
  });

  it('refuses an unknown peer and a wrong proof, saying why', async () => {
    const unknown = await refused('an unknown peer', (socket) => socket.send(encodeFrame(hello('node-x'))), /refused: unknown peer identifier node-x/);
    assert.deepEqual(unknown.frames, [{ type: 'refused', reason: 'unknown peer identifier node-x (not a configured peer)' }]);
    // An impostor claiming to be node-c (configured, not linked), who cannot sign the challenge.
    const impostor = await rawExchange(
      b.port,
      (socket) => socket.send(encodeFrame(hello('node-c'))),
      (frame, socket) => {
        if (frame.type === 'challenge') socket.send(encodeFrame({ type: 'auth', proof: randomBytes(32) }));
      },
    );
    assert.deepEqual(impostor.frames.map((frame) => frame.type), ['challenge', 'refused']);
    assert.equal(impostor.code, 1008);
    assert.ok(b.lines.some((line) => /peer connection from 127\.0\.0\.1:\d+ \(saying it is node-c\) refused: wrong secret/.test(line)));
  });

  it('refuses a connection claiming a peer whose link is up, at its hello, and keeps the link', async () => {
    const impostor = await rawExchange(b.port, (socket) => socket.send(encodeFrame(hello('node-a'))));
    assert.equal(impostor.code, 1008);
    assert.deepEqual(impostor.frames.map((frame) => frame.type), ['refused']);
    const [refusal] = impostor.frames;
    assert.ok(refusal?.type === 'refused' && /^node-a is already linked to this node and alive \(heard \d+ ms ago\)/.test(refusal.reason), JSON.stringify(refusal));
    assert.ok(b.lines.some((line) => /WARN.*peer connection from 127\.0\.0\.1:\d+ \(saying it is node-a\) refused: node-a is already linked/.test(line)));
    assert.ok(b.transport.isUp('node-a'));
    assert.deepEqual(b.events.filter((event) => event.type === 'peer-down'), []);
  });

  it('answers a plain HTTP request on /peer with 426, and an upgrade elsewhere with 404', async () => {
    assert.equal(await httpGet(b.port, '/peer'), 426);
    assert.ok(b.lines.some((line) => /plain HTTP GET on \/peer from 127\.0\.0\.1:\d+ refused/.test(line)));
    assert.equal(await httpGet(b.port, '/other', { Connection: 'Upgrade', Upgrade: 'websocket' }), 404);
    // A broken websocket upgrade (no key) is refused by ws, logged by us.
    assert.equal(await httpGet(b.port, '/peer', { Connection: 'Upgrade', Upgrade: 'websocket' }), 400);
    await waitFor('the refused upgrade to be logged', () => b.lines.some((line) => /peer connection from .* refused: .*Sec-WebSocket/.test(line)));
  });

  it('gives the slot of the oldest connection without hello to a newcomer from the same source', async () => {
    // maxPendingPerAddress 2: a third connection from 127.0.0.3 (no peer there) pushes the oldest silent one out.
    const first = await openSocket(b.port, '127.0.0.3');
    const firstClosed = closeCode(first);
    const second = await openSocket(b.port, '127.0.0.3');
    const third = await openSocket(b.port, '127.0.0.3');
    assert.equal(await firstClosed, 1008);
    await waitFor('the eviction to be logged', () => b.lines.some((line) => /refused: no hello yet, its slot was given to a new connection from 127\.0\.0\.3/.test(line)));
    // The others are refused at the accept deadline (300 ms here), hello or not.
    assert.deepEqual(await Promise.all([closeCode(second), closeCode(third)]), [1008, 1008]);
    assert.ok(b.lines.some((line) => /refused: no handshake within 300 ms/.test(line)));
  });

  it('refuses a source whose slots are all past their hello, and strangers when every slot is taken', async () => {
    // Two connections from 127.0.0.2 say hello as node-c, then stall: they keep their slots.
    const stalled = await Promise.all([openSocket(b.port, '127.0.0.2'), openSocket(b.port, '127.0.0.2')]);
    const challenged = await Promise.all(
      stalled.map(
        (socket) =>
          new Promise<string | undefined>((resolve) => {
            socket.once('message', (data: Buffer) => {
              const decoded = decodeFrames(data, MAX_FRAME);
              resolve(decoded.ok ? decoded.frames[0]?.type : undefined);
            });
            socket.send(encodeFrame(hello('node-c')));
          }),
      ),
    );
    assert.deepEqual(challenged, ['challenge', 'challenge']);
    assert.match(await refusedStatus(b.port, '127.0.0.2'), /Unexpected server response: 503/);
    assert.ok(b.lines.some((line) => /peer connection from 127\.0\.0\.2:\d+ refused: 2 connections from 127\.0\.0\.2 already authenticating/.test(line)));
    // A third slot taken by a silent stranger: all 3 slots are taken. Another stranger is refused...
    const silent = await openSocket(b.port, '127.0.0.3');
    const silentClosed = closeCode(silent);
    assert.match(await refusedStatus(b.port, '127.0.0.4'), /Unexpected server response: 503/);
    assert.ok(b.lines.some((line) => /peer connection from 127\.0\.0\.4:\d+ refused: 3 connections already authenticating/.test(line)));
    // ...but a connection from a configured peer's address takes the silent stranger's slot.
    const fromPeer = await openSocket(b.port, '127.0.0.1');
    assert.equal(await silentClosed, 1008);
    fromPeer.terminate();
    assert.deepEqual(await Promise.all(stalled.map(closeCode)), [1008, 1008]);
  });
});
