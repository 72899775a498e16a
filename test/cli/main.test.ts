/**
 * The built supvisorsctl executable (dist/bin/supvisorsctl.js) run as a user runs it, against a
 * real node (supervisord + our runtime) and small local XML-RPC servers: exit statuses and
 * messages of supervisorctl's table (spec/cli.md §2), -c with a [supervisorctl] section, help,
 * --help / --version, and supvisorsd --help / --version.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMethodCall, encodeFault, encodeResponse } from '../../xmlrpc/codec.js';
import { freePort, logsOnFailure, PASSWORD, REPO, startNode, SUPVISORSD, USER, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const CTL = join(REPO, 'dist', 'bin', 'supvisorsctl.js');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { timeout: 20_000, cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const ctl = (...args: string[]): Promise<Run> => run(CTL, args);

/** A local XML-RPC server answering each call with `answer` (undefined: never answers); counts the calls. */
async function xmlRpcServer(answer: (method: string) => string | undefined): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void decodeMethodCall(Buffer.concat(chunks)).then(({ methodName }) => {
        calls.push(methodName);
        const body = answer(methodName);
        if (body !== undefined) response.writeHead(200, { 'Content-Type': 'text/xml' }).end(body);
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('supvisorsctl executable', function () {
  this.timeout(60_000);
  let node: TestNode | undefined;
  let url = '';
  let dir = '';
  const servers: { close(): Promise<void> }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisorsctl-'));
    node = await startNode();
    await node.waitRuntime();
    url = `http://127.0.0.1:${node.httpPort}`;
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await node?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('runs a Supvisors command against the node and exits 0', async () => {
    const result = await ctl('-s', url, '-u', USER, '-p', PASSWORD, 'sversion');
    assert.deepEqual(result, { code: 0, stdout: '0.19.1\n', stderr: '' });
  });

  it('takes serverurl, username and password from the [supervisorctl] section of -c, the command line winning', async () => {
    const conf = join(dir, 'supervisord.conf');
    writeFileSync(conf, `[supervisord]\nlogfile = /dev/null\n\n[supervisorctl]\nserverurl = ${url}\nusername = ${USER}\npassword = %(ENV_CTL_TEST_PASSWORD)s\n`);
    const env = { CTL_TEST_PASSWORD: PASSWORD };
    assert.deepEqual(await run(CTL, ['-c', conf, 'sversion'], env), { code: 0, stdout: '0.19.1\n', stderr: '' });
    const overridden = await run(CTL, ['-c', conf, '-p', 'wrong', 'sversion'], env);
    assert.equal(overridden.code, 1);
    assert.equal(overridden.stderr, 'Server requires authentication\n');
    // Without the variable its expansion needs, the file is refused (as supervisorctl does).
    assert.match((await ctl('-c', conf, 'sversion')).stderr, /^Error: .*supervisord.conf:7: \[supervisorctl\] password: .*CTL_TEST_PASSWORD, which is not set/);
    writeFileSync(join(dir, 'no-section.conf'), '[supervisord]\n');
    const noSection = await ctl('-c', join(dir, 'no-section.conf'), 'sversion');
    assert.equal(noSection.code, 2);
    assert.match(noSection.stderr, /^Error: .*no-section.conf: .ini file does not include supervisorctl section\nFor help, use supvisorsctl -h\n$/);
  });

  it('wrong credentials: "Server requires authentication", exit 1', async () => {
    const result = await ctl('-s', url, '-u', USER, '-p', 'not-the-password', 'sversion');
    assert.deepEqual(result, { code: 1, stdout: '', stderr: 'Server requires authentication\n' });
  });

  it('refused connection: exit 4', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = await ctl('-s', closed, 'sversion');
    assert.deepEqual(result, { code: 4, stdout: '', stderr: `ERROR: ${closed} refused connection\n` });
  });

  it('another API version: the line naming both, exit 5, the command not run', async () => {
    const server = await xmlRpcServer((method) => (method === 'supvisors.get_api_version' ? encodeResponse('0.18') : encodeFault(1, 'UNKNOWN_METHOD')));
    servers.push(server);
    const result = await ctl('-s', server.url, 'sstate');
    assert.deepEqual(result, {
      code: 5,
      stdout: '',
      stderr: 'ERROR: this version of supvisorsctl expects to talk to a server with API version 0.19, but the remote version is 0.18.\n',
    });
    assert.deepEqual(server.calls, ['supvisors.get_api_version']);
  });

  it("no supvisors namespace (supervisord's own port): exit 3", async () => {
    const result = await ctl('-s', `http://127.0.0.1:${node?.supervisordPort ?? 0}`, '-u', USER, '-p', PASSWORD, 'sversion');
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^ERROR: supervisord responded but did not recognize the supvisors namespace commands .*\[rpcinterface:supvisors\]/);
  });

  it('unknown command: "*** Unknown syntax", exit 1, as supervisorctl', async () => {
    const result = await ctl('-s', url, 'no_such_command', 'a', 'b');
    assert.deepEqual(result, { code: 1, stdout: '', stderr: '*** Unknown syntax: no_such_command a b\n' });
  });

  it('--json: errors as one JSON document', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = await ctl('--json', '-s', closed, 'sversion');
    assert.equal(result.code, 4);
    assert.deepEqual(JSON.parse(result.stdout), { errors: [`ERROR: ${closed} refused connection`] });
  });

  it('a unix:// server URL is refused with a clear message, exit 2', async () => {
    const result = await ctl('-s', 'unix:///var/run/supervisor.sock', 'sversion');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Error: invalid value for -s 'unix:\/\/\/var\/run\/supervisor.sock': supvisorsctl does not support unix:\/\/ server URLs/);
  });

  it('Ctrl-C while waiting for the node: stops waiting, says so', async () => {
    const server = await xmlRpcServer(() => undefined);
    servers.push(server);
    const child = spawn(process.execPath, [CTL, '-s', server.url, 'sversion'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor('the upcheck call', () => server.calls.length > 0, { timeoutMs: 10_000 });
      child.kill('SIGINT');
      assert.equal(await exited, 1);
      assert.match(stderr, /interrupted/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('help: the commands in two lists; help <topic>: its usage and help', async () => {
    const all = await ctl('help');
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^\ndefault commands \(type help <topic>\):\n=+\n/);
    assert.match(all.stdout, /\nsupvisors commands \(type help <topic>\):\n=+\n(.*\n)*.*sversion/);
    const one = await ctl('help', 'sversion');
    assert.deepEqual(one, { code: 0, stdout: 'sversion\nsversion\t\t\t\tGet the API version of Supvisors.\n', stderr: '' });
    assert.deepEqual(await ctl('help', 'nope'), { code: 0, stdout: '*** No help on nope\n', stderr: '' });
  });

  it('--help, --version, and usage errors', async () => {
    const help = await ctl('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^supvisorsctl -- .*\n\nUsage: supvisorsctl \[options\] \[action \[arguments\]\]\n/);
    assert.deepEqual(await ctl('--version'), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    assert.deepEqual(await ctl('-x'), { code: 2, stdout: '', stderr: 'Error: option -x not recognized\nFor help, use supvisorsctl -h\n' });
  });

  it('supvisorsd --help and --version', async () => {
    const help = await run(SUPVISORSD, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: supvisorsd -c FILE \[--check\]$/m);
    assert.match(help.stdout, /docs\/configuration\.md/);
    assert.deepEqual(await run(SUPVISORSD, ['--version']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
