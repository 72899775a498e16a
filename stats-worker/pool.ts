/**
 * The piscina pool running the sampling task (worker.ts) in one worker thread. The task module
 * is the compiled `worker.js` next to this file (dist/stats-worker/), resolved from
 * import.meta.url so that it works wherever the package is installed; through `../stats-worker/`,
 * so that it resolves the same from the runtime's bundle in dist/bin/ (scripts/build-runtime.mjs).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SampleResult, SampleTask } from './protocol.js';

export const WORKER_FILE = fileURLToPath(new URL('../stats-worker/worker.js', import.meta.url));

/** The worker thread's V8 heap bounds (MiB): the young generation held small, a ceiling on the old one. */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 } as const;

/** Whether this host can be sampled: Linux /proc is mounted. */
export function collectorAvailable(): boolean {
  return existsSync('/proc/stat') && existsSync('/proc/meminfo') && existsSync('/proc/self/stat');
}

/** A pool of one thread, kept alive between samples (a thread start costs ~30 ms). */
export class SamplerPool {
  private readonly pool: Piscina<SampleTask, SampleResult>;

  constructor(
    readonly workerFile: string = WORKER_FILE,
    onError: (error: Error) => void = () => undefined,
  ) {
    this.pool = new Piscina<SampleTask, SampleResult>({
      filename: workerFile,
      name: 'default',
      minThreads: 1,
      maxThreads: 1,
      // One task per period: a second one is queued at most.
      maxQueue: 4,
      // The collector times its samples itself: piscina's two run/wait histograms (about 360 KB
      // of native memory each) would only be kept, never read.
      recordTiming: false,
      // The task reads /proc and returns a few hundred records: a small heap is plenty, and
      // without limits the thread's isolate would size itself like the runtime's (a young
      // generation growing to 32 MiB). A task past them ends the thread, which piscina replaces.
      resourceLimits: WORKER_HEAP_LIMITS,
    });
    // Errors of a worker outside of any task (a task's own failure rejects its run()).
    this.pool.on('error', (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  }

  /**
   * Runs one sample. Rejects when the task throws, when the worker thread exits (piscina then
   * starts a new one) and after `timeoutMs` (the hung worker thread is terminated).
   */
  run(task: SampleTask, timeoutMs: number): Promise<SampleResult> {
    return this.pool.run(task, { signal: AbortSignal.timeout(timeoutMs) });
  }

  /** The worker threads' ids (for diagnostics and tests). */
  get threadIds(): number[] {
    return this.pool.threads.map((thread) => thread.threadId);
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
