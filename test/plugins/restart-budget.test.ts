/**
 * The example running failure plugin RESTART_BUDGET (examples/plugins/restart-budget.ts) end to
 * end, on 3 real instances. `budget:crashy` exits unexpectedly 2 s after each of its first 3
 * starts (Supervisor's autorestart starts it again: RESTART_PROCESS leaves a crash to it), then
 * fails at once on its 4th start (FATAL): within 60 s, the plugin on the Master answers
 * RESTART_PROCESS three times, then STOP_APPLICATION, and `budget:keeper` is stopped with its
 * application. The application is started in OPERATION: running failures are not handled
 * before (a crash during DISTRIBUTION would not be asked about).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { list, struct, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { pluginClusterSuite } from './plugin-cluster.js';

const example = fileURLToPath(new URL('../../examples/plugins/restart-budget.js', import.meta.url));

/** Counts its runs in %(here)s/crashy-runs; the first 3 last 2 s (past startsecs), the 4th ends at once. */
const programs = `[group:budget]
programs = crashy,keeper
[program:crashy]
command = sh -c 'n=$(cat %(here)s/crashy-runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > %(here)s/crashy-runs; if [ $n -le 3 ]; then sleep 2; fi; exit 1'
autostart = false
autorestart = unexpected
startsecs = 1
startretries = 0
[program:keeper]
command = sleep 1000
autostart = false
startsecs = 0
`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="budget">
    <programs>
      <program name="crashy"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_BUDGET</running_failure_strategy><identifiers>node2</identifiers></program>
      <program name="keeper"><start_sequence>1</start_sequence><identifiers>node3</identifiers></program>
    </programs>
  </application>
</root>
`;

describe('running failure plugin RESTART_BUDGET in a cluster', function () {
  this.timeout(60_000);
  const the = pluginClusterSuite({ programs, rules, plugins: () => [example] });

  it('restarts a crashing process 3 times within 60 s, then stops its application', async () => {
    const c = the().cluster;
    const [node1, node2] = c.nodes as [ClusterNode, ClusterNode, ClusterNode];
    const runsFile = join(node2.dir, 'crashy-runs');
    const runs = (): number => (existsSync(runsFile) ? Number(readFileSync(runsFile, 'utf8').trim()) : 0);
    /** process name → statename, as the Master sees them. */
    const states = async (): Promise<Record<string, unknown>> => {
      const infos = list(await c.call(node1, 'supvisors.get_process_info', ['budget:*'])).map(struct);
      return Object.fromEntries(infos.map((info) => [typeof info['process_name'] === 'string' ? info['process_name'] : '', info['statename']]));
    };
    const applicationState = async (): Promise<unknown> => struct(await c.call(node1, 'supvisors.get_application_info', ['budget']))['statename'];
    assert.equal(await c.call(node1, 'supvisors.start_application', ['CONFIG', 'budget', true], 10_000), true);

    // within the budget: crashy restarted, the application goes on
    await waitFor('the 3rd run of crashy', () => Promise.resolve(runs() >= 3), { timeoutMs: 20_000, intervalMs: 50 });
    assert.equal((await states())['keeper'], 'RUNNING', 'two failures within the budget stop nothing');

    // the 4th failure is past the budget: the application is stopped
    let last: Record<string, unknown> = {};
    await waitFor('budget stopped', async () => (last = await states())['keeper'] === 'STOPPED' && (await applicationState()) === 'STOPPED', { timeoutMs: 20_000, intervalMs: 100 }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; runs ${runs()}, states ${JSON.stringify(last)}`);
    });
    assert.equal(runs(), 4);
    assert.equal(last['crashy'], 'FATAL');
  });
});
