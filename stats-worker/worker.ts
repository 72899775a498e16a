/**
 * The piscina task module of the statistics collector: runs in a worker thread, never on the
 * runtime's event loop. One call = one sample of the host and of the monitored processes.
 * Stateless but for the page size, a constant of the host read once per thread.
 */
import { threadId } from 'node:worker_threads';
import type { SampleResult, SampleTask } from './protocol.js';
import { readPageSize, realProc, sampleHost, sampleProcesses, threadCpuSeconds } from './samplers.js';
import { monotonicSeconds } from '../clock/clock.js';

let pageSize: number | undefined;

function injectFault(fault: SampleTask['fault']): void {
  switch (fault) {
    case undefined:
      return;
    case 'throw':
      throw new Error('injected fault: the sampling task throws');
    case 'exit':
      // In a worker thread, process.exit() ends the thread, not the process.
      process.exit(70);
      return;
    case 'hang': {
      // Blocks this thread (bounded to 60 s); the caller's task timeout aborts it first.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      return;
    }
  }
}

export default function sample(task: SampleTask): SampleResult {
  const started = performance.now();
  injectFault(task.fault);
  pageSize ??= readPageSize(realProc);
  const now = monotonicSeconds();
  let host: SampleResult['host'];
  let hostError: string | undefined;
  if (task.host) {
    try {
      host = sampleHost(realProc, now);
    } catch (thrown) {
      // As Supvisors: a host sample that raises an OS error is skipped.
      hostError = thrown instanceof Error ? thrown.message : String(thrown);
    }
  }
  const processes = sampleProcesses(realProc, now, task.processes, task.supervisord, pageSize);
  return {
    now,
    ...(host === undefined ? {} : { host }),
    ...(hostError === undefined ? {} : { hostError }),
    processes: processes.samples,
    vanished: processes.vanished,
    threadId,
    workerCpuSeconds: threadCpuSeconds(realProc),
    durationMs: performance.now() - started,
  };
}
