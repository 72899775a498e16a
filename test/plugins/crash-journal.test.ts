/**
 * The example actor plugin CRASH_JOURNAL (examples/plugins/crash-journal.ts) end to end, on 3 real
 * instances sharing one journal file (SUPVISORS_CRASH_JOURNAL in every supvisorsd's environment):
 * a process that never starts (FATAL) and one that exits unexpectedly (EXITED) each get a line
 * from the actor of each node that sees them crash, with the state of their application; a
 * process stopped on request gets none.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { pluginClusterSuite } from './plugin-cluster.js';

const example = fileURLToPath(new URL('../../examples/plugins/crash-journal.js', import.meta.url));

const programs = `[group:jr]
programs = boom,quits,calm
[program:boom]
command = sh -c 'exit 1'
autostart = false
startsecs = 1
startretries = 0
[program:quits]
command = sh -c 'sleep 0.5; exit 3'
autostart = false
autorestart = false
startsecs = 0
[program:calm]
command = sleep 1000
autostart = false
startsecs = 0
`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="jr">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

describe('actor plugin CRASH_JOURNAL in a cluster', function () {
  this.timeout(60_000);
  const the = pluginClusterSuite({ programs, rules, plugins: () => [example], env: (dir) => ({ SUPVISORS_CRASH_JOURNAL: join(dir, 'crashes.jsonl') }) });

  it('writes a line for each crash, none for a stop', async () => {
    const { cluster: c, dir } = the();
    const journal = join(dir, 'crashes.jsonl');
    const [node1] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];
    const lines = (): Record<string, unknown>[] => (existsSync(journal) ? readFileSync(journal, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) : []);

    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'jr:calm', '', true], 10_000), true);
    assert.equal(await c.call(node1, 'supvisors.stop_process', ['jr:calm', true], 10_000), true);
    await c.call(node1, 'supvisors.start_process', ['CONFIG', 'jr:boom', '', false], 10_000);
    assert.equal(await c.call(node1, 'supvisors.start_process', ['CONFIG', 'jr:quits', '', true], 10_000), true);

    const crashes = (): string[] => lines().map((line) => `${String(line['namespec'])} ${String(line['state'])}`);
    await waitFor('both crashes written', () => Promise.resolve(crashes().includes('jr:boom FATAL') && crashes().includes('jr:quits EXITED')), { timeoutMs: 15_000, intervalMs: 100 }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; journal: ${JSON.stringify(lines())}`);
    });
    for (const line of lines()) {
      assert.ok(['jr:boom FATAL', 'jr:quits EXITED'].includes(`${String(line['namespec'])} ${String(line['state'])}`), JSON.stringify(line));
      assert.ok(typeof line['time'] === 'string' && !Number.isNaN(Date.parse(line['time'])), JSON.stringify(line));
      assert.ok(typeof line['applicationState'] === 'string', JSON.stringify(line));
    }
    // one line a node at most: a status published again writes nothing
    for (const crash of ['jr:boom FATAL', 'jr:quits EXITED']) assert.ok(crashes().filter((item) => item === crash).length <= c.nodes.length, crash);
  });
});
