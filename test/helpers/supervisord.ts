/**
 * Real supervisord nodes for tests: a temp folder with a supervisord.conf (our runtime as its
 * event listener, unless told otherwise), supervisord started in the foreground, and a cleanup
 * that kills every process it started, by PID, with bounded waits.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isStruct } from '../../xmlrpc/values.js';
import { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { sleep, waitFor } from './wait.js';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
export const SUPVISORSD = join(REPO, 'dist', 'bin', 'supvisorsd.js');
export const SHIM = join(REPO, 'bin', 'supvisors-args');
export const USER = 'lambda';
export const PASSWORD = 'x-secret';

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface NodeOptions {
  /** Program sections (INI text); `%(here)s` is the node's folder. */
  programs?: string;
  /** Extra lines for [supvisors]. */
  supvisors?: string;
  /** Start our runtime as supervisord's event listener (default true). */
  runtime?: boolean;
  /** Extra lines for the [eventlistener:supvisors] section. */
  listener?: string;
  /** supvisorsd's port, chosen beforehand (e.g. to write a supvisors_list of several nodes); default: a free port. */
  httpPort?: number;
  /**
   * waitRuntime also waits for the OPERATION state (needed by the guarded methods). Default:
   * true for a lone node (no supvisors_list in `supvisors`), false for a cluster member.
   */
  waitOperation?: boolean;
}

export interface TestNode {
  readonly dir: string;
  readonly confFile: string;
  readonly supervisordPort: number;
  readonly httpPort: number;
  /** XML-RPC straight to supervisord (unix socket). */
  readonly supervisor: SupervisorClient;
  /** XML-RPC to our runtime's /RPC2. */
  readonly api: SupervisorClient;
  readonly pid: number;
  readonly runtimeLog: () => string;
  ctl(...args: string[]): Promise<{ stdout: string; code: number }>;
  /** supervisorctl pointed at our runtime's port (the same -c file, -s/-u/-p of the runtime). */
  ctlRuntime(...args: string[]): Promise<{ stdout: string; code: number }>;
  /** Waits until the runtime answers (and, for a lone node, is in OPERATION: see NodeOptions.waitOperation). */
  waitRuntime(timeoutMs?: number): Promise<void>;
  /** Waits until get_supvisors_state says OPERATION. */
  waitOperation(timeoutMs?: number): Promise<void>;
  /** The PID of our runtime, as supervisord reports its [eventlistener:supvisors]. */
  runtimePid(): Promise<number>;
  /** Waits until supervisord runs a runtime other than `oldPid` and it answers. */
  waitNewRuntime(oldPid: number): Promise<void>;
  /** SIGKILLs the runtime and waits until supervisord has started a new one and it answers. */
  killRuntime(): Promise<void>;
  stop(): Promise<void>;
}

function configuration(dir: string, supervisordPort: number, httpPort: number, options: NodeOptions): string {
  const runtime = options.runtime ?? true;
  return `[supervisord]
nodaemon = true
logfile = %(here)s/supervisord.log
pidfile = %(here)s/supervisord.pid
childlogdir = %(here)s
identifier = test-node
environment = SUPVISORS_ARGS_DIR="%(here)s/args"

[unix_http_server]
file = %(here)s/supervisor.sock

[inet_http_server]
port = 127.0.0.1:${supervisordPort}
username = ${USER}
password = ${PASSWORD}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://%(here)s/supervisor.sock

[supvisors]
http_port = ${httpPort}
${/^\s*synchro_options\s*=/m.test(options.supvisors ?? '') ? '' : 'synchro_options = LIST'}
disabilities_file = %(here)s/state/disabilities.json
numprocs_file = %(here)s/state/numprocs.json
${options.supvisors ?? ''}
${
  runtime
    ? `
[eventlistener:supvisors]
command = ${process.execPath} ${SUPVISORSD} -c %(here)s/supervisord.conf
events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
buffer_size = 1024
startsecs = 0
autorestart = unexpected
exitcodes = 78
stderr_logfile = %(here)s/supvisorsd.log
${options.listener ?? ''}
`
    : ''
}
${(options.programs ?? '').replaceAll('%(shim)s', SHIM)}
`.replaceAll('%(here)s', dir);
}

