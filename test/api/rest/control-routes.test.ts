/**
 * Every POST route of the REST API on 3 real nodes, in one scenario: each answers what its
 * method does (true, a prediction, a namespec, supervisord's results) or the fault the state
 * calls for, and the cluster changes as said; it ends with supervisord restart and shutdown
 * of one node, then Supvisors' restart and shutdown of the whole cluster.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRoutes, REST_PREFIX } from '../../../api/rest/rest-paths.js';
import { contracts } from '../../../contract/index.js';
import type { Json } from '../../../xmlrpc/json.js';
import { alive, clusterLogsOnFailure, PASSWORD, startCluster, USER, type Cluster, type ClusterNode } from '../../helpers/cluster.js';
import { basic } from '../../helpers/http-client.js';
import { waitFor } from '../../helpers/wait.js';

const programs = `
[group:web]
programs = front,back
[program:front]
command = sleep 1000
autostart = false
startsecs = 0
[program:back]
command = %(shim)s /bin/sh -c 'exec sleep 1000' back
autostart = false
startsecs = 0
[group:tools]
programs = tool
[program:tool]
command = sleep 1000
autostart = false
startsecs = 0
[program:pool]
command = sleep 1000
process_name = %(program_name)s_%(process_num)d
numprocs = 3
autostart = false
startsecs = 0
`;

const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="tools">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>
`;

interface Answer {
  readonly status: number;
  readonly body: Json | string;
}

describe('REST control routes on 3 nodes', function () {
  this.timeout(120_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  const covered = new Set<string>();

  /** One POST; `template` is the route as the contracts write it, counted as covered. */
  async function post(node: ClusterNode, template: string, path = template): Promise<Answer> {
    covered.add(template);
    const response = await fetch(`http://127.0.0.1:${node.httpPort}${REST_PREFIX}${path}`, { method: 'POST', headers: basic(`${USER}:${PASSWORD}`), signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    return { status: response.status, body: (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Json) : text };
  }
  async function ok(node: ClusterNode, template: string, path?: string): Promise<Json | string> {
    const answer = await post(node, template, path);
    assert.equal(answer.status, 200, `${path ?? template}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  async function refused(node: ClusterNode, template: string, path: string | undefined, status: number, fault: string): Promise<void> {
    const answer = await post(node, template, path);
    assert.equal(answer.status, status, `${path ?? template}: ${JSON.stringify(answer.body)}`);
    assert.equal((answer.body as { fault: string }).fault, fault, path ?? template);
  }
  const statename = async (node: ClusterNode, namespec: string): Promise<string> => {
    const [info] = (await (cluster as Cluster).call(node, 'supvisors.get_process_info', [namespec])) as { statename: string }[];
    return info?.statename ?? '?';
  };
  const nodes = (): [ClusterNode, ClusterNode, ClusterNode] => (cluster as Cluster).nodes as [ClusterNode, ClusterNode, ClusterNode];

  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-rest-control-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}` });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('supvisors: application and process control', async () => {
    const [node1] = nodes();
    const prediction = await ok(node1, '/supvisors/test_start_application/{strategy}/{application_name}', '/supvisors/test_start_application/CONFIG/web');
    assert.deepEqual(prediction, await cluster?.call(node1, 'supvisors.test_start_application', ['CONFIG', 'web']));
    const one = await ok(node1, '/supvisors/test_start_process/{strategy}/{namespec}', '/supvisors/test_start_process/LESS_LOADED/web:front');
    assert.equal((one as unknown[]).length, 1);
    assert.equal(await ok(node1, '/supvisors/start_application/{strategy}/{application_name}', '/supvisors/start_application/CONFIG/web'), true);
    assert.equal(await ok(node1, '/supvisors/restart_application/{strategy}/{application_name}', '/supvisors/restart_application/LESS_LOADED/web?wait=true'), true);
    assert.equal(await statename(node1, 'web:front'), 'RUNNING');
    assert.equal(await ok(node1, '/supvisors/stop_application/{application_name}', '/supvisors/stop_application/web'), true);
    assert.equal(await ok(node1, '/supvisors/start_process/{strategy}/{namespec}', '/supvisors/start_process/CONFIG/web:front'), true);
    assert.equal(await ok(node1, '/supvisors/restart_process/{strategy}/{namespec}', '/supvisors/restart_process/CONFIG/web:front?extra_args='), true);
    assert.equal(await ok(node1, '/supvisors/stop_process/{namespec}', '/supvisors/stop_process/web:front'), true);
    assert.equal(await ok(node1, '/supvisors/start_any_process/{strategy}/{regex}', '/supvisors/start_any_process/CONFIG/%5Eweb%3Afr'), 'web:front');
    // stop_process_on (ours): on one instance only; refused where the process does not run
    const [front] = (await cluster?.call(node1, 'supvisors.get_process_info', ['web:front'])) as { identifiers: string[] }[];
    const where = nodes().find((node) => node.identifier === front?.identifiers[0]);
    const elsewhere = nodes().find((node) => node !== where);
    assert.ok(where !== undefined && elsewhere !== undefined);
    await refused(node1, '/supvisors/stop_process_on/{identifier}/{namespec}', `/supvisors/stop_process_on/${elsewhere.nick}/web:front`, 409, 'NOT_RUNNING');
    assert.equal(await ok(node1, '/supvisors/stop_process_on/{identifier}/{namespec}', `/supvisors/stop_process_on/${where.nick}/web:front?wait=true`), true);
    assert.equal(await statename(node1, 'web:front'), 'STOPPED');
    // restart_sequence: tools, auto-started at DISTRIBUTION, runs: nothing to start (spec §7.4)
    assert.equal(await statename(node1, 'tools:tool'), 'RUNNING');
    await refused(node1, '/supvisors/restart_sequence', '/supvisors/restart_sequence?wait=true', 500, 'ABNORMAL_TERMINATION');
    // start_args: the local process, its extra arguments through the shim
    assert.equal(await ok(node1, '/supvisors/start_args/{namespec}', '/supvisors/start_args/web:back?extra_args=--fast'), true);
    await waitFor('web:back RUNNING', async () => (await statename(node1, 'web:back')) === 'RUNNING', { timeoutMs: 10_000, intervalMs: 50 });
  });

  it('supvisors: numprocs, enable / disable, statistics, log level, guarded ones', async () => {
    const [node1, node2] = nodes();
    const pool = async (): Promise<number> => ((await cluster?.call(node2, 'supvisors.get_process_info', ['pool:*'])) as unknown[]).length;
    assert.equal(await ok(node1, '/supvisors/update_numprocs/{program_name}/{numprocs}', '/supvisors/update_numprocs/pool/2?everywhere=true'), true);
    await waitFor('pool down to 2', async () => (await pool()) === 2, { timeoutMs: 10_000, intervalMs: 50 });
    assert.equal(await ok(node1, '/supvisors/lazy_update_numprocs/{program_name}/{numprocs}', '/supvisors/lazy_update_numprocs/pool/1?everywhere=true'), true);
    await waitFor('pool down to 1', async () => (await pool()) === 1, { timeoutMs: 10_000, intervalMs: 50 });
    assert.equal(await ok(node1, '/supvisors/disable/{program_name}', '/supvisors/disable/front'), true);
    assert.equal(await ok(node1, '/supvisors/enable/{program_name}', '/supvisors/enable/front?wait=false'), true);
    for (const template of ['/supvisors/disable_host_statistics', '/supvisors/enable_host_statistics', '/supvisors/disable_process_statistics', '/supvisors/enable_process_statistics']) {
      assert.equal(await ok(node1, template), true);
    }
    assert.equal(await ok(node1, '/supvisors/update_collecting_period/{collecting_period}', '/supvisors/update_collecting_period/2.5'), true);
    assert.equal(((await cluster?.call(node1, 'supvisors.get_statistics_status')) as { collecting_period: number }).collecting_period, 2.5);
    assert.equal(await ok(node1, '/supvisors/change_log_level/{level_param}', '/supvisors/change_log_level/info'), true);
    await refused(node1, '/supvisors/conciliate/{strategy}', '/supvisors/conciliate/SENICIDE', 409, 'BAD_SUPVISORS_STATE');
    await refused(node1, '/supvisors/conciliate_process/{strategy}/{namespec}', '/supvisors/conciliate_process/SENICIDE/web:front', 409, 'BAD_SUPVISORS_STATE');
    await refused(node1, '/supvisors/end_sync', undefined, 409, 'BAD_SUPVISORS_STATE');
    await refused(node1, '/supvisors/end_sync/{master}', '/supvisors/end_sync/node2', 409, 'BAD_SUPVISORS_STATE');
  });

  it("supervisor: a node's processes, groups, logs, signals and events", async () => {
    const [, node2] = nodes();
    assert.equal(await ok(node2, '/supervisor/startProcess/{name}', '/supervisor/startProcess/web:front'), true);
    assert.equal(await ok(node2, '/supervisor/signalProcess/{name}/{signal}', '/supervisor/signalProcess/web:front/CONT'), true);
    assert.ok(Array.isArray(await ok(node2, '/supervisor/signalProcessGroup/{name}/{signal}', '/supervisor/signalProcessGroup/web/CONT')));
    assert.ok(Array.isArray(await ok(node2, '/supervisor/signalAllProcesses/{signal}', '/supervisor/signalAllProcesses/CONT')));
    assert.equal(await ok(node2, '/supervisor/sendProcessStdin/{name}/{chars}', '/supervisor/sendProcessStdin/web:front/hello%0A'), true);
    assert.equal(await ok(node2, '/supervisor/sendRemoteCommEvent/{type}/{data}', '/supervisor/sendRemoteCommEvent/test/data'), true);
    assert.equal(await ok(node2, '/supervisor/stopProcess/{name}', '/supervisor/stopProcess/web:front?wait=true'), true);
    await refused(node2, '/supervisor/stopProcess/{name}', '/supervisor/stopProcess/web:front', 409, 'NOT_RUNNING');
    assert.ok(Array.isArray(await ok(node2, '/supervisor/startProcessGroup/{name}', '/supervisor/startProcessGroup/web')));
    assert.ok(Array.isArray(await ok(node2, '/supervisor/stopProcessGroup/{name}', '/supervisor/stopProcessGroup/web')));
    assert.ok(Array.isArray(await ok(node2, '/supervisor/startAllProcesses', '/supervisor/startAllProcesses?wait=true')));
    assert.ok(Array.isArray(await ok(node2, '/supervisor/stopAllProcesses')));
    assert.equal(await ok(node2, '/supervisor/clearProcessLogs/{name}', '/supervisor/clearProcessLogs/web:front'), true);
    assert.ok(Array.isArray(await ok(node2, '/supervisor/clearAllProcessLogs')));
    assert.equal(await ok(node2, '/supervisor/clearLog'), true);
    assert.equal(await ok(node2, '/supervisor/removeProcessGroup/{name}', '/supervisor/removeProcessGroup/web'), true);
    await refused(node2, '/supervisor/removeProcessGroup/{name}', '/supervisor/removeProcessGroup/web', 404, 'BAD_NAME');
    assert.equal(await ok(node2, '/supervisor/addProcessGroup/{name}', '/supervisor/addProcessGroup/web'), true);
    await refused(node2, '/supervisor/addProcessGroup/{name}', '/supervisor/addProcessGroup/web', 409, 'ALREADY_ADDED');
    assert.ok(Array.isArray(await ok(node2, '/supervisor/reloadConfig')));
    // signal HUP all: every process but the runtime, which answers on
    await refused(node2, '/supervisor/signalAllProcesses/{signal}', '/supervisor/signalAllProcesses/NOPE', 400, 'BAD_SIGNAL');
    assert.equal(await ok(node2, '/supervisor/startProcess/{name}', '/supervisor/startProcess/web:front'), true);
    const hupped = (await ok(node2, '/supervisor/signalAllProcesses/{signal}', '/supervisor/signalAllProcesses/HUP')) as { name: string }[];
    assert.deepEqual(hupped.map((result) => result.name), ['front']);
    const version = await fetch(`http://127.0.0.1:${node2.httpPort}${REST_PREFIX}/supvisors/api_version`, { headers: basic(`${USER}:${PASSWORD}`), signal: AbortSignal.timeout(10_000) });
    assert.equal(version.status, 200);
    await version.arrayBuffer();
  });

  it('Supvisors restart of the cluster, supervisor restart and shutdown of one node, then Supvisors shutdown', async () => {
    const c = cluster as Cluster;
    const [node1, node2, node3] = nodes();
    assert.equal(await ok(node1, '/supvisors/restart'), true);
    await waitFor('supervisord restarting', async () => (await c.stateOf(node1)) !== 'OPERATION', { timeoutMs: 30_000, intervalMs: 50 });
    await c.waitState(c.nodes, 'OPERATION', 60_000);
    const before = node3.pid;
    assert.equal(await ok(node3, '/supervisor/restart'), true);
    await waitFor('node3 restarting', async () => (await c.stateOf(node3)) !== 'OPERATION', { timeoutMs: 30_000, intervalMs: 50 });
    await c.waitState([node3], 'OPERATION', 60_000);
    assert.equal(node3.pid, before, 'supervisord restarts in place (same PID)');
    assert.equal(await ok(node3, '/supervisor/shutdown'), true);
    await waitFor('node3 supervisord gone', () => !alive(node3.pid), { timeoutMs: 20_000, intervalMs: 50 });
    const pids = [node1.pid, node2.pid];
    assert.equal(await ok(node2, '/supvisors/shutdown'), true);
    await waitFor('every supervisord gone', () => pids.every((pid) => !alive(pid)), { timeoutMs: 30_000, intervalMs: 50 });
  });

  it('covers every POST route of the contracts', () => {
    const posts = compileRoutes(contracts)
      .filter((compiled) => compiled.route.verb === 'POST')
      .map((compiled) => compiled.template.slice(REST_PREFIX.length));
    assert.deepEqual(posts.filter((template) => !covered.has(template)), []);
  });
});
