/**
 * The runtime's side of a plugin's worker thread: starts the thread on worker.js, asks the module
 * what it is, and runs every call through comlink bounded by a timeout (comlink has none of its
 * own). A call that times out terminates the thread, which is never trusted again; the owner
 * (actors/plugins/plugin-actor.ts) starts a new one. The thread's heap is capped, so a plugin
 * that leaks ends its own thread, not the node. The worker module is the compiled `worker.js`
 * next to this file, resolved through `../plugin-worker/` so that it resolves the same from the
 * runtime's bundle in dist/bin/ (scripts/build-runtime.mjs).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { describeError, SupvisorsError } from '../errors/errors.js';
import type { PluginDescription, PluginWorkerApi } from './protocol.js';

export const PLUGIN_WORKER_FILE = fileURLToPath(new URL('../plugin-worker/worker.js', import.meta.url));

/** The plugin thread's old-generation heap ceiling (MiB): past it the thread ends, the node goes on. */
const PLUGIN_HEAP_MB = 256;

export interface PluginWorkerHealth {
  readonly threadId: number;
  readonly calls: number;
  readonly failures: number;
  /** The longest answer so far, ms. */
  readonly slowestMs: number;
  /** Undefined while the thread runs. */
  readonly exit: string | undefined;
}

export interface PluginWorker {
  readonly file: string;
  readonly description: PluginDescription;
  /** One call, bounded by the timeout: rejects PLUGIN_TIMEOUT (the thread is then terminated), PLUGIN_EXITED or PLUGIN_FAILED. */
  call<T>(what: string, run: (api: Remote<PluginWorkerApi>) => Promise<T>): Promise<T>;
  health(): PluginWorkerHealth;
  terminate(): Promise<void>;
}

export interface PluginWorkerOptions {
  readonly timeoutMs: number;
  /** Told when the thread exits by itself (not by terminate()). */
  readonly onExit?: (threadId: number, reason: string) => void;
}

/** Starts the thread of one plugin module and checks its exports; rejects PLUGIN_FAILED naming the file and the problem. */
export async function openPluginWorker(file: string, options: PluginWorkerOptions, workerFile: string = PLUGIN_WORKER_FILE): Promise<PluginWorker> {
  const thread = new Worker(workerFile, { workerData: { file }, resourceLimits: { maxOldGenerationSizeMb: PLUGIN_HEAP_MB } });
  const remote = wrap<PluginWorkerApi>(nodeEndpoint(thread));
  // read now: a thread's threadId is -1 once it has exited
  const threadId = thread.threadId;
  const pending = new Set<(error: Error) => void>();
  let label = file;
  let exit: string | undefined;
  let lastError = '';
  let terminating = false;
  let calls = 0;
  let failures = 0;
  let slowestMs = 0;
  thread.on('error', (error: unknown) => {
    lastError = describeError(error);
  });
  thread.on('exit', (code: number) => {
    exit = `its worker thread exited with code ${code}${lastError === '' ? '' : ` (${lastError})`}`;
    const exited = new SupvisorsError('PLUGIN_EXITED', `plugin ${label}: ${exit}`);
    for (const reject of [...pending]) reject(exited);
    if (!terminating) options.onExit?.(threadId, exit);
  });
  const terminate = async (): Promise<void> => {
    terminating = true;
    await thread.terminate();
  };

  const call = <T>(what: string, run: (api: Remote<PluginWorkerApi>) => Promise<T>): Promise<T> => {
    if (exit !== undefined) return Promise.reject(new SupvisorsError('PLUGIN_EXITED', `plugin ${label}: ${exit}`));
    calls += 1;
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        pending.delete(fail);
        slowestMs = Math.max(slowestMs, performance.now() - started);
      };
      const fail = (error: Error): void => {
        settle();
        failures += 1;
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new SupvisorsError('PLUGIN_TIMEOUT', `plugin ${label}: no answer to ${what} within ${options.timeoutMs} ms`));
        void terminate();
      }, options.timeoutMs);
      pending.add(fail);
      run(remote).then(
        (value) => {
          if (!pending.has(fail)) return;
          settle();
          resolve(value);
        },
        (error: unknown) => {
          if (pending.has(fail)) fail(new SupvisorsError('PLUGIN_FAILED', `plugin ${label}: ${what}: ${describeError(error)}`, { cause: error }));
        },
      );
    });
  };

  let description: PluginDescription;
  try {
    description = await call('describe', async (api) => api.describe());
  } catch (error) {
    await terminate();
    const detail = error instanceof SupvisorsError && error.code === 'PLUGIN_FAILED' ? describeError(error.cause) : describeError(error);
    throw new SupvisorsError('PLUGIN_FAILED', `plugin ${file}: ${detail}`, { cause: error });
  }
  label = description.name;
  return {
    file,
    description,
    call,
    health: () => ({ threadId, calls, failures, slowestMs: Math.round(slowestMs), exit }),
    terminate,
  };
}
