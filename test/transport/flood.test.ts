/**
 * A flood of untrusted connections on a node's /peer (sockets that never say hello, 4 MiB
 * messages before any hello) while a peer restarts: the peer rejoins within 1 s, the other
 * links stay up, and the refusals cost a bounded number of log lines. Default limits.
 * (test/cluster-nodes/peer-flood.test.ts does the same against real nodes, in other processes.)
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { waitFor } from '../helpers/wait.js';
import { dumpLogsOnFailure, listeningNode, startTransport, stopNode, waitEvent, waitUp, type TestNode } from './cluster.js';
import { PeerFlood } from './flood.js';

const REJOIN_BOUND_MS = 1000;

describe('transport: a flood of untrusted connections', function () {
  this.timeout(20_000);
  let nodes: TestNode[] = [];
  let flood: PeerFlood | undefined;

  afterEach(async function () {
    await flood?.stop();
    dumpLogsOnFailure(this.currentTest, nodes);
    await Promise.all(nodes.map(stopNode));
    nodes = [];
  });

  it('lets a restarted peer rejoin within 1 s, keeps the other links, and logs a bounded number of lines', async () => {
    // node-c sorts last: node-a and node-b dial it, so node-b's rejoin goes through its flooded slots.
    const raw = await Promise.all(['node-a', 'node-b', 'node-c'].map((identifier) => listeningNode(identifier)));
    const peers = raw.map((node) => ({ identifier: node.identifier, host: '127.0.0.1', port: node.port }));
    nodes = raw.map((node) => startTransport(node, peers));
    const [a, b, c] = nodes;
    await Promise.all([waitUp(c, 'node-a'), waitUp(c, 'node-b'), waitUp(a, 'node-b')]);
    const linesBefore = c.lines.length;
    const eventsBefore = c.events.length;

    flood = new PeerFlood(`ws://127.0.0.1:${c.port}/peer`, { idle: 40, big: 16, bigBytes: 4 * 1024 * 1024, reopenMs: 50, bigReopenMs: 200 });
    flood.start();
    const f = flood;
    await waitFor('the flood to be under way', () => f.figures.opened >= 56 && f.figures.bigSent >= 16, { timeoutMs: 5000 });

    await stopNode(b);
    await waitEvent(c, 'peer-down', 'node-b', eventsBefore);
    const again = await listeningNode('node-b', b.port);
    const started = performance.now();
    const restarted = startTransport(again, peers);
    nodes[1] = restarted;
    const up = await waitEvent(c, 'peer-up', 'node-b', eventsBefore, 5000);
    const rejoinMs = up.at - started;
    // Keep flooding a while with the peer back, then look at what it cost.
    await waitFor('more flood', () => f.figures.opened >= 300, { timeoutMs: 5000 });
    await f.stop();
    const figures = { ...f.figures };

    assert.ok(rejoinMs <= REJOIN_BOUND_MS, `node-b rejoined after ${rejoinMs.toFixed(0)} ms under the flood (${JSON.stringify(figures)})`);
    assert.deepEqual(
      c.events.slice(eventsBefore).filter((event) => event.identifier === 'node-a'),
      [],
      'the link between node-c and node-a stayed up',
    );
    const refusals = c.lines.slice(linesBefore).filter((line) => /peer connection.* refused|peer connections refused/.test(line));
    assert.ok(refusals.length <= 40, `${refusals.length} refusal lines for ${figures.opened + figures.refused} connections:\n${refusals.slice(0, 50).join('')}`);
    assert.ok(refusals.some((line) => /refused: Max payload size exceeded/.test(line)), 'the big messages were refused on their header');
    assert.ok(figures.opened + figures.refused >= 300);
  });
});
