import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpServer } from '../../api/http-server.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';

/** Sends a request; resolves with the status, or with the socket on a 101. */
function send(port: number, path: string, headers: Record<string, string> = {}): Promise<number | Duplex> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('upgrade', (_response, socket) => resolve(socket));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const upgrade = { Connection: 'Upgrade', Upgrade: 'test' };

describe('http server upgrade hook', () => {
  const { logger, lines } = memoryLogger();
  const server = new HttpServer([{ method: 'GET', path: '/page', handle: (_request, response) => void response.end('page') }], logger);
  const taken: Duplex[] = [];
  let port = 0;

  before(async () => {
    server.onUpgrade('/up', (_request, socket) => {
      taken.push(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    });
    port = await server.listen(0, '127.0.0.1');
  });

  after(() => server.close());

  it('hands an upgrade on its path to the handler, and keeps routes working', async () => {
    const socket = await send(port, '/up', upgrade);
    assert.ok(typeof socket !== 'number');
    assert.equal(taken.length, 1);
    socket.destroy();
    assert.equal(await send(port, '/page'), 200);
  });

  it('answers 404 to an upgrade elsewhere and 426 to a plain request on the path, with a log line', async () => {
    assert.equal(await send(port, '/page', upgrade), 404);
    assert.equal(await send(port, '/up'), 426);
    assert.ok(lines.some((line) => /WARN;upgrade request from 127\.0\.0\.1:\d+ refused: nothing to upgrade to on \/page/.test(line)));
    assert.ok(lines.some((line) => /WARN;plain HTTP GET on \/up from 127\.0\.0\.1:\d+ refused/.test(line)));
  });

  it('takes one handler per path, and removes it', async () => {
    assert.throws(() => server.onUpgrade('/up', () => undefined), (error) => isSupvisorsError(error, 'BAD_ARGUMENTS'));
    const remove = server.onUpgrade('/other', () => undefined);
    remove();
    assert.equal(await send(port, '/other', upgrade), 404);
  });

  it('ends upgraded connections when it closes', async () => {
    const extra = new HttpServer([], logger);
    const sockets: Duplex[] = [];
    extra.onUpgrade('/up', (_request, socket) => {
      sockets.push(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    });
    const extraPort = await extra.listen(0, '127.0.0.1');
    const client = await send(extraPort, '/up', upgrade);
    assert.ok(typeof client !== 'number');
    let ended = false;
    client.on('close', () => (ended = true));
    await extra.close();
    await waitFor('the upgraded connection to end', () => ended, { timeoutMs: 2000 });
    assert.ok(sockets[0].destroyed);
  });
});
