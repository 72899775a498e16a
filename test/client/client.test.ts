/**
 * The typed client against a real node (supervisord + our runtime, one node): its calls answer
 * what a raw XML-RPC call answers, faults come as their classes, events as typed messages. The
 * failures without an answer (refused, dropped, silent, HTTP errors, unreadable or off-contract
 * answers) are provoked with small local servers that count what reaches them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadNameFault,
  ClientConnectionError,
  ClientHttpError,
  ClientParamsError,
  ClientProtocolError,
  ClientTimeoutError,
  SupvisorsClient,
  UnexpectedResultError,
  IncorrectParametersFault,
  type EventBodies,
} from '../../client/index.js';
import { methodNames } from '../../contract/index.js';
import { xmlRpcToJson } from '../../xmlrpc/json.js';
import { freePort, logsOnFailure, PASSWORD, startNode, USER, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `[group:app]\nprograms = sleeper\n[program:sleeper]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`;
const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root><application name="app"><programs><program name="sleeper"><start_sequence>1</start_sequence></program></programs></application></root>
`;

/** A local server, its port, and a close that ends its connections too. */
interface Local {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

async function listen(server: Server, onSocket: (socket: Socket) => void = () => undefined): Promise<Local> {
  const sockets = new Set<Socket>();
  const local: Local = {
    port: 0,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => {
    local.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  local.port = typeof address === 'object' && address !== null ? address.port : 0;
  return local;
}

/** An HTTP server answering every request with `status` and `body`. */
function answering(status: number, body: string): Promise<Local> {
  return listen(
    createHttpServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => response.writeHead(status, { 'Content-Type': 'text/xml' }).end(body));
    }),
  );
}

const response = (value: string): string => `<?xml version="1.0"?><methodResponse><params><param><value>${value}</value></param></params></methodResponse>`;

/** The value without its `now_monotonic` members: two answers a moment apart compare equal. */
function clockless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clockless);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'now_monotonic').map(([key, member]) => [key, clockless(member)]));
}

/** `client.call` with what its types refuse: the run-time checks behind them. */
function untyped(client: SupvisorsClient): (name: string, ...params: unknown[]) => Promise<unknown> {
  return client.call.bind(client) as (name: string, ...params: unknown[]) => Promise<unknown>;
}

