/**
 * Links made while runtimes start: a node whose own event loop stalls during a dial (several
 * runtimes loading on the same cores) does not blame the peer for the time it was not running
 * (neither in a handshake nor in a remote ask), and a dial refused because the peer does not listen yet is redialled at the minimum delay.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { redialDelay } from '../../transport/mirror.js';
import { dumpLogsOnFailure, listeningNode, startCluster, startTransport, stopNode, waitUp, type EchoMessage, type TestNode } from './cluster.js';

/** Resolves at the first turn of the event loop where `ready` holds (bounded: 5 s). */
async function untilNextTurn(what: string, ready: () => boolean): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`timed out after 5000 ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Blocks this process's event loop, as a CPU-starved start-up does. */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: nothing else runs meanwhile
  }
}

describe('transport: links at start-up', function () {
  this.timeout(10_000);
  let nodes: TestNode[] = [];

  afterEach(async function () {
    dumpLogsOnFailure(this.currentTest, nodes);
    await Promise.all(nodes.map(stopNode));
    nodes = [];
  });

  it("links when this node's event loop stalls past the handshake timeout during a dial", async () => {
    const [rawA, rawB] = await Promise.all([listeningNode('node-a'), listeningNode('node-b')]);
    const handshakeTimeoutMs = 300;
    // node-b never dials (its identifier sorts after node-a's)
    const b = startTransport(rawB, [{ identifier: 'node-a', host: '127.0.0.1', port: rawA.port }], { handshakeTimeoutMs });
    nodes.push(b);
    const a = startTransport(rawA, [{ identifier: 'node-b', host: '127.0.0.1', port: rawB.port }], { handshakeTimeoutMs });
    nodes.push(a);
    // the dial lasts a few turns of the event loop (connect, upgrade, authentication): looked at
    // every turn, as a timer's poll can miss it whole on a fast loopback
    await untilNextTurn('node-a dialling node-b', () => a.transport.links()[0]?.state === 'connecting');
    stall(2 * handshakeTimeoutMs);
    await waitUp(a, 'node-b');
    const [link] = a.transport.links();
    assert.equal(link?.failedAttempts, 0, `the dial failed: ${link?.lastDownDetail ?? ''}`);
    assert.ok(!a.lines.some((line) => /no handshake within/.test(line)));
  });

  it("gets the reply of a remote ask when this node's event loop stalls past the ask's timeout", async () => {
    nodes = await startCluster(['node-a', 'node-b']);
    const [a] = nodes;
    await waitUp(a, 'node-b');
    const answer = a.transport.remoteRef<EchoMessage>('node-b', 'echo').ask<string>((replyTo) => ({ type: 'echo', text: 'late', replyTo }), 200);
    stall(400);
    assert.equal(await answer, 'node-b:late');
  });

  it('redials a refused peer after the minimum delay, other failures with the exponential backoff', () => {
    const backoff = { minMs: 100, maxMs: 2000, factor: 2 };
    assert.deepEqual(
      [0, 1, 2, 5, 10].map((failures) => redialDelay(backoff, failures, true)),
      [100, 100, 100, 100, 100],
    );
    // the exponent counts the unanswered dials in a row, refusals not included
    assert.deepEqual(
      [0, 1, 2, 5, 10].map((unanswered) => redialDelay(backoff, unanswered, false)),
      [100, 200, 400, 2000, 2000],
    );
  });
});
