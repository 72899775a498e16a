import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { decodeFrames, encodeFrame, PROTOCOL_VERSION, type PeerFrame } from '../../transport/frames.js';
import { waitFor } from '../helpers/wait.js';
import { dumpLogsOnFailure, startCluster, stopNode, waitUp, type EchoMessage, type TestNode } from './cluster.js';

const MAX_FRAME = 64 * 1024;

interface Closed {
  code: number;
  /** Frames the server sent before closing. */
  frames: PeerFrame[];
}

/** Opens a raw websocket to /peer, sends `first` once open, and collects what comes back until the close. */
function rawExchange(port: number, first: (socket: WebSocket) => void, onFrame?: (frame: PeerFrame, socket: WebSocket) => void): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/peer`, { perMessageDeflate: false });
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
    nodes = await startCluster(['node-a', 'node-b'], { maxFrameBytes: MAX_FRAME, maxPendingHandshakes: 3, handshakeTimeoutMs: 300 });
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

  it('refuses an oversized message', async () => {
    const closed = await refused('an oversized message', (socket) => socket.send(Buffer.alloc(MAX_FRAME + 1)), /refused: Max payload size exceeded/);
    assert.equal(closed.code, 1009);
  });

  it('refuses an unknown peer and a wrong proof, saying why', async () => {
    const unknown = await refused('an unknown peer', (socket) => socket.send(encodeFrame(hello('node-x'))), /refused: unknown peer identifier node-x/);
    assert.deepEqual(unknown.frames, [{ type: 'refused', reason: 'unknown peer identifier node-x (not a configured peer)' }]);
    // An impostor claiming to be node-a, who cannot sign the challenge.
    const impostor = await rawExchange(
      b.port,
      (socket) => socket.send(encodeFrame(hello('node-a'))),
      (frame, socket) => {
        if (frame.type === 'challenge') socket.send(encodeFrame({ type: 'auth', proof: randomBytes(32) }));
      },
    );
    assert.deepEqual(impostor.frames.map((frame) => frame.type), ['challenge', 'refused']);
    assert.equal(impostor.code, 1008);
    assert.ok(b.lines.some((line) => /peer connection from 127\.0\.0\.1:\d+ \(saying it is node-a\) refused: wrong secret/.test(line)));
    // The real node-a is not taken down by an impostor using its name.
    assert.ok(b.transport.isUp('node-a'));
  });

  it('answers a plain HTTP request on /peer with 426, and an upgrade elsewhere with 404', async () => {
    assert.equal(await httpGet(b.port, '/peer'), 426);
    assert.ok(b.lines.some((line) => /plain HTTP GET on \/peer from 127\.0\.0\.1:\d+ refused/.test(line)));
    assert.equal(await httpGet(b.port, '/other', { Connection: 'Upgrade', Upgrade: 'websocket' }), 404);
    // A broken websocket upgrade (no key) is refused by ws, logged by us.
    assert.equal(await httpGet(b.port, '/peer', { Connection: 'Upgrade', Upgrade: 'websocket' }), 400);
    await waitFor('the refused upgrade to be logged', () => b.lines.some((line) => /peer connection from .* refused: .*Sec-WebSocket/.test(line)));
  });

  it('bounds the connections authenticating at once, and drops idle ones after the handshake timeout', async () => {
    const idle = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`ws://127.0.0.1:${b.port}/peer`, { perMessageDeflate: false });
            socket.on('open', () => resolve(socket));
            socket.on('error', reject);
          }),
      ),
    );
    const refusedWith = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${b.port}/peer`, { perMessageDeflate: false });
      socket.on('error', (error) => resolve(error.message));
    });
    assert.match(refusedWith, /Unexpected server response: 503/);
    assert.ok(b.lines.some((line) => /refused: 3 connections already authenticating/.test(line)));
    const codes = await Promise.all(idle.map((socket) => new Promise<number>((resolve) => socket.on('close', resolve))));
    assert.deepEqual(codes, [1008, 1008, 1008]);
    assert.ok(b.lines.some((line) => /refused: no handshake within 300 ms/.test(line)));
  });
});
