/**
 * Untrusted bytes on a real node's /peer, with no credentials: 16 sockets each sending a 4 MiB
 * binary message before any hello and 40 sockets that never say hello, each opened again
 * shortly after the node closes it, for several seconds. Meanwhile another node's runtime is
 * killed (kill -9) and restarted by its supervisord. Checked:
 * - the restarted runtime is seen RUNNING by the flooded node within 1 s of answering again;
 * - the flooded node misses no heartbeat: its link to the third node never goes down on either
 *   side, the third node sees it RUNNING all along, and its heartbeat timer is never late;
 * - the flooded node's log holds a bounded number of refusal lines (rate-limited).
 *
 * Roles are chosen by identifier, not by nick: the flooded node is the one whose identifier
 * sorts last, so every other node dials it (the dialler is the side that sorts first), and the
 * restarted runtime's rejoin goes through the flooded node's handshake slots, whatever ports
 * the cluster got.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { clusterLogsOnFailure, list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { PeerFlood } from '../transport/flood.js';

const REJOIN_BOUND_MS = 1000;
/** A heartbeat tick later than half a period (125 ms) is a late tick: none may happen. */
const LAG_BOUND_MS = 125;
const MAX_REFUSAL_LINES = 60;
const PEER_SECRET = 'peer-flood-test-secret-not-the-api-password';

interface LinkView {
  identifier: string;
  state: string;
  maxLagMs: number;
  lateTicks: number;
}

/** The flooded node's links as its diagnostics show them (supvisors.get_actor_diagnostics `peers`). */
async function linksOf(c: Cluster, node: ClusterNode): Promise<LinkView[]> {
  const diagnostics = struct(await c.call(node, 'supvisors.get_actor_diagnostics', [0], 5000));
  return list(diagnostics['peers'] ?? []).map((value) => {
    const peer = struct(value);
    const link = peer['link'] === undefined ? {} : struct(peer['link']);
    const num = (field: unknown): number => (typeof field === 'number' ? field : typeof field === 'object' && field !== null && 'value' in field ? Number(field.value) : 0);
    const text = (field: unknown): string => (typeof field === 'string' ? field : '');
    return { identifier: text(peer['identifier']), state: text(peer['state']), maxLagMs: num(link['maxLagMs']), lateTicks: num(link['lateTicks']) };
  });
}

async function stateSeenBy(c: Cluster, observer: ClusterNode, target: ClusterNode): Promise<string> {
  try {
    const infos = list(await c.call(observer, 'supvisors.get_all_instances_info', [], 2000)).map(struct);
    const state = infos.find((info) => info['identifier'] === target.identifier)?.['statename'];
    return typeof state === 'string' ? state : 'absent';
  } catch {
    return 'no answer';
  }
}

async function answers(node: ClusterNode): Promise<boolean> {
  try {
    return typeof (await node.api.call('supvisors.get_api_version', [], { timeoutMs: 500 })) === 'string';
  } catch {
    return false;
  }
}

