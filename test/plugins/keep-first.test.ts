/**
 * The example conciliation plugin KEEP_FIRST (examples/plugins/keep-first.ts) end to end, on 3
 * real instances with `conciliation_strategy = KEEP_FIRST`. A real conflict: `svc:p` started on
 * every node through its own `supervisor.startProcess` (to the node's supervisord, behind
 * Supvisors' back), a second apart, the first identifier in code-point order neither the oldest
 * copy nor the youngest (INFANTICIDE and SENICIDE would keep another): the Master conciliates by
 * itself and only the first identifier's copy is left, for every node; then OPERATION again.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { list, struct, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { pluginClusterSuite } from './plugin-cluster.js';

const example = fileURLToPath(new URL('../../examples/plugins/keep-first.js', import.meta.url));

const programs = `[group:svc]\nprograms = p\n[program:p]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="svc">
    <programs><program name="p"><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

describe('conciliation plugin KEEP_FIRST in a cluster', function () {
  this.timeout(60_000);
  const the = pluginClusterSuite({ programs, rules, plugins: () => [example], supvisors: 'conciliation_strategy = KEEP_FIRST' });

  it('keeps the copy on the first identifier in code-point order, whatever the ages', async () => {
    const c = the().cluster;
    // identifiers are host:port: their order is the ports' as strings
    const [first, middle, last] = [...c.nodes].sort((a, b) => (a.identifier < b.identifier ? -1 : 1)) as [ClusterNode, ClusterNode, ClusterNode];
    const runsOn = async (observer: ClusterNode): Promise<string[]> => {
      const [info] = list(await c.call(observer, 'supvisors.get_process_info', ['svc:p'])).map(struct);
      return list(info?.['identifiers'] ?? []).map((identifier) => (typeof identifier === 'string' ? identifier : ''));
    };
    /** Starts p on `node` behind Supvisors' back, over a second after the previous start (start times are whole seconds). */
    const startBehind = async (node: ClusterNode): Promise<void> => {
      const previous = Date.now() / 1000;
      await waitFor('a second since the previous start', () => Promise.resolve(Date.now() / 1000 >= previous + 1.1), { timeoutMs: 3000, intervalMs: 50 });
      assert.equal(await c.call(node, 'supervisor.startProcess', ['svc:p', true], 10_000), true);
    };

    // the oldest copy on the last identifier, then the first's, then the youngest on the middle one
    assert.equal(await c.call(last, 'supervisor.startProcess', ['svc:p', true], 10_000), true);
    await waitFor('p seen on the last identifier', async () => (await runsOn(first)).join() === last.identifier, { timeoutMs: 10_000, intervalMs: 100 });
    await startBehind(first);
    await startBehind(middle);

    // the supervisords say it first: the cluster's views may not have the youngest copy yet
    let views: string[][] = [];
    let others: unknown[] = [];
    await waitFor(
      'only the first identifier copy left, for every supervisord and every node',
      async () => {
        others = await Promise.all([middle, last].map(async (node) => struct(await c.call(node, 'supervisor.getProcessInfo', ['svc:p']))['statename']));
        views = await Promise.all(c.nodes.map((node) => runsOn(node)));
        return others.every((state) => state === 'STOPPED') && views.every((view) => view.join() === first.identifier);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; first ${first.identifier}, the others' supervisords ${JSON.stringify(others)}, last views: ${JSON.stringify(views)}`);
    });
    await c.waitState(c.nodes, 'OPERATION', 10_000);
  });
});
