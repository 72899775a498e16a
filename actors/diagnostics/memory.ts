/**
 * Where the node's memory goes, as Node and V8 account it: the process's resident set, the V8
 * heap (committed and used, by space: young generation, old, code...), memory outside the heap
 * held by JS objects (buffers), in MiB. The statistics worker thread's isolate is counted in
 * the RSS only (its heap is its own).
 */
import { getHeapSpaceStatistics } from 'node:v8';

export interface MemoryFigures {
  readonly rssMiB: number;
  readonly heapTotalMiB: number;
  readonly heapUsedMiB: number;
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
  /** By V8 heap space: committed / used MiB. */
  readonly spaces: Readonly<Record<string, { readonly committedMiB: number; readonly usedMiB: number }>>;
}

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;

export function memoryFigures(): MemoryFigures {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, { committedMiB: mib(space.physical_space_size), usedMiB: mib(space.space_used_size) }]),
  );
  return {
    rssMiB: mib(usage.rss),
    heapTotalMiB: mib(usage.heapTotal),
    heapUsedMiB: mib(usage.heapUsed),
    externalMiB: mib(usage.external),
    arrayBuffersMiB: mib(usage.arrayBuffers),
    spaces,
  };
}
