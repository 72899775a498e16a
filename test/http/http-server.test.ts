import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpServer } from '../../http/http-server.js';
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

describe('http server authentication (one check for every route and upgrade)', () => {
  const { logger, lines } = memoryLogger();
  const handled: string[] = [];
  const server = new HttpServer(
    [
      { method: 'GET', path: '/page', handle: (_request, response) => void response.end('page') },
      { method: 'POST', path: '/RPC2*', handle: (_request, response) => void response.end('rpc') },
    ],
    logger,
    undefined,
    { credentials: { username: 'user', password: 'p:ss' }, ownAuthentication: ['/own'] },
  );
  const accept = (name: string) => (_request: unknown, socket: Duplex) => {
    handled.push(name);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n');
    socket.destroy();
  };
  const basic = (text: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(text).toString('base64')}` });
  let port = 0;

  before(async () => {
    server.onUpgrade('/up', accept('up'));
    server.onUpgrade('/events/*', accept('events'));
    server.onUpgrade('/own', accept('own'));
    port = await server.listen(0, '127.0.0.1');
  });

  after(() => server.close());

  /** Status and WWW-Authenticate of a plain request, or 101 for an upgrade taken. */
  function probe(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; challenge: string | undefined }> {
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
        response.resume();
        const challenge = response.headers['www-authenticate'];
        resolve({ status: response.statusCode ?? 0, challenge: typeof challenge === 'string' ? challenge : undefined });
      });
      outgoing.on('upgrade', (_response, socket) => {
        socket.destroy();
        resolve({ status: 101, challenge: undefined });
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  it('answers 401 with a Basic challenge to every route, known or not, without or with wrong credentials', async () => {
    for (const [path, method] of [['/page', 'GET'], ['/RPC2', 'POST'], ['/nothing', 'GET'], ['/up', 'GET']] as const) {
      for (const headers of [{}, basic('user:wrong'), basic('other:p:ss')]) {
        assert.deepEqual(await probe(path, headers, method), { status: 401, challenge: 'Basic realm="default"' }, `${method} ${path} ${JSON.stringify(headers)}`);
      }
    }
    assert.equal((await probe('/page', basic('user:p:ss'))).status, 200);
    assert.equal((await probe('/RPC2', basic('user:p:ss'), 'POST')).status, 200);
    assert.equal((await probe('/nothing', basic('user:p:ss'))).status, 404);
    assert.equal((await probe('/up', basic('user:p:ss'))).status, 426);
  });

  it('refuses an upgrade without the right credentials with 401 before its handler is called', async () => {
    for (const path of ['/up', '/events/all', '/nothing']) {
      for (const headers of [upgrade, { ...upgrade, ...basic('user:wrong') }]) {
        assert.deepEqual(await probe(path, headers), { status: 401, challenge: 'Basic realm="default"' }, path);
      }
    }
    assert.deepEqual(handled, []);
    assert.equal((await probe('/up', { ...upgrade, ...basic('user:p:ss') })).status, 101);
    assert.equal((await probe('/events/all', { ...upgrade, ...basic('user:p:ss') })).status, 101);
    assert.equal((await probe('/nothing', { ...upgrade, ...basic('user:p:ss') })).status, 404);
    assert.deepEqual(handled, ['up', 'events']);
  });

  it('lets the paths that authenticate by themselves (the peer endpoint) through, and those only', async () => {
    handled.length = 0;
    assert.equal((await probe('/own', upgrade)).status, 101);
    assert.equal((await probe('/own/x', upgrade)).status, 401);
    assert.deepEqual(handled, ['own']);
  });

  it('logs refusals rate-limited: a flood costs a few lines', async () => {
    const before = lines.filter((line) => /refused \(401\)/.test(line)).length;
    await Promise.all(Array.from({ length: 40 }, () => probe('/page', {})));
    const written = lines.filter((line) => /refused \(401\)/.test(line)).length - before;
    assert.ok(written <= 5, `${written} refusal lines for 40 refusals`);
    assert.ok(lines.some((line) => /WARN;HTTP GET on \/page from 127\.0\.0\.1:\d+ refused \(401\): missing credentials/.test(line)));
  });
});
