/**
 * The example starting plugin ROUND_ROBIN (examples/plugins/round-robin.ts) end to end, on 3 real
 * instances: accepted by start_process like a built-in strategy, and by a rules file as an
 * application's starting_strategy (auto-started at DISTRIBUTION); listed by get_all_strategies and
 * completed by supvisorsctl's shell; its proxy actor `plugin:ROUND_ROBIN` shows in the diagnostics.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { SupvisorsClient } from '../../client/index.js';
import { clientFetcher, Completer } from '../../cli/completion.js';
import { commands } from '../../cli/commands/index.js';
import { list, PASSWORD, struct, USER, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { pluginClusterSuite } from './plugin-cluster.js';

const example = fileURLToPath(new URL('../../examples/plugins/round-robin.js', import.meta.url));

const programs = `
[group:spread]
programs = s1,s2,s3
[group:manual]
programs = m1,m2,m3
${['s1', 's2', 's3', 'm1', 'm2', 'm3'].map((name) => `[program:${name}]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`).join('\n')}`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="spread">
    <start_sequence>1</start_sequence>
    <starting_strategy>ROUND_ROBIN</starting_strategy>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="manual">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

/** Where each process of `group` runs, from the cluster's view. */
async function placements(cluster: Cluster, node: ClusterNode, group: string): Promise<Map<string, string[]>> {
  const infos = list(await cluster.call(node, 'supvisors.get_all_process_info')).map(struct);
  return new Map(
    infos
      .filter((info) => info['application_name'] === group)
      .map((info) => [typeof info['process_name'] === 'string' ? info['process_name'] : '', list(info['identifiers'] ?? []).map(String)]),
  );
}

describe('starting plugin ROUND_ROBIN in a cluster', function () {
  this.timeout(60_000);
  const the = pluginClusterSuite({ programs, rules, plugins: () => [example] });

  it('places by rules at DISTRIBUTION and through start_process, one instance after the other', async () => {
    const c = the().cluster;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    const all = [node1, node2, node3].map((node) => node.identifier);

    // DISTRIBUTION (on the Master, node1): one process per instance
    let spread = new Map<string, string[]>();
    await waitFor('spread started', async () => {
      spread = await placements(c, node1, 'spread');
      return [...spread.values()].every((identifiers) => identifiers.length === 1);
    }, { timeoutMs: 10_000, intervalMs: 100 });
    assert.deepEqual(new Set([...spread.values()].flat()), new Set(all));

    // XML-RPC, asked of node2: its own plugin worker, its own turns
    for (const name of ['m1', 'm2', 'm3']) assert.equal(await c.call(node2, 'supvisors.start_process', ['ROUND_ROBIN', `manual:${name}`, '', true], 10_000), true);
    const manual = await placements(c, node2, 'manual');
    assert.deepEqual([...manual.values()].map((identifiers) => identifiers[0]), all);

    const strategies = list(await c.call(node2, 'supvisors.get_all_strategies')).map(struct);
    assert.deepEqual(strategies.filter((strategy) => strategy['name'] === 'ROUND_ROBIN' || strategy['name'] === 'CONFIG'), [
      { name: 'CONFIG', kind: 'starting', origin: 'built-in' },
      { name: 'ROUND_ROBIN', kind: 'starting', origin: example },
    ]);

    const client = new SupvisorsClient({ url: `http://${node2.host}:${node2.httpPort}`, username: USER, password: PASSWORD });
    try {
      const completer = new Completer(commands, clientFetcher(client));
      assert.deepEqual(await completer.complete('start_application RO'), [['ROUND_ROBIN '], 'RO'], "the plugin's name completes where a starting strategy goes");
      assert.deepEqual(await completer.complete('start_application LESS_LOADED_'), [['LESS_LOADED_NODE '], 'LESS_LOADED_'], 'the built-ins still do');
      assert.deepEqual(await completer.complete('conciliate RO'), [[], 'RO'], 'not where a conciliation strategy goes');
    } finally {
      client.close();
    }

    const diagnostics = struct(await c.call(node2, 'supvisors.get_actor_diagnostics', [0, '']));
    const actors = list(diagnostics['actors'] ?? []).map(struct);
    assert.ok(actors.some((actor) => actor['name'] === 'plugin:ROUND_ROBIN' && actor['kind'] === `plugin ${example}`), 'the proxy actor in the diagnostics');
  });
});
