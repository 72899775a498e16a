/**
 * Running-failure strategies on 3 real instances (docs/applications.md, strategies.md §8):
 * node3 is killed (supervisord and its children) while applications run there; each
 * application's strategy is applied by the Master (node1) within the bound:
 * - RESTART_PROCESS: the lost process starts again elsewhere, with its extra arguments;
 * - RESTART_PROCESS with the whole application lost: promoted to RESTART_APPLICATION;
 * - STOP_APPLICATION: what still runs elsewhere is stopped;
 * - CONTINUE: nothing is done.
 * And a crash (an unexpected exit) of a STOP_APPLICATION program stops its application.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure } from '../helpers/cluster.js';
import { SHIM } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';
import { placement as processes, type Placement as Where, type RulesCluster, sleeper, startRulesCluster } from './fixtures.js';

const FAILOVER_BOUND_MS = 3000;

const program = (name: string, command = 'sleep 1000'): string => sleeper(name, 0, command);

const programs = `
[group:rp]
programs = rp_main,rp_keep
[group:ra]
programs = ra_1,ra_2
[group:sa]
programs = sa_lost,sa_other
[group:co]
programs = co_1
[group:cr]
programs = cr_1,cr_2
${program('rp_main', `${SHIM} sh -c 'exec sleep 1000' rp_main`)}
${['rp_keep', 'ra_1', 'ra_2', 'sa_lost', 'sa_other', 'co_1', 'cr_2'].map((name) => program(name)).join('\n')}
${program('cr_1', "sh -c 'exit 1'")}
`;

const app = (name: string, strategy: string, body: string, autoStart = true): string =>
  `<application name="${name}"><start_sequence>${autoStart ? 1 : 0}</start_sequence><running_failure_strategy>${strategy}</running_failure_strategy><programs>${body}</programs></application>`;
const prg = (name: string, identifiers: string): string => `<program name="${name}"><start_sequence>1</start_sequence><identifiers>${identifiers}</identifiers></program>`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  ${app('rp', 'RESTART_PROCESS', prg('rp_main', 'node3,node2') + prg('rp_keep', 'node1'))}
  ${app('ra', 'RESTART_PROCESS', prg('ra_1', 'node3,node1') + prg('ra_2', 'node3,node1'))}
  ${app('sa', 'STOP_APPLICATION', prg('sa_lost', 'node3,node1') + prg('sa_other', 'node2'))}
  ${app('co', 'CONTINUE', prg('co_1', 'node3,node1'))}
  ${app('cr', 'STOP_APPLICATION', `<program name="cr_1"><start_sequence>2</start_sequence><identifiers>node1</identifiers></program>${prg('cr_2', 'node2')}`, false)}
</root>
`;

describe('running-failure strategies', function () {
  this.timeout(90_000);
  let running: RulesCluster | undefined;
  afterEach(function () {
    clusterLogsOnFailure(this, running?.cluster);
  });
  after(async () => {
    await running?.stop();
  });

  it('applies each strategy to the processes of a killed node, and STOP_APPLICATION to a crash', async () => {
    running = await startRulesCluster(programs, rules);
    const c = running.cluster;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 30_000);

    // a crash: cr_2 starts (rank 1), then cr_1 exits 1 at once (rank 2): the application is stopped
    await c.call(node1, 'supvisors.start_application', ['CONFIG', 'cr', false]);
    await waitFor('cr stopped after the crash of cr_1', async () => {
      const now = await processes(c, node1);
      return now.get('cr:cr_1')?.state === 'EXITED' && now.get('cr:cr_2')?.state === 'STOPPED';
    }, { timeoutMs: 10_000, intervalMs: 100 });

    assert.equal(await c.call(node1, 'supvisors.restart_process', ['CONFIG', 'rp:rp_main', '--port 4242', true], 10_000), true);
    const before = await processes(c, node1);
    for (const namespec of ['rp:rp_main', 'ra:ra_1', 'ra:ra_2', 'sa:sa_lost', 'co:co_1']) assert.deepEqual(before.get(namespec)?.identifiers, [node3.identifier], `${namespec} on node3`);
    assert.equal(before.get('rp:rp_main')?.extraArgs, '--port 4242');

    const t0 = performance.now();
    await c.killNode(node3);
    let after = new Map<string, Where>();
    await waitFor('the strategies applied', async () => {
      after = await processes(c, node1);
      const runsOn = (namespec: string, identifier: string): boolean => after.get(namespec)?.state === 'RUNNING' && after.get(namespec)?.identifiers.join() === identifier;
      return runsOn('rp:rp_main', node2.identifier) && runsOn('ra:ra_1', node1.identifier) && runsOn('ra:ra_2', node1.identifier) && after.get('sa:sa_other')?.state === 'STOPPED';
    }, { timeoutMs: 10_000, intervalMs: 50 }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; last seen: ${JSON.stringify([...after])}`);
    });
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < FAILOVER_BOUND_MS, `strategies applied after ${elapsed.toFixed(0)} ms`);
    assert.equal(after.get('rp:rp_main')?.extraArgs, '--port 4242', 'restarted with its extra arguments');
    assert.equal(after.get('rp:rp_keep')?.state, 'RUNNING');
    assert.equal(after.get('sa:sa_lost')?.state, 'FATAL', 'STOP_APPLICATION does not restart');
    assert.equal(after.get('co:co_1')?.state, 'FATAL', 'CONTINUE does nothing');
  });
});