describe('SupvisorsClient against a real node', function () {
  this.timeout(60_000);
  let dir = '';
  let node: TestNode | undefined;
  let client: SupvisorsClient;
  let url = '';
  const locals: Local[] = [];

  const local = async (made: Promise<Local>): Promise<Local> => {
    const server = await made;
    locals.push(server);
    return server;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-client-'));
    writeFileSync(join(dir, 'rules.xml'), RULES);
    node = await startNode({ programs: PROGRAMS, supvisors: `rules_files = ${join(dir, 'rules.xml')}\nevent_link = WS` });
    await node.waitRuntime();
    url = `http://127.0.0.1:${node.httpPort}`;
    client = new SupvisorsClient({ url, username: USER, password: PASSWORD });
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(async () => {
    client?.close();
    await Promise.all(locals.map((server) => server.close()));
    await node?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('answers typed calls with what a raw XML-RPC call answers', async () => {
    const raw = async (name: string): Promise<unknown> => xmlRpcToJson(await (node as TestNode).api.call(name));
    const version: string = await client.supvisors.get_api_version();
    assert.equal(version, await raw('supvisors.get_api_version'));
    assert.equal(await client.call('supvisors.get_api_version'), version);
    const state = await client.supvisors.get_supvisors_state();
    assert.deepEqual(clockless(state), clockless(await raw('supvisors.get_supvisors_state')));
    assert.equal(state.fsm_statename, 'OPERATION');
    const applications = await client.supvisors.get_all_applications_info();
    assert.deepEqual(clockless(applications), clockless(await raw('supvisors.get_all_applications_info')));
    assert.deepEqual(applications.map((info) => info.application_name), ['app']);
    assert.deepEqual(await client.supervisor.getState(), await raw('supervisor.getState'));
    const methods: string[] = await client.system.listMethods();
    assert.deepEqual(methods, await raw('system.listMethods'));
    assert.ok(methods.includes('supvisors.get_application_info'));
    assert.equal(client.address, url);
  });

  it('makes a fault its class', async () => {
    await assert.rejects(client.supvisors.get_application_info('nope'), (error: unknown) => {
      assert.ok(error instanceof BadNameFault, String(error));
      assert.equal(error.faultCode, 10);
      assert.equal(error.faultName, 'BAD_NAME');
      assert.match(error.faultString, /^BAD_NAME: /);
      assert.equal(error.method, 'supvisors.get_application_info');
      return true;
    });
    // supervisord's own fault, through our runtime
    await assert.rejects(client.supervisor.startProcess('nope'), (error: unknown) => error instanceof BadNameFault && error.faultString === 'BAD_NAME: nope');
  });

  it('refuses a call the contract does not allow before sending it', async () => {
    const counting = await local(listen(createNetServer()));
    const elsewhere = untyped(new SupvisorsClient({ url: `http://127.0.0.1:${counting.port}` }));
    const refused = (pattern: RegExp) => (error: unknown) => error instanceof ClientParamsError && pattern.test(error.message);
    await assert.rejects(elsewhere('supvisors.get_api_version', 'extra'), refused(/^supvisors\.get_api_version: 1 parameter\(s\) given, it takes 0 \(none\)$/));
    await assert.rejects(elsewhere('supvisors.get_application_info'), refused(/0 parameter\(s\) given, it takes 1 \(application_name\)/));
    await assert.rejects(elsewhere('supvisors.start_application', 'CONFIG'), refused(/1 parameter\(s\) given, it takes 2 to 3 \(strategy, application_name, wait\)/));
    await assert.rejects(elsewhere('supvisors.nope'), refused(/^supvisors\.nope: not a method of the contract table$/));
    await assert.rejects(elsewhere('supvisors.get_application_info', null), refused(/null is not an XML-RPC value/));
    assert.equal(counting.connections, 0);
    // the types refuse them first
    // @ts-expect-error: get_api_version takes no parameter
    await assert.rejects(client.supvisors.get_api_version('extra'), ClientParamsError);
    // @ts-expect-error: application_name is a string (sent as given: the server looks 3 up as a name, as Supvisors 0.19)
    await assert.rejects(client.supvisors.get_application_info(3), (error: unknown) => error instanceof BadNameFault && /application=3 unknown to Supvisors/.test(error.message));
    // @ts-expect-error: application_name is a string (a list is no name: the server refuses it)
    await assert.rejects(client.supvisors.get_application_info(['web']), IncorrectParametersFault);
  });

  it('times out, with its own bound for a call that waits for a job', async () => {
    const silent = await local(listen(createNetServer()));
    const slow = new SupvisorsClient({ url: `http://127.0.0.1:${silent.port}`, timeoutMs: 100 });
    const timedOut = (timeoutMs: number) => (error: unknown) => error instanceof ClientTimeoutError && error.timeoutMs === timeoutMs && /did not answer within/.test(error.message);
    await assert.rejects(slow.supvisors.get_api_version(), timedOut(100));
    const waiting = slow.with({ timeoutMs: 50, blockingTimeoutMs: 300 });
    await assert.rejects(waiting.supvisors.start_application('CONFIG', 'app'), timedOut(300));
    await assert.rejects(waiting.supvisors.start_application('CONFIG', 'app', false), timedOut(50));
    assert.equal(silent.connections, 3, 'no retry after a timeout');
    slow.close();
  });

  it('retries a read-only method failing before any answer, and only those', async () => {
    const closed = new SupvisorsClient({ url: `http://127.0.0.1:${await freePort()}`, retryDelayMs: 10 });
    await assert.rejects(closed.supvisors.get_api_version(), (error: unknown) => {
      assert.ok(error instanceof ClientConnectionError, String(error));
      assert.equal(error.attempts, 3);
      assert.match(error.message, /^supvisors\.get_api_version: supvisors at http:\/\/127\.0\.0\.1:\d+ cannot be reached: connect ECONNREFUSED .* \(3 attempts\)$/);
      return true;
    });
    const dropping = await local(listen(createNetServer(), (socket) => socket.destroy()));
    const dropped = new SupvisorsClient({ url: `http://127.0.0.1:${dropping.port}`, retries: 2, retryDelayMs: 10 });
    await assert.rejects(dropped.supvisors.get_all_applications_info(), (error: unknown) => error instanceof ClientConnectionError && error.attempts === 3);
    assert.equal(dropping.connections, 3);
    await assert.rejects(dropped.supvisors.start_application('CONFIG', 'app', false), (error: unknown) => error instanceof ClientConnectionError && error.attempts === 1);
    assert.equal(dropping.connections, 4, 'start_application is not read-only: sent once');
    await assert.rejects(dropped.with({ retries: 0 }).supvisors.get_api_version(), (error: unknown) => error instanceof ClientConnectionError && error.attempts === 1);
    assert.equal(dropping.connections, 5);
    dropped.close();
  });

  it('says HTTP 401 when the credentials are wrong, and other statuses as they come', async () => {
    const wrong = new SupvisorsClient({ url, username: USER, password: 'wrong' });
    await assert.rejects(wrong.supvisors.get_api_version(), (error: unknown) => error instanceof ClientHttpError && error.status === 401 && /refused our credentials/.test(error.message));
    wrong.close();
    const failing = await local(answering(500, 'oops'));
    await assert.rejects(new SupvisorsClient({ url: `http://127.0.0.1:${failing.port}` }).supervisor.getState(), (error: unknown) => error instanceof ClientHttpError && error.status === 500);
    assert.equal(failing.connections, 1, 'an answer is never retried');
  });

  it('checks results against the contract, unless told not to', async () => {
    const deviating = await local(answering(200, response('<int>42</int>')));
    const checked = new SupvisorsClient({ url: `http://127.0.0.1:${deviating.port}` });
    await assert.rejects(checked.supvisors.get_api_version(), (error: unknown) => {
      assert.ok(error instanceof UnexpectedResultError, String(error));
      assert.equal(error.method, 'supvisors.get_api_version');
      assert.equal(error.path, '');
      assert.equal(error.result, 42);
      assert.match(error.message, /^supvisors\.get_api_version: unexpected result at \/: Expected string$/);
      return true;
    });
    assert.equal(await checked.with({ checkResults: false }).supvisors.get_api_version(), 42);
    const unreadable = await local(answering(200, '<methodResponse><params>'));
    await assert.rejects(new SupvisorsClient({ url: `http://127.0.0.1:${unreadable.port}` }).supvisors.get_api_version(), ClientProtocolError);
    checked.close();
  });

  it('subscribes to the events of the node with its address and credentials', async () => {
    const seen: EventBodies['process'][] = [];
    const events = client.events({ headers: ['process'], handlers: { process: (body) => void seen.push(body) } });
    try {
      await events.waitOpen(5000);
      assert.equal(events.url, `ws://127.0.0.1:${(node as TestNode).httpPort}/events/process`);
      assert.equal(await client.supvisors.start_process('CONFIG', 'app:sleeper'), true);
      await waitFor('the process status of app:sleeper RUNNING', () => seen.some((body) => body.application_name === 'app' && body.process_name === 'sleeper' && body.statename === 'RUNNING'), {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
    } finally {
      await events.close();
    }
  });

  it('reaches every method of the table through its namespace', () => {
    const reached = [
      ...Object.keys(client.system).map((method) => `system.${method}`),
      ...Object.keys(client.supvisors).map((method) => `supvisors.${method}`),
      ...Object.keys(client.supervisor).map((method) => `supervisor.${method}`),
    ];
    assert.deepEqual(reached.sort(), [...methodNames].sort());
  });
});
