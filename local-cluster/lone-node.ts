/**
 * One local node on its own (no peers unless `supvisors` names them): supervisord with our
 * runtime as its event listener (or without, `runtime: false`), `synchro_options = LIST` unless
 * given, and what a script does with it: supervisorctl, waiting for the runtime, killing it.
 */
import { execFile } from 'node:child_process';
import { PASSWORD, USER } from './configuration.js';
import { createNode, launchNode, runtimePid, stopNode, type LocalNode } from './node.js';
import { freePorts } from './ports.js';
import { signal } from './processes.js';
import { waitRuntimes, waitState } from './states.js';
import { waitFor } from './waiting.js';

export interface LoneNodeOptions {
  /** [supervisord] identifier (default `node1`). */
  nick?: string;
  /** Program sections (INI text); `%(here)s` is the node's folder, `%(shim)s` the supvisors-args shim. */
  programs?: string;
  /** Extra lines for [supvisors]. */
  supvisors?: string;
  /** Start our runtime as supervisord's event listener (default true). */
  runtime?: boolean;
  /** Extra lines for the [eventlistener:supvisors] section. */
  listener?: string;
  /** The runtime's port, chosen beforehand (e.g. to write a supvisors_list of several nodes); default: a free port. */
  httpPort?: number;
  /**
   * waitRuntime also waits for the OPERATION state (needed by the guarded methods). Default:
   * true for a lone node (no supvisors_list in `supvisors`), false for a cluster member.
   */
  waitOperation?: boolean;
}

export interface LoneNode extends LocalNode {
  /** supervisorctl -c on the node's configuration (supervisord's socket). */
  ctl(...args: string[]): Promise<{ stdout: string; code: number }>;
  /** supervisorctl pointed at our runtime's port (the same -c file, -s/-u/-p of the runtime). */
  ctlRuntime(...args: string[]): Promise<{ stdout: string; code: number }>;
  /** Waits until the runtime answers (and, for a lone node, is in OPERATION: see LoneNodeOptions.waitOperation). */
  waitRuntime(timeoutMs?: number): Promise<void>;
  /** Waits until get_supvisors_state says OPERATION. */
  waitOperation(timeoutMs?: number): Promise<void>;
  /** The PID of our runtime, as supervisord reports its [eventlistener:supvisors] (0 when unknown). */
  runtimePid(): Promise<number>;
  /** Waits until supervisord runs a runtime other than `oldPid` and it answers. */
  waitNewRuntime(oldPid: number): Promise<void>;
  /** SIGKILLs the runtime and waits until supervisord has started a new one and it answers. */
  killRuntime(): Promise<void>;
  stop(): Promise<void>;
}

/** Launches a lone node and waits until its supervisord is RUNNING (the runtime: see waitRuntime). */
export async function startNode(options: LoneNodeOptions = {}): Promise<LoneNode> {
  const [supervisordPort = 0, freeHttpPort = 0] = await freePorts(2);
  const httpPort = options.httpPort ?? freeHttpPort;
  const supvisors = options.supvisors ?? '';
  const waitsOperation = options.waitOperation ?? !/^\s*supvisors_list\s*=/m.test(supvisors);
  const local = createNode({
    index: 0,
    nick: options.nick ?? 'node1',
    host: '127.0.0.1',
    supervisordPort,
    httpPort,
    supvisors: `${/^\s*synchro_options\s*=/m.test(supvisors) ? '' : 'synchro_options = LIST'}\n${supvisors}`,
    apiTimeoutMs: 30_000,
    ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
    ...(options.listener === undefined ? {} : { listener: options.listener }),
    ...(options.programs === undefined ? {} : { programs: options.programs }),
  });
  const node: LoneNode = Object.assign(local, {
    ctl: (...args: string[]) =>
      new Promise<{ stdout: string; code: number }>((resolveCtl) => {
        execFile('supervisorctl', ['-c', local.confFile, ...args], { timeout: 30_000 }, (error, stdout) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolveCtl({ stdout, code });
        });
      }),
    ctlRuntime: (...args: string[]) => node.ctl('-s', `http://127.0.0.1:${httpPort}`, '-u', USER, '-p', PASSWORD, ...args),
    runtimePid: () => runtimePid(local),
    killRuntime: async () => {
      const old = await runtimePid(local);
      if (old > 0) signal(old, 'SIGKILL');
      await node.waitNewRuntime(old);
    },
    waitNewRuntime: async (old: number) => {
      await waitFor(
        'supervisord restarting the runtime',
        async () => {
          const now = await runtimePid(local);
          return now > 0 && now !== old;
        },
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      await node.waitRuntime();
    },
    waitRuntime: async (timeoutMs = 15_000) => {
      await waitRuntimes([local], timeoutMs);
      if (waitsOperation) await node.waitOperation(timeoutMs);
    },
    waitOperation: (timeoutMs = 15_000) => waitState([local], 'OPERATION', timeoutMs),
    stop: async () => {
      await stopNode(local);
    },
  });
  try {
    await launchNode(node);
  } catch (error) {
    await node.stop();
    throw error;
  }
  return node;
}
