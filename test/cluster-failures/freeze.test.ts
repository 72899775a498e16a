/**
 * A node resuming from a freeze (cluster/freeze.ts): SIGSTOP of a whole node (supervisord,
 * runtime, programs) for 5 s, then SIGCONT. Meanwhile the others fail its programs over. On
 * resume it must neither act as Master nor start anything before it has re-synchronized: it
 * adopts the running Master, and the duplicate its resumed program makes is conciliated by that
 * Master (SENICIDE here).
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, descendants, list, masterOf, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { placement, type RulesCluster, sleeper, startRulesCluster } from './fixtures.js';

const FREEZE_MS = 5000;

const programs = `
[group:web]
programs = db,proxy
${['db', 'proxy'].map((name) => sleeper(name)).join('\n')}
`;
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><identifiers>node3,node2</identifiers></program>
      <program name="proxy"><start_sequence>2</start_sequence><identifiers>node1</identifiers></program>
    </programs>
  </application>
</root>
`;

async function whereRuns(cluster: Cluster, observer: ClusterNode, namespec: string): Promise<string[]> {
  const found = (await placement(cluster, observer)).get(namespec);
  return found?.state === 'RUNNING' ? found.identifiers : [];
}

/** The latest epoch second one of this node's programs was spawned (the runtime excluded). */
async function lastSpawn(node: ClusterNode, timeoutMs = 5000): Promise<number> {
  const infos = list(await node.supervisor.call('supervisor.getAllProcessInfo', [], { timeoutMs })).map(struct);
  return Math.max(0, ...infos.filter((info) => info['group'] !== 'supvisors').map((info) => (typeof info['start'] === 'number' ? info['start'] : 0)));
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

describe('a node resuming from a freeze', function () {
  this.timeout(90_000);
  let running: RulesCluster | undefined;
  let frozen: number[] = [];
  afterEach(function () {
    signalAll(frozen, 'SIGCONT');
    clusterLogsOnFailure(this, running?.cluster);
  });
  after(async () => {
    await running?.stop();
  });

  it('neither acts as Master nor starts anything until it has re-synchronized', async () => {
    running = await startRulesCluster(programs, rules, 'conciliation_strategy = SENICIDE');
    const c = running.cluster;
    const [node1, node2, node3] = c.nodes;
    if (node1 === undefined || node2 === undefined || node3 === undefined) throw new Error('3 nodes expected');
    await c.waitState(c.nodes, 'OPERATION', 30_000);
    assert.deepEqual(await whereRuns(c, node1, 'web:db'), [node3.identifier]);

    frozen = [node3.pid, ...descendants(node3.pid)];
    signalAll(frozen, 'SIGSTOP');
    const stoppedAt = Date.now();
    await waitFor('web:db failed over to node2', async () => (await whereRuns(c, node1, 'web:db')).join() === node2.identifier, { timeoutMs: 4000, intervalMs: 50 });
    const spawnedBefore = await lastSpawn(node3, 200).catch(() => -1);
    assert.equal(spawnedBefore, -1, 'node3 is frozen: its supervisord does not answer');
    await sleep(Math.max(0, FREEZE_MS - (Date.now() - stoppedAt))); // the freeze itself: a duration is what is tested
    const resumedAt = Math.floor(Date.now() / 1000);
    signalAll(frozen, 'SIGCONT');
    frozen = [];

    await waitFor('one web:db, on node2, everyone in OPERATION under node1', async () => {
      const states = await Promise.all(c.nodes.map((node) => c.stateOf(node)));
      const masters = await Promise.all(c.nodes.map(masterOf));
      return states.every((state) => state === 'OPERATION') && masters.every((master) => master === node1.identifier) && (await whereRuns(c, node1, 'web:db')).length === 1;
    }, { timeoutMs: 30_000, intervalMs: 100 });
    const log = node3.runtimeLog();
    const resume = log.indexOf('was frozen for');
    assert.ok(resume >= 0, 'node3 knew it was frozen');
    assert.doesNotMatch(log.slice(resume), /Master elected: this instance|\[starter\] starting /, 'node3 neither became Master nor started anything after the freeze');
    assert.ok((await lastSpawn(node3)) < resumedAt, 'node3 spawned no program after its resume');
    assert.deepEqual(await whereRuns(c, node1, 'web:db'), [node2.identifier], 'SENICIDE kept the younger web:db');
  });
});
