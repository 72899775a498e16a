/**
 * Stops against Supervisor's own `autorestart` on a real node (jobs/stop-jobs.ts): supervisord
 * spawns an EXITED process again in its next loop, which a stop job must not take for stopped.
 * - A crash of a STOP_APPLICATION program with the default `autorestart = unexpected`: the
 *   application ends STOPPED in supervisord (not cycling crash, respawn, stop application...).
 * - `stop_application` while a program keeps exiting at once and being spawned again
 *   (`autorestart = true`): most of the time supervisord has it EXITED, about to spawn it.
 * Python Supvisors forces such programs' autorestart to false inside supervisord; ours runs beside
 * it, so its stopper follows the new spawn and stops it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterLogsOnFailure, list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

const programs = `
[group:crashing]
programs = crasher,steady
[group:cycling]
programs = cycler

[program:crasher]
command = sh -c 'sleep 1; exit 3'
autostart = false
startsecs = 0

[program:steady]
command = sleep 1000
autostart = false
startsecs = 0

[program:cycler]
command = true
autostart = false
startsecs = 0
autorestart = true
`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="crashing">
    <running_failure_strategy>STOP_APPLICATION</running_failure_strategy>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="cycling">
    <programs><program name="cycler"><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

describe("stop jobs against Supervisor's autorestart (a real node)", function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  const node = (): ClusterNode => {
    const found = cluster?.nodes[0];
    assert.ok(found !== undefined);
    return found;
  };
  /** What supervisord itself says of each process of the group. */
  const supervisordStates = async (group: string): Promise<string[]> => {
    assert.ok(cluster !== undefined);
    const infos = list(await cluster.call(node(), 'supervisor.getAllProcessInfo')).map(struct);
    const text = (value: unknown): string => (typeof value === 'string' ? value : '?');
    return infos.filter((info) => info['group'] === group).map((info) => `${text(info['name'])} ${text(info['statename'])}`).sort();
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-autorestart-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    cluster = await startCluster(1, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}` });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('a crash under STOP_APPLICATION leaves the application STOPPED, though autorestart spawned the process again', async () => {
    const c = cluster;
    assert.ok(c !== undefined);
    assert.equal(await c.call(node(), 'supvisors.start_application', ['CONFIG', 'crashing', true], 15_000), true);
    // STOPPED is where supervisord leaves a process for good (autorestart only acts on EXITED)
    let states: string[] = [];
    await waitFor('crashing stopped in supervisord', async () => {
      states = await supervisordStates('crashing');
      return states.join() === 'crasher STOPPED,steady STOPPED';
    }, { timeoutMs: 20_000, intervalMs: 100 }).catch((error: unknown) => {
      throw new Error(`${String(error)}; supervisord says ${states.join(', ')}`);
    });
    assert.match(c.nodes[0]?.runtimeLog() ?? '', /crashing:crasher on \S+ spawned again by Supervisor's autorestart: stopping it again/);
  });

  it('stop_application stops a program that keeps exiting and being spawned again', async () => {
    const c = cluster;
    assert.ok(c !== undefined);
    for (let round = 1; round <= 5; round += 1) {
      // supervisord's own start (Supvisors' would wait for a RUNNING that does not last)
      assert.equal(await c.call(node(), 'supervisor.startProcess', ['cycling:cycler', true], 15_000), true);
      const seen = async (): Promise<boolean> => list(await c.call(node(), 'supvisors.get_process_info', ['cycling:cycler'])).map(struct)[0]?.['statename'] !== 'STOPPED';
      await waitFor('Supvisors seeing it started', seen, { timeoutMs: 5000, intervalMs: 20 });
      assert.equal(await c.call(node(), 'supvisors.stop_application', ['cycling', true], 15_000), true, `round ${round}`);
      assert.deepEqual(await supervisordStates('cycling'), ['cycler STOPPED'], `round ${round}`);
    }
  });
});