export async function startNode(options: NodeOptions = {}): Promise<TestNode> {
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-node-'));
  const supervisordPort = await freePort();
  const httpPort = options.httpPort ?? (await freePort());
  const waitsOperation = options.waitOperation ?? !/^\s*supvisors_list\s*=/m.test(options.supvisors ?? '');
  const confFile = join(dir, 'supervisord.conf');
  writeFileSync(confFile, configuration(dir, supervisordPort, httpPort, options));
  const child: ChildProcess = spawn('supervisord', ['-c', confFile], { stdio: 'ignore', cwd: dir });
  const pid = child.pid ?? 0;
  const supervisor = new SupervisorClient({ kind: 'unix', socketPath: join(dir, 'supervisor.sock') }, { timeoutMs: 5000 });
  const api = new SupervisorClient({ kind: 'inet', host: '127.0.0.1', port: httpPort, username: USER, password: PASSWORD }, { timeoutMs: 30_000 });
  const knownPids = new Set<number>([pid]);

  const node: TestNode = {
    dir,
    confFile,
    supervisordPort,
    httpPort,
    supervisor,
    api,
    pid,
    runtimeLog: () => {
      try {
        return readFileSync(join(dir, 'supvisorsd.log'), 'utf8');
      } catch {
        return '';
      }
    },
    ctl: (...args) =>
      new Promise((resolveCtl) => {
        execFile('supervisorctl', ['-c', confFile, ...args], { timeout: 30_000 }, (error, stdout) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolveCtl({ stdout, code });
        });
      }),
    ctlRuntime: (...args) => node.ctl('-s', `http://127.0.0.1:${httpPort}`, '-u', USER, '-p', PASSWORD, ...args),
    runtimePid: async () => {
      const info = await supervisor.call('supervisor.getProcessInfo', ['supvisors']);
      const runtimePid = isStruct(info) ? info['pid'] : undefined;
      return typeof runtimePid === 'number' ? runtimePid : 0;
    },
    killRuntime: async () => {
      const old = await node.runtimePid();
      if (old > 0) process.kill(old, 'SIGKILL');
      await node.waitNewRuntime(old);
    },
    waitNewRuntime: async (old) => {
      await waitFor(
        'supervisord restarting the runtime',
        async () => {
          const now = await node.runtimePid().catch(() => 0);
          if (now > 0) knownPids.add(now);
          return now > 0 && now !== old;
        },
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      await node.waitRuntime();
    },
    waitRuntime: async (timeoutMs = 15_000) => {
      await waitFor(
        'supvisorsd answering on its port',
        async () => {
          try {
            return typeof (await api.call('supvisors.get_api_version')) === 'string';
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 50 },
      );
      if (waitsOperation) await node.waitOperation(timeoutMs);
    },
    waitOperation: (timeoutMs = 15_000) =>
      waitFor(
        'supvisorsd in OPERATION',
        async () => {
          try {
            const state = await api.call('supvisors.get_supvisors_state');
            return isStruct(state) && state['fsm_statename'] === 'OPERATION';
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 50 },
      ),
    stop: async () => {
      try {
        const infos = await supervisor.call('supervisor.getAllProcessInfo');
        if (Array.isArray(infos)) {
          for (const info of infos) {
            const childPid = typeof info === 'object' && !Array.isArray(info) && !(info instanceof Date) && !Buffer.isBuffer(info) ? (info as { pid?: unknown }).pid : undefined;
            if (typeof childPid === 'number' && childPid > 0) knownPids.add(childPid);
          }
        }
      } catch {
        // supervisord already gone: only its own PID is left to check
      }
      supervisor.close();
      api.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const deadline = Date.now() + 5_000; // supervisord stops one group per loop turn: with hundreds, it is slow; SIGKILL follows
        while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(50);
      }
      for (const known of knownPids) {
        try {
          process.kill(known, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(
      'supervisord RUNNING',
      async () => {
        try {
          const state = await supervisor.call('supervisor.getState');
          return typeof state === 'object' && !Array.isArray(state) && (state as { statename?: unknown }).statename === 'RUNNING';
        } catch {
          return false;
        }
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}

/** For afterEach: after a failed test, the tails of the runtime's and supervisord's logs go to stderr. */
export function logsOnFailure(context: Mocha.Context, node: TestNode | undefined): void {
  if (context.currentTest?.state !== 'failed' || node === undefined) return;
  const tail = (text: string): string => text.split('\n').slice(-60).join('\n');
  let supervisord = '';
  try {
    supervisord = readFileSync(join(node.dir, 'supervisord.log'), 'utf8');
  } catch {
    // not written yet
  }
  process.stderr.write(`--- supvisorsd.log (tail)\n${tail(node.runtimeLog())}\n--- supervisord.log (tail)\n${tail(supervisord)}\n`);
}
