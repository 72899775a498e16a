#!/usr/bin/env node
/**
 * npm run demo: a Supvisors cluster of three nodes on loopback. Each node is a real supervisord
 * with a few sample programs, running our runtime as its event listener; all three share one
 * `supvisors_list`. The demo waits until every node is in OPERATION (bounded), prints each node's
 * URL and the Master, and Ctrl-C stops everything it started (every supervisord, its programs and
 * its runtime, by PID). The nodes are a local cluster (local-cluster/, docs/local-cluster.md).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_PROGRAMS, SAMPLE_RULES, startCluster, type LocalNode } from '../local-cluster/index.js';
import { isStruct } from '../xmlrpc/values.js';

const USER = 'demo';
const PASSWORD = 'demo-secret';
const OPERATION_TIMEOUT_MS = 30_000;

const root = join(tmpdir(), `supvisors-demo-${process.pid}`);
mkdirSync(root, { recursive: true });
const rules = join(root, 'rules.xml');
writeFileSync(rules, SAMPLE_RULES);

const started = Date.now();
const starting = startCluster(3, {
  root,
  credentials: { user: USER, password: PASSWORD },
  header: '; Written by npm run demo. The [supvisors] section and [eventlistener:supvisors] are what a\n; user adds to an existing supervisord.conf (docs/configuration.md).\n',
  synchro: 'STRICT,TIMEOUT',
  // the nodes' own secret, apart from the API credentials (docs/transport.md)
  supvisors: `peer_secret = ${randomBytes(18).toString('base64url')}\nsynchro_timeout = 20\nrules_files = ${rules}`,
  programs: () => SAMPLE_PROGRAMS,
  supervisorctlToRuntime: true,
  showErrors: true,
});

let stopping = false;
/** Stops every supervisord, its programs and its runtime (by PID), once they are launched. */
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the three supervisords, their programs and runtimes...');
  // a failed start has stopped its nodes itself
  const killed = (await (await starting.catch(() => undefined))?.stop()) ?? 0;
  console.log(`stopped${killed > 0 ? ` (${killed} leftover process(es) killed)` : ''}; files kept in ${root}`);
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

const cluster = await starting;
const nodes = cluster.nodes;
// First line: the dashboard (docs/dashboard.md); any node serves the whole cluster's view.
console.log(`Dashboard: http://127.0.0.1:${cluster.nodes[0]?.httpPort ?? '?'}/   (user ${USER}, password ${PASSWORD})`);
for (const node of nodes) {
  node.child?.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`supervisord of ${node.nick} stopped (${signal ?? code ?? 0}); see ${node.dir}/supervisord.log`);
      void stop(1);
    }
  });
}

let failure: string | undefined;
try {
  await cluster.waitState(nodes, 'OPERATION', OPERATION_TIMEOUT_MS);
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
}
const [node1, node2] = nodes as [LocalNode, LocalNode, LocalNode];
if (!stopping) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failure === undefined) {
    const answer = await cluster.call(node1, 'supvisors.get_master_identifier').catch(() => '');
    const master = isStruct(answer) ? answer['nick_identifier'] : undefined;
    console.log(`cluster demo: 3 nodes in OPERATION after ${seconds} s, Master ${typeof master === 'string' ? master : '?'}`);
  } else {
    console.log(`cluster demo: not all in OPERATION after ${seconds} s (${failure}); each node's log is listed below`);
  }
  for (const node of nodes) {
    const base = `http://127.0.0.1:${node.httpPort}`;
    console.log(`  ${node.nick}: ${base}/   (dashboard; REST API and Swagger UI ${base}/api/docs, diagnostics ${base}/diagnostics.txt, log ${node.dir}/supvisorsd.log)`);
  }
  console.log(`Credentials of every surface: ${USER} / ${PASSWORD}`);
  const proxy = (node: LocalNode): string => `x.ServerProxy('http://${USER}:${PASSWORD}@127.0.0.1:${node.httpPort}/RPC2')`;
  const py = (node: LocalNode, call: string): string => `  python3 -c "import xmlrpc.client as x; print(${proxy(node)}.supvisors.${call})"`;
  console.log(`Applications (rules: ${rules}): web was started at DISTRIBUTION, db then server then proxy.`);
  console.log('Try:');
  console.log(py(node1, 'get_all_applications_info()'));
  console.log(py(node1, "get_process_info('web:*')") + '          (where each process runs)');
  console.log(py(node1, "start_application('LESS_LOADED', 'batch', True)") + '   (workers spread by load)');
  console.log(py(node1, "test_start_application('CONFIG', 'batch')") + '   (a prediction, nothing started)');
  console.log(py(node1, "stop_application('web', True)") + '   (proxy, server, db: reverse order)');
  console.log(py(node1, "start_process('MOST_LOADED', 'batch:worker_0', '--fast', True)") + '   (extra arguments)');
  console.log(py(node1, 'get_all_instances_info()'));
  console.log(`  curl -u ${USER}:${PASSWORD} http://127.0.0.1:${node1.httpPort}/api/supvisors/all_applications_info   (REST, docs/rest.md)`);
  console.log(`  node dist/bin/supvisorsctl.js -s http://127.0.0.1:${node1.httpPort} -u ${USER} -p ${PASSWORD} sstatus   (the CLI, docs/cli.md; without a command: its shell)`);
  console.log(`  curl -u ${USER}:${PASSWORD} -X POST 'http://127.0.0.1:${node1.httpPort}/api/supvisors/start_application/LESS_LOADED/batch?wait=false'`);
  console.log(`  supervisorctl -c ${node1.confFile} status          (node1's programs, through its runtime)`);
  console.log(`  kill a node's runtime and watch the others: kill -9 <pid of supvisors in supervisorctl -c ${node2.confFile} status>`);
  console.log('Ctrl-C stops the demo.');
}