describe('a flood of untrusted connections on a real node /peer', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let flood: PeerFlood | undefined;
  let watching = false;
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    watching = false;
    await flood?.stop();
    await cluster?.stop();
  });

  it('does not stall the node: a restarted peer rejoins within 1 s, no heartbeat is missed, refusals are logged rate-limited', async () => {
    const c = await startCluster(3, { supvisors: `peer_secret = ${PEER_SECRET}` });
    cluster = c;
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    const [restarted, observer, flooded] = [...c.nodes].sort((x, y) => (x.identifier < y.identifier ? -1 : 1));
    if (restarted === undefined || observer === undefined || flooded === undefined) throw new Error('3 nodes expected');
    const before = (await linksOf(c, flooded)).find((link) => link.identifier === observer.identifier);
    assert.ok(before !== undefined && before.state === 'up', JSON.stringify(before));
    const logOffsets = new Map(c.nodes.map((node) => [node.nick, node.runtimeLog().length]));

    // The observer's view of the flooded node, and the flooded node's answers, all along.
    const seenByObserver = new Set<string>();
    const apiLatencies: number[] = [];
    watching = true;
    const watcher = (async () => {
      while (watching) {
        seenByObserver.add(await stateSeenBy(c, observer, flooded));
        const start = performance.now();
        if (await answers(flooded)) apiLatencies.push(performance.now() - start);
        // the pace of the observation, not a wait
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const url = `ws://${flooded.host}:${flooded.httpPort}/peer`;
    const f = new PeerFlood(url, { idle: 40, big: 16, bigBytes: 4 * 1024 * 1024, reopenMs: 50, bigReopenMs: 200 });
    flood = f;
    f.start();
    await waitFor('the flood to be under way', () => f.figures.bigSent >= 16 && f.figures.opened + f.figures.refused >= 100, { timeoutMs: 10_000 });

    const old = await c.killRuntime(restarted);
    await waitFor('the killed runtime to stop answering', async () => !(await answers(restarted)), { timeoutMs: 5000, intervalMs: 20 });
    await waitFor(`a new runtime on ${restarted.nick}`, async () => {
      const pid = await c.runtimePid(restarted);
      return pid > 0 && pid !== old;
    }, { timeoutMs: 10_000, intervalMs: 20 });
    await waitFor(`the new runtime of ${restarted.nick} answering`, () => answers(restarted), { timeoutMs: 10_000, intervalMs: 10 });
    const listening = performance.now();
    await waitFor(`${flooded.nick} to see ${restarted.nick} RUNNING`, async () => (await stateSeenBy(c, flooded, restarted)) === 'RUNNING', { timeoutMs: 10_000, intervalMs: 10 });
    const rejoinMs = performance.now() - listening;

    // The flood goes on a while with everyone back.
    const openedAtRejoin = f.figures.opened + f.figures.refused;
    await waitFor('more flood', () => f.figures.opened + f.figures.refused >= openedAtRejoin + 200, { timeoutMs: 10_000 });
    watching = false;
    await watcher;
    await f.stop();
    const figures = { ...f.figures };
    const after = (await linksOf(c, flooded)).find((link) => link.identifier === observer.identifier);
    const sorted = [...apiLatencies].sort((x, y) => x - y);
    const summary =
      `rejoin ${rejoinMs.toFixed(0)} ms; flood ${JSON.stringify(figures)}; link to ${observer.nick} before ${JSON.stringify(before)} after ${JSON.stringify(after)}; ` +
      `API latency p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms max ${sorted.at(-1)?.toFixed(1)} ms over ${sorted.length} calls`;
    console.log(`      ${summary}`);

    assert.ok(rejoinMs <= REJOIN_BOUND_MS, `rejoin after ${rejoinMs.toFixed(0)} ms: ${summary}`);
    // No heartbeat missed: the link of the flooded node to the observer never went down on
    // either side, its heartbeat timer was never late, and the observer saw it RUNNING all along.
    assert.ok(after !== undefined && after.state === 'up', summary);
    assert.equal(after.lateTicks, before.lateTicks, `late heartbeat ticks: ${summary}`);
    assert.ok(after.maxLagMs <= Math.max(before.maxLagMs, LAG_BOUND_MS), `heartbeat timer lag: ${summary}`);
    assert.deepEqual([...seenByObserver], ['RUNNING'], `${observer.nick}'s view of ${flooded.nick}: ${summary}`);
    const logSince = (node: ClusterNode): string => node.runtimeLog().slice(logOffsets.get(node.nick) ?? 0);
    assert.doesNotMatch(logSince(observer), new RegExp(`link to ${flooded.identifier} down`), `${observer.nick} lost its link to ${flooded.nick}`);
    assert.doesNotMatch(logSince(flooded), new RegExp(`link to ${observer.identifier} down`), `${flooded.nick} lost its link to ${observer.nick}`);
    assert.equal(await stateSeenBy(c, restarted, flooded), 'RUNNING');
    // The refusals: each kind a few lines per 10 s, then a count.
    const refusals = logSince(flooded)
      .split('\n')
      .filter((line) => /peer connection.* refused|peer connections refused/.test(line));
    assert.ok(refusals.length <= MAX_REFUSAL_LINES, `${refusals.length} refusal lines for ${figures.opened + figures.refused} connections:\n${refusals.join('\n')}`);
    assert.ok(refusals.some((line) => /refused: Max payload size exceeded/.test(line)), 'the 4 MiB messages were refused on their header');
    assert.ok(figures.bigSent >= 16 && figures.opened + figures.refused >= 300, summary);
  });
});
