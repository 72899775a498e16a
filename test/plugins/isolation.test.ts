/**
 * Plugins run in worker threads, on 3 real instances: a starting plugin that blocks its thread for
 * 10 s delays neither the node's XML-RPC answers nor its heartbeats (no peer sees it lost), and
 * its start completes once it answers; test_start_application predicts with a plugin, the
 * application's distribution rule applied around it as around a built-in.
 */
import assert from 'node:assert/strict';
import { list, struct, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { pluginClusterSuite, writePlugins } from './plugin-cluster.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

const BLOCK_MS = 10_000;

const plugins = {
  // blocks its thread, then places on the first valid candidate
  'blocking.mjs': `export const name = 'BLOCKING'; export const kind = 'starting';
    export function choose({ candidates }) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${BLOCK_MS});
      const valid = candidates.find((candidate) => candidate.valid);
      return valid ? valid.identifier : null;
    }`,
  // the valid candidate with the least load of its instance, the last one among equals
  'emptiest.mjs': `export const name = 'EMPTIEST'; export const kind = 'starting';
    export function choose({ candidates }) {
      let best = null;
      for (const candidate of candidates) if (candidate.valid && (best === null || candidate.instanceLoading <= best.instanceLoading)) best = candidate;
      return best === null ? null : best.identifier;
    }`,
};

const programs = `
[group:manual]
programs = m1
[group:spread]
programs = s1,s2
[group:together]
programs = t1,t2
${['m1', 's1', 's2', 't1', 't2'].map((name) => `[program:${name}]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`).join('\n')}`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="spread">
    <programs><program pattern=""><start_sequence>1</start_sequence><expected_loading>40</expected_loading></program></programs>
  </application>
  <application name="together">
    <distribution>SINGLE_INSTANCE</distribution>
    <programs><program pattern=""><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program></programs>
  </application>
  <application name="manual"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application>
</root>
`;

describe('plugins in worker threads, on a cluster', function () {
  this.timeout(90_000);
  const the = pluginClusterSuite({ programs, rules, plugins: (dir) => writePlugins(dir, plugins), supvisors: 'plugin_timeout = 30' });
  let nodes: readonly ClusterNode[] = [];
  before(() => {
    nodes = the().cluster.nodes;
  });

  const call = (node: ClusterNode | undefined, method: string, params: XmlRpcValue[] = []): Promise<XmlRpcValue> => {
    if (node === undefined) throw new Error('no such node');
    return the().cluster.call(node, method, params);
  };

  it('predicts a start with a plugin strategy, each process alone (ALL_INSTANCES) or the application on one instance (SINGLE_INSTANCE)', async () => {
    const identifiers = nodes.map((node) => node.identifier);
    const predicted = async (application: string): Promise<[unknown, unknown][]> =>
      list(await call(nodes[0], 'supvisors.test_start_application', ['EMPTIEST', application])).map(struct).map((entry) => [entry['process_name'], list(entry['running_identifiers'] ?? [])]);
    // one after the other: the second goes where the first is not (its load pending there)
    assert.deepEqual(await predicted('spread'), [
      ['s1', [identifiers[2]]],
      ['s2', [identifiers[1]]],
    ]);
    // the plugin is asked once for the whole application: both go to one instance
    assert.deepEqual(await predicted('together'), [
      ['t1', [identifiers[2]]],
      ['t2', [identifiers[2]]],
    ]);
    const one = list(await call(nodes[0], 'supvisors.test_start_process', ['EMPTIEST', 'spread:s1'])).map(struct);
    assert.deepEqual(one.map((entry) => list(entry['running_identifiers'] ?? [])), [[identifiers[2]]]);
  });

  it('keeps answering XML-RPC and sending heartbeats while a plugin blocks for 10 s', async () => {
    const [node1, node2, node3] = nodes;
    const started = Date.now();
    assert.equal(await call(node1, 'supvisors.start_process', ['BLOCKING', 'manual:m1', '', false]), true);
    const latencies: number[] = [];
    const peerViews: string[] = [];
    const running = async (): Promise<boolean> => {
      const info = list(await call(node1, 'supvisors.get_process_info', ['manual:m1'])).map(struct)[0];
      return info?.['statename'] === 'RUNNING';
    };
    await waitFor(
      'm1 started once the plugin answered',
      async () => {
        const before = performance.now();
        await call(node1, 'supvisors.get_supvisors_state');
        latencies.push(performance.now() - before);
        for (const peer of [node2, node3]) {
          const seen = list(await call(peer, 'supvisors.get_instance_info', [node1?.identifier ?? ''])).map(struct)[0];
          const state = seen?.['statename'];
          peerViews.push(typeof state === 'string' ? state : 'none');
        }
        return running();
      },
      { timeoutMs: BLOCK_MS + 20_000, intervalMs: 100 },
    );
    // the start waited for the plugin: the node was polled for most of the block
    assert.ok(Date.now() - started >= BLOCK_MS - 500, `m1 started after ${Date.now() - started} ms, before the plugin answered`);
    assert.ok(latencies.length >= 30, `${latencies.length} polls`);
    assert.ok(Math.max(...latencies) < 100, `the slowest XML-RPC answer during the block took ${Math.round(Math.max(...latencies))} ms`);
    assert.deepEqual([...new Set(peerViews)], ['RUNNING'], 'no peer saw node1 other than RUNNING');
    const diagnostics = struct(await call(node1, 'supvisors.get_actor_diagnostics', [0, '']));
    const actor = list(diagnostics['actors'] ?? []).map(struct).find((one) => one['name'] === 'plugin:BLOCKING');
    const health = actor?.['health'];
    assert.match(typeof health === 'string' ? health : '', /^starting plugin BLOCKING, worker thread \d+ running: 2 calls, 0 failed, slowest \d{5} ms$/);
  });
});
