import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpServer } from '../../http/http-server.js';
import { decodeResponse, encodeMethodCall } from '../../xmlrpc/codec.js';
import { MethodTable } from '../../api/xmlrpc/method-table.js';
import { xmlRpcRoutes } from '../../api/xmlrpc/server.js';
import { testContract, withSystem } from '../helpers/contracts.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import type { ErrorCode } from '../../errors/codes.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';

const USER = 'chris';
const PASSWORD = 'secret';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function configuration(dir: string, port: number): string {
  return `[supervisord]
nodaemon = true
logfile = ${dir}/supervisord.log
pidfile = ${dir}/supervisord.pid
childlogdir = ${dir}

[unix_http_server]
file = ${dir}/supervisor.sock

[inet_http_server]
port = 127.0.0.1:${port}
username = ${USER}
password = ${PASSWORD}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://${dir}/supervisor.sock

[program:sleeper]
command = sleep 1000
startsecs = 0
`;
}

function struct(value: XmlRpcValue): Record<string, XmlRpcValue> {
  assert.ok(isStruct(value), `expected a struct, got ${JSON.stringify(value)}`);
  return value;
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isSupvisorsError(error, code), `expected ${code}, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

function supervisorctl(...args: string[]): Promise<{ output: string; code: number }> {
  return new Promise((resolve) => {
    execFile('supervisorctl', args, { timeout: 5000 }, (error, stdout, stderr) => {
      resolve({ output: stdout + stderr, code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1 });
    });
  });
}

describe('supervisor client (real supervisord)', () => {
  let dir = '';
  let port = 0;
  let daemon: ChildProcess | undefined;
  let sleeperPid = 0;
  let unix: SupervisorClient;
  let inet: SupervisorClient;
  const { logger } = memoryLogger();

  before(async function () {
    this.timeout(15_000);
    dir = mkdtempSync(join(tmpdir(), 'supervisor-client-'));
    port = await freePort();
    writeFileSync(join(dir, 'supervisord.conf'), configuration(dir, port));
    daemon = spawn('supervisord', ['-c', join(dir, 'supervisord.conf')], { stdio: 'ignore' });
    unix = new SupervisorClient({ kind: 'unix', socketPath: join(dir, 'supervisor.sock') }, { timeoutMs: 2000 });
    inet = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port, username: USER, password: PASSWORD });
    await waitFor(
      'supervisord RUNNING with sleeper RUNNING',
      async () => {
        try {
          const infos = await unix.call('supervisor.getAllProcessInfo');
          const sleeper = Array.isArray(infos) ? struct(infos[0]) : {};
          sleeperPid = typeof sleeper.pid === 'number' ? sleeper.pid : 0;
          return sleeper.statename === 'RUNNING';
        } catch {
          return false;
        }
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  });

  after(async function () {
    this.timeout(15_000);
    unix?.close();
    inet?.close();
    if (daemon !== undefined && daemon.exitCode === null && daemon.signalCode === null) {
      const exited = once(daemon, 'exit');
      daemon.kill('SIGTERM');
      let killed = false;
      const killer = setTimeout(() => (killed = daemon?.kill('SIGKILL') ?? false), 5000);
      await exited;
      clearTimeout(killer);
      // A killed supervisord leaves its program behind.
      try {
        if (killed && sleeperPid > 0) process.kill(sleeperPid, 'SIGKILL');
      } catch {
        // it stopped on its own
      }
    }
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('calls supervisord over its unix socket', async () => {
    assert.deepEqual(await unix.call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
    assert.equal(await unix.call('supervisor.getAPIVersion'), '3.0');
    const infos = await unix.call('supervisor.getAllProcessInfo');
    assert.ok(Array.isArray(infos) && infos.length === 1);
    const sleeper = struct(infos[0]);
    assert.deepEqual(Object.keys(sleeper).sort(), [
      'description', 'exitstatus', 'group', 'logfile', 'name', 'now', 'pid', 'spawnerr', 'start', 'state', 'statename', 'stderr_logfile', 'stdout_logfile', 'stop',
    ]);
    assert.equal(sleeper.name, 'sleeper');
    assert.equal(sleeper.state, 20);
    assert.equal(unix.address, `unix://${dir}/supervisor.sock`);
  });

  it('reads getAllConfigInfo (program configuration comes from supervisord)', async () => {
    const configs = await unix.call('supervisor.getAllConfigInfo');
    assert.ok(Array.isArray(configs));
    const sleeper = struct(configs[0]);
    for (const key of ['name', 'group', 'command', 'autostart', 'startsecs', 'stopsignal', 'stopwaitsecs', 'inuse', 'process_prio', 'group_prio']) {
      assert.ok(key in sleeper, key);
    }
    assert.equal(sleeper.command, 'sleep 1000');
    assert.equal(sleeper.stopsignal, 15);
  });

  it("relays supervisord's faults with their code and text", async () => {
    await assert.rejects(unix.call('supervisor.startProcess', ['nope']), (error: unknown) => {
      assert.ok(isSupvisorsError(error, 'RPC_FAULT'));
      assert.equal(error.fault, 'BAD_NAME');
      assert.equal(error.faultCode, 10);
      assert.equal(error.faultString, 'BAD_NAME: nope');
      assert.equal(error.message, 'nope');
      return true;
    });
  });

  it('calls supervisord over inet with HTTP Basic, and says so when the password is wrong', async () => {
    assert.deepEqual(await inet.call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
    assert.equal(inet.address, `http://127.0.0.1:${port}`);
    const wrong = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port, username: USER, password: 'wrong' });
    await rejectsWith(wrong.call('supervisor.getState'), 'SUPERVISOR_UNREACHABLE', new RegExp(`supervisord at http://127\\.0\\.0\\.1:${port} refused our credentials \\(HTTP 401\\)`));
    wrong.close();
  });

  it('rejects with SUPERVISOR_UNREACHABLE naming the address when nothing listens', async () => {
    const missing = new SupervisorClient({ kind: 'unix', socketPath: join(dir, 'missing.sock') });
    await rejectsWith(missing.call('supervisor.getState'), 'SUPERVISOR_UNREACHABLE', /unix:\/\/.*missing\.sock cannot be reached: connect ENOENT/);
    missing.close();
    const closed = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port: await freePort() });
    await rejectsWith(closed.call('supervisor.getState'), 'SUPERVISOR_UNREACHABLE', /cannot be reached: connect ECONNREFUSED/);
    closed.close();
  });

  it('rejects with SUPERVISOR_UNREACHABLE when no answer comes within the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const silentPort = typeof address === 'object' && address !== null ? address.port : 0;
    const client = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port: silentPort }, { timeoutMs: 100 });
    const started = Date.now();
    await rejectsWith(client.call('supervisor.getState'), 'SUPERVISOR_UNREACHABLE', /did not answer within 100 ms/);
    assert.ok(Date.now() - started < 2000);
    await rejectsWith(client.call('supervisor.getState', [], { timeoutMs: 50 }), 'SUPERVISOR_UNREACHABLE', /within 50 ms/);
    client.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('forwards a raw request and returns the raw answer', async () => {
    const body = Buffer.from(encodeMethodCall('supervisor.getSupervisorVersion', []));
    const answer = await unix.forward(body);
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, 'text/xml');
    assert.equal(await decodeResponse(answer.body), '4.2.5');
  });

  describe('behind our XML-RPC server', () => {
    const routes = (supervisor: SupervisorClient): HttpServer =>
      new HttpServer(
        xmlRpcRoutes({
          table: new MethodTable({
            contracts: withSystem({
              'supvisors.get_api_version': testContract([], { signature: ['str'], summary: 'The API version.' }),
              'supervisor.getPID': testContract([], { signature: ['int'], summary: 'Overridden.' }),
            }),
            implementations: [
              { name: 'supvisors.get_api_version', call: () => '0.19' },
              { name: 'supervisor.getPID', call: () => 42 },
            ],
            supervisor,
            log: logger,
          }),
          log: logger,
        }),
        logger,
        undefined,
        { credentials: { username: 'user', password: 'pass' } },
      );
    let server: HttpServer;
    let api: SupervisorClient;

    before(async () => {
      server = routes(unix);
      api = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port: await server.listen(0, '127.0.0.1'), username: 'user', password: 'pass' });
    });
    after(async () => {
      api.close();
      await server.close();
    });

    it('forwards supervisor.* calls byte for byte, faults included', async () => {
      const direct = await unix.forward(Buffer.from(encodeMethodCall('supervisor.getAllConfigInfo', [])));
      const proxied = await api.forward(Buffer.from(encodeMethodCall('supervisor.getAllConfigInfo', [])));
      assert.equal(proxied.status, 200);
      assert.equal(proxied.contentType, 'text/xml');
      assert.ok(proxied.body.equals(direct.body));
      const infos = await api.call('supervisor.getAllProcessInfo');
      assert.ok(Array.isArray(infos));
      assert.equal(struct(infos[0]).statename, 'RUNNING');
      await assert.rejects(api.call('supervisor.stopProcess', ['nope']), (error: unknown) => isSupvisorsError(error) && error.faultString === 'BAD_NAME: nope');
      await assert.rejects(api.call('supervisor.nope'), (error: unknown) => isSupvisorsError(error) && error.faultString === 'UNKNOWN_METHOD');
    });

    it('answers its own methods, overrides of supervisor.* included', async () => {
      assert.equal(await api.call('supvisors.get_api_version'), '0.19');
      assert.equal(await api.call('supervisor.getPID'), 42);
      assert.deepEqual(await api.call('system.methodSignature', ['supervisor.getPID']), ['int']);
    });

    it("lists ours, supervisord's supervisor.* and system.*, sorted, once each", async () => {
      const names = await api.call('system.listMethods');
      assert.ok(Array.isArray(names));
      assert.deepEqual(names, [...new Set(names)].sort());
      for (const name of ['supervisor.getAllConfigInfo', 'supervisor.getPID', 'supervisor.startProcess', 'supervisor.tailProcessStdoutLog', 'supvisors.get_api_version', 'system.listMethods', 'system.multicall']) {
        assert.ok(names.includes(name), name);
      }
      assert.equal(names.filter((name) => typeof name === 'string' && name.startsWith('supervisor.')).length, 37);
      assert.equal(names.length, 37 + 1 + 4);
    });

    it('asks supervisord for help and signatures of its methods', async () => {
      assert.deepEqual(await api.call('system.methodSignature', ['supervisor.getState']), ['struct']);
      assert.match((await api.call('system.methodHelp', ['supervisor.getState'])) as string, /Return current state of supervisord/);
      await assert.rejects(api.call('system.methodHelp', ['supervisor.nope']), (error: unknown) => isSupvisorsError(error) && error.faultCode === 4);
    });

    it('runs supervisor.* inside system.multicall', async () => {
      const results = await api.call('system.multicall', [
        [
          { methodName: 'supervisor.getAPIVersion' },
          { methodName: 'supvisors.get_api_version' },
          { methodName: 'supervisor.startProcess', params: ['nope'] },
          { methodName: 'supervisor.getPID' },
        ],
      ]);
      assert.deepEqual(results, ['3.0', '0.19', { faultCode: 10, faultString: 'BAD_NAME: nope' }, 42]);
    });

    it('answers FAILED naming the address when supervisord cannot be reached', async () => {
      const missing = new SupervisorClient({ kind: 'unix', socketPath: join(dir, 'missing.sock') });
      const orphan = routes(missing);
      const client = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port: await orphan.listen(0, '127.0.0.1'), username: 'user', password: 'pass' });
      try {
        await assert.rejects(client.call('supervisor.getState'), (error: unknown) => {
          assert.ok(isSupvisorsError(error));
          assert.equal(error.faultCode, 30);
          assert.match(error.faultString, /^FAILED: supervisord at unix:\/\/.*missing\.sock cannot be reached/);
          return true;
        });
        assert.equal(await client.call('supvisors.get_api_version'), '0.19');
      } finally {
        client.close();
        missing.close();
        await orphan.close();
      }
    });

    it("serves Debian's supervisorctl through the forwarding", async () => {
      const { port: ourPort } = new URL(api.address);
      const serverUrl = `http://127.0.0.1:${ourPort}`;
      const conf = join(dir, 'supervisord.conf');
      const status = await supervisorctl('-c', conf, '-s', serverUrl, '-u', 'user', '-p', 'pass', 'status');
      assert.match(status.output, /^sleeper\s+RUNNING\s+pid \d+, uptime /m);
      assert.equal(status.code, 0, status.output);
      const refused = await supervisorctl('-c', conf, '-s', serverUrl, '-u', 'user', '-p', 'wrong', 'status');
      assert.match(refused.output, /Server requires authentication/);
    });
  });
});
