/**
 * Peers authenticate apart from the API, and a live link is never replaced.
 *
 * - A client that knows the peer secret dials node1 claiming node2's identifier while node2 is
 *   up: it is refused (logged, rate-limited), node1 keeps its link to node2, and every node sees
 *   every instance RUNNING all along.
 * - A peer_secret equal to the [inet_http_server] password is refused at start (CONFIG_INVALID).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { answerChallenge, makeHello, type PeerSecret } from '../../transport/auth.js';
import { decodeFrames, encodeFrame, NONCE_BYTES, type PeerFrame } from '../../transport/frames.js';
import { clusterLogsOnFailure, list, PASSWORD, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const PEER_SECRET = 'impersonation-test-peer-secret';
const SECRET: PeerSecret = { mode: 'secret', key: Buffer.from(PEER_SECRET, 'utf8') };
const ATTEMPTS = 20;

/**
 * Dials `target`'s /peer as `claimed`, knowing the secret: it answers a challenge with a valid
 * proof. Gives the frames received until the server closed the connection.
 */
function impersonate(target: ClusterNode, claimed: string): Promise<PeerFrame[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${target.host}:${target.httpPort}/peer`, { perMessageDeflate: false });
    const frames: PeerFrame[] = [];
    const hello = makeHello({ identifier: claimed, incarnation: Date.now() }, SECRET, randomBytes(NONCE_BYTES));
    const guard = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${target.nick} did not close the impostor's connection within 3 s (frames: ${frames.map((frame) => frame.type).join(', ')})`));
    }, 3000);
    socket.on('open', () => socket.send(encodeFrame(hello)));
    socket.on('message', (data: Buffer) => {
      const decoded = decodeFrames(data, 4 * 1024 * 1024);
      if (!decoded.ok) return;
      for (const frame of decoded.frames) {
        frames.push(frame);
        if (frame.type === 'challenge') {
          const step = answerChallenge(target.identifier, SECRET, hello, frame);
          if (step.ok) socket.send(encodeFrame(step.frame));
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(guard);
      resolve(frames);
    });
  });
}

async function statesSeenBy(cluster: Cluster, observer: ClusterNode): Promise<Record<string, string>> {
  try {
    const infos = list(await cluster.call(observer, 'supvisors.get_all_instances_info', [], 2000)).map(struct);
    const text = (field: unknown): string => (typeof field === 'string' ? field : '?');
    return Object.fromEntries(infos.map((info) => [text(info['identifier']), text(info['statename'])]));
  } catch {
    return { [observer.identifier]: 'no answer' };
  }
}

describe('impersonation of a live peer', function () {
  this.timeout(40_000);
  let cluster: Cluster | undefined;
  afterEach(async function () {
    clusterLogsOnFailure(this, cluster);
    await cluster?.stop();
    cluster = undefined;
  });

  it('is refused and logged, and never replaces the live link', async () => {
    const c = await startCluster(3, { supvisors: `peer_secret = ${PEER_SECRET}` });
    cluster = c;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 15_000);
    const offsets = new Map(c.nodes.map((node) => [node.nick, node.runtimeLog().length]));
    const logSince = (node: ClusterNode): string => node.runtimeLog().slice(offsets.get(node.nick) ?? 0);

    // Every node's view of every instance, all along the attempts and a heartbeat bound after.
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const observer of c.nodes) for (const state of Object.values(await statesSeenBy(c, observer))) seen.add(state);
        // the pace of the observation, not a wait
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const first = await impersonate(node1, node2.identifier);
    assert.deepEqual(first.map((frame) => frame.type), ['refused'], 'refused at its hello, before any challenge');
    const [refusal] = first;
    assert.ok(refusal?.type === 'refused' && refusal.reason.startsWith(`${node2.identifier} is already linked to this node and alive`), JSON.stringify(refusal));
    // More attempts, some at once: none gets through, and the log stays short.
    for (let round = 0; round < ATTEMPTS / 5; round += 1) {
      const rounds = await Promise.all(Array.from({ length: 5 }, () => impersonate(node1, node2.identifier)));
      for (const frames of rounds) assert.deepEqual(frames.map((frame) => frame.type), ['refused']);
    }
    // An absence, past the heartbeat bound (4 x 250 ms): a replaced or disturbed link would show by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    watching = false;
    await watcher;

    assert.deepEqual([...seen], ['RUNNING'], 'every instance RUNNING on every node all along');
    const escaped = node2.identifier.replaceAll('.', '\\.');
    const refusedLines = logSince(node1)
      .split('\n')
      .filter((line) => new RegExp(`peer connection from 127\\.0\\.0\\.1:\\d+ \\(saying it is ${escaped}\\) refused: ${escaped} is already linked to this node and alive`).test(line));
    assert.ok(refusedLines.length >= 1, 'the refusal is in node1\'s log');
    assert.ok(refusedLines.length <= 5, `${refusedLines.length} lines for ${ATTEMPTS + 1} attempts: rate-limited`);
    assert.doesNotMatch(logSince(node1), new RegExp(`link to ${escaped} (down|up)`), 'node1 kept its link to node2');
    assert.doesNotMatch(logSince(node2), new RegExp(`link to ${node1.identifier.replaceAll('.', '\\.')} (down|up)`), 'node2 kept its link to node1');
    const links = struct(await c.call(node1, 'supvisors.get_actor_diagnostics', [0], 5000))['peers'];
    const toNode2 = list(links ?? []).map(struct).find((peer) => peer['identifier'] === node2.identifier);
    assert.equal(toNode2?.['state'], 'up');
    assert.equal(toNode2?.['reconnects'], 0, 'the link to node2 is the first one');
    await waitFor('node1 to be OPERATION still', async () => (await c.stateOf(node1)) === 'OPERATION', { timeoutMs: 2000 });
  });

  it('refuses at start a peer_secret equal to the [inet_http_server] password', async () => {
    const c = await startCluster(1, { supvisors: `peer_secret = ${PASSWORD}` });
    cluster = c;
    const [node] = c.nodes;
    if (node === undefined) throw new Error('1 node expected');
    await waitFor(
      'the runtime to refuse its configuration',
      () => /CONFIG_INVALID.*peer_secret: equal to the \[inet_http_server\] password|peer_secret: equal to the \[inet_http_server\] password/.test(node.runtimeLog()),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    assert.equal(await c.stateOf(node), undefined, 'no runtime serves with such a secret');
  });
});
