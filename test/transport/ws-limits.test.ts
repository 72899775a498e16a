/**
 * ws-limits.ts reaches inside ws: this checks, against the installed ws, that the limit it sets
 * is the one ws applies (a ws release renaming its internals fails here, not in production).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { receiveLimit, setReceiveLimit } from '../../transport/ws-limits.js';

describe('transport ws receive limit', () => {
  let server: WebSocketServer | undefined;
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  it('lowers and raises the largest message an open socket accepts', async () => {
    const received: number[] = [];
    const refused = new Promise<string | undefined>((resolve) => {
      server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 * 1024 }, () => undefined);
      server.on('connection', (socket) => {
        sockets.push(socket);
        assert.equal(receiveLimit(socket), 1024 * 1024);
        assert.equal(setReceiveLimit(socket, 1000), true);
        assert.equal(receiveLimit(socket), 1000);
        socket.on('message', (data: Buffer) => {
          received.push(data.length);
          // After the first small message, accept big ones: as after authentication.
          setReceiveLimit(socket, 1024 * 1024);
          if (received.length === 2) {
            setReceiveLimit(socket, 1000);
          }
        });
        // ws checks the limit on the frame header, before buffering the payload.
        socket.on('error', (error: Error & { code?: string }) => resolve(error.code));
      });
    });
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    const { port } = server?.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    sockets.push(client);
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('open', resolve));
    client.send(Buffer.alloc(900));
    client.send(Buffer.alloc(500_000));
    client.send(Buffer.alloc(1001));
    assert.equal(await refused, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    assert.deepEqual(received, [900, 500_000]);
  });
});
