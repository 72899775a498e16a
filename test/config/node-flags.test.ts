import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { heapSizingAdvice, RUNTIME_NODE_FLAGS } from '../../config/node-flags.js';
import { configuration } from '../../local-cluster/configuration.js';

/** v8.getHeapStatistics().heap_size_limit of a node started with `flags`. */
function heapLimit(flags: readonly string[]): number {
  return Number(execFileSync(process.execPath, [...flags, '-e', 'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit))'], { encoding: 'utf8', timeout: 10_000 }));
}

describe('the runtime node flags', () => {
  it('advise sizing the heap when a runtime runs with V8 defaults, and stay silent with the flags', () => {
    const advice = heapSizingAdvice(heapLimit([]));
    assert.match(advice ?? '', /^the V8 heap is left to its defaults \(limit \d+ MiB\).*start it with node --max-semi-space-size=1 --max-old-space-size=256 --v8-pool-size=1/);
    assert.equal(heapSizingAdvice(heapLimit(RUNTIME_NODE_FLAGS)), undefined);
  });

  it('are on the command of every local node', () => {
    const text = configuration({ dir: '/tmp/node1', identifier: 'node1', host: '127.0.0.1', supervisordPort: 1, httpPort: 2, supvisors: '' });
    assert.match(text, new RegExp(`^command = \\S+ ${RUNTIME_NODE_FLAGS.join(' ')} \\S+supvisorsd\\.js -c`, 'm'));
  });
});
