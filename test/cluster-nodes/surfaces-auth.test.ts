/**
 * Every surface of real nodes with [inet_http_server] credentials (USER / PASSWORD) asks for
 * them: /RPC2, /diagnostics, /diagnostics.txt and the /events websocket on the main port, and
 * the event_port websocket, answer 401 with a Basic challenge without or with wrong credentials,
 * and serve with the right ones. The event port listens on the node's host (127.0.0.1) only.
 * 300 anonymous websocket attempts take no slot: an authenticated subscriber gets in meanwhile.
 * node2 sets event_port_open = true: its event port lets anonymous subscribers in, its main
 * port still does not.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { EventClient } from '../../client/events.js';
import { clusterLogsOnFailure, PASSWORD, startCluster, USER, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { basic, upgradeStatus } from '../helpers/http-client.js';
import { freePort } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const upgradeAt = (port: number, path: string, headers: Record<string, string>): ReturnType<typeof upgradeStatus> => upgradeStatus(`ws://127.0.0.1:${port}${path}`, { headers });

const CHALLENGE = 'Basic realm="default"';
const RIGHT = basic(`${USER}:${PASSWORD}`);
const PROBES: readonly [string, Record<string, string>][] = [
  ['without credentials', {}],
  ['with a wrong password', basic(`${USER}:wrong`)],
  ['with a wrong username', basic(`nobody:${PASSWORD}`)],
];

interface Answer {
  readonly status: number;
  readonly challenge: string | undefined;
  readonly body: string;
}

function httpCall(port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) }, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const challenge = response.headers['www-authenticate'];
        resolve({ status: response.statusCode ?? 0, challenge: typeof challenge === 'string' ? challenge : undefined, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}


/** Local addresses (hex, as /proc/net/tcp* write them) of the sockets listening on `port`. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, hexPort] = (fields[1] ?? '').split(':');
      if (fields[3] === '0A' && hexPort !== undefined && parseInt(hexPort, 16) === port) found.push(address ?? '');
    }
  }
  return found;
}

const RPC_BODY = '<?xml version="1.0"?><methodCall><methodName>supvisors.get_api_version</methodName><params></params></methodCall>';

describe('authentication on every surface of real nodes', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  const eventPorts: number[] = [];
  const clients: EventClient[] = [];

  before(async () => {
    eventPorts.push(await freePort(), await freePort());
    cluster = await startCluster(2, {
      supvisors: 'event_link = WS',
      perNode: (index) => `event_port = ${eventPorts[index] ?? 0}${index === 1 ? '\nevent_port_open = true' : ''}`,
    });
    await cluster.waitState(cluster.nodes, 'OPERATION', 20_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await cluster?.stop();
  });

  function nodes(): [ClusterNode, ClusterNode] {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster.nodes as [ClusterNode, ClusterNode];
  }

  it('main port: /RPC2, /diagnostics, /diagnostics.txt answer 401 with a Basic challenge unless the credentials are right', async () => {
    const [node1] = nodes();
    const routes: readonly ['GET' | 'POST', string, string][] = [
      ['POST', '/RPC2', RPC_BODY],
      ['GET', '/diagnostics', ''],
      ['GET', '/diagnostics.txt', ''],
      ['GET', '/no-such-page', ''],
    ];
    for (const [method, path, body] of routes) {
      for (const [what, headers] of PROBES) {
        const answer = await httpCall(node1.httpPort, method, path, headers, body);
        assert.deepEqual([answer.status, answer.challenge], [401, CHALLENGE], `${method} ${path} ${what}`);
        assert.doesNotMatch(answer.body, /actor|methodResponse/, `${method} ${path} ${what}: nothing served`);
      }
    }
    const rpc = await httpCall(node1.httpPort, 'POST', '/RPC2', RIGHT, RPC_BODY);
    assert.equal(rpc.status, 200);
    assert.match(rpc.body, /<methodResponse>/);
    const json = await httpCall(node1.httpPort, 'GET', '/diagnostics', RIGHT);
    assert.equal(json.status, 200);
    assert.ok(typeof (JSON.parse(json.body) as { actors?: unknown }).actors === 'object');
    const text = await httpCall(node1.httpPort, 'GET', '/diagnostics.txt', RIGHT);
    assert.equal(text.status, 200);
    assert.match(text.body, /^actor system node1: \d+ actors/);
    assert.equal((await httpCall(node1.httpPort, 'GET', '/no-such-page', RIGHT)).status, 404);
  });

  it('main port /events and event_port websockets: 401 before the handshake unless the credentials are right', async () => {
    const [node1] = nodes();
    for (const [port, path] of [
      [node1.httpPort, '/events/all'],
      [eventPorts[0] ?? 0, '/all'],
    ] as const) {
      for (const [what, headers] of PROBES) {
        assert.deepEqual(await upgradeAt(port, path, headers), { status: 401, challenge: CHALLENGE }, `${port}${path} ${what}`);
      }
      assert.equal((await upgradeAt(port, path, RIGHT)).status, 101, `${port}${path} with the right credentials`);
    }
    assert.match(node1.runtimeLog(), /refused \(401\)/);
  });

  it('the typed client with credentials receives events on both ports', async () => {
    const [node1] = nodes();
    const seen = { main: 0, event: 0 };
    const credentials = { username: USER, password: PASSWORD };
    const viaMain = new EventClient({ host: '127.0.0.1', port: node1.httpPort, basePath: '/events', credentials, handlers: { instance: () => void (seen.main += 1) } });
    const viaEvent = new EventClient({ host: '127.0.0.1', port: eventPorts[0] ?? 0, credentials, handlers: { instance: () => void (seen.event += 1) } });
    clients.push(viaMain, viaEvent);
    await waitFor('instance events on both ports', () => seen.main > 0 && seen.event > 0, { timeoutMs: 15_000, intervalMs: 50 });
    await Promise.all([viaMain.close(), viaEvent.close()]);
  });

  it('the event port listens on the node host (127.0.0.1), not on every interface', () => {
    const [node1] = nodes();
    const addresses = listeningAddresses(eventPorts[0] ?? 0);
    // 0100007F: 127.0.0.1 in /proc/net/tcp's little-endian hex.
    assert.deepEqual(addresses, ['0100007F'], `event_port ${eventPorts[0] ?? 0} listens on ${addresses.join(', ')}`);
    assert.deepEqual(listeningAddresses(node1.httpPort), ['0100007F']);
  });

  it('300 anonymous websocket attempts take no slot: an authenticated subscriber gets in meanwhile, on both surfaces', async () => {
    const [node1] = nodes();
    for (const [port, path] of [
      [node1.httpPort, '/events/all'],
      [eventPorts[0] ?? 0, '/all'],
    ] as const) {
      const flood = Promise.all(Array.from({ length: 300 }, () => upgradeAt(port, path, {})));
      const during = await upgradeAt(port, path, RIGHT);
      const statuses = await flood;
      assert.equal(during.status, 101, `authenticated subscriber on ${port}${path} during the flood`);
      assert.deepEqual([...new Set(statuses.map((one) => one.status))], [401]);
      assert.equal((await upgradeAt(port, path, RIGHT)).status, 101, `authenticated subscriber on ${port}${path} after the flood`);
    }
    // A few lines per kind and window, not 600.
    const refusals = node1.runtimeLog().split('\n').filter((line) => line.includes('refused (401)')).length;
    assert.ok(refusals < 40, `${refusals} refusal lines`);
  });

  it('event_port_open = true (node2): anonymous subscribers on its event port, never on its main port', async () => {
    const [, node2] = nodes();
    assert.equal((await upgradeAt(eventPorts[1] ?? 0, '/all', {})).status, 101);
    assert.deepEqual(await upgradeAt(eventPorts[1] ?? 0, '/all', basic(`${USER}:wrong`)), { status: 401, challenge: CHALLENGE });
    assert.deepEqual(await upgradeAt(node2.httpPort, '/events/all', {}), { status: 401, challenge: CHALLENGE });
    assert.match(node2.runtimeLog(), /event_port_open = true: the event port \d+ serves the cluster's events to anyone who can reach 127\.0\.0\.1/);
  });
});
