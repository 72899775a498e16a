/**
 * The Node.js flags of a node's runtime, on its command line (docs/configuration.md, "Memory").
 * Left to its defaults, V8 sizes itself for a big machine: a young generation growing to 32 MiB,
 * an old generation collected only once it has grown far past what is live, and a helper thread
 * per core, each with its own malloc arena. A node keeps 13 to 20 MiB live with 300 programs, so:
 * - `--max-semi-space-size=1`: the young generation stays at 2 MiB; the runtime's messages are
 *   small and short-lived, so scavenges stay short.
 * - `--max-old-space-size=256`: a ceiling that also makes V8 grow the old generation by small
 *   steps (it scales its growing factor down for heaps under 1 GiB). Far above what a node
 *   keeps (thousands of processes fit); a node past it ends with an out-of-memory error and
 *   supervisord restarts it: raise it for larger clusters.
 * - `--v8-pool-size=1`: one V8 helper thread (garbage collection, compilation): the heap is
 *   small, and each thread costs its stack and malloc arena (about 7 MiB resident in all).
 * These cannot be set from inside: V8 sizes its heap and its threads before any script runs.
 */
export const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=256', '--v8-pool-size=1'] as const;

/** Above this limit the heap was left to V8's defaults (which give 2 GiB and more on 64-bit hosts). */
const DEFAULT_LIMIT_BYTES = 1024 * 1024 * 1024;

/** The log line of a runtime started without RUNTIME_NODE_FLAGS (`heapSizeLimit`: v8.getHeapStatistics().heap_size_limit), or undefined. */
export function heapSizingAdvice(heapSizeLimit: number): string | undefined {
  if (heapSizeLimit < DEFAULT_LIMIT_BYTES) return undefined;
  return `the V8 heap is left to its defaults (limit ${Math.round(heapSizeLimit / 1024 / 1024)} MiB): this node uses some 40 MiB more memory than it needs; start it with node ${RUNTIME_NODE_FLAGS.join(' ')} (docs/configuration.md, "Memory")`;
}
