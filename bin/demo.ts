#!/usr/bin/env node
/**
 * npm run demo: a Supvisors cluster of three nodes on loopback. Each node is a real supervisord
 * with a few sample programs, running our runtime as its event listener; all three share one
 * `supvisors_list`. The demo waits until every node is in OPERATION (bounded), prints each node's
 * URL and the Master, and Ctrl-C stops everything it started (every supervisord, its programs and
 * its runtime, by PID).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const USER = 'demo';
const PASSWORD = 'demo-secret';
const OPERATION_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * The sample programs, the same on every node (Supvisors places them): `web` is started at
 * DISTRIBUTION in sequence (db, then server, then proxy), `batch` on demand (workers taking
 * extra arguments through the shim, spread by load), `tools` is not in the rules (unmanaged).
 */
const PROGRAMS = `[group:web]
programs = db,server,proxy

[program:db]
command = sh -c 'echo "db up"; exec sleep 100000'
autostart = false
startsecs = 1

[program:server]
command = sh -c 'echo "server up"; exec sleep 100000'
autostart = false
startsecs = 1

[program:proxy]
command = sh -c 'echo "proxy up"; exec sleep 100000'
autostart = false
startsecs = 0

[group:batch]
programs = worker

[program:worker]
command = ${join(repo, 'bin', 'supvisors-args')} sh -c 'echo "worker started with: $*"; exec sleep 100000' worker
process_name = %(program_name)s_%(process_num)d
numprocs = 3
autostart = false
startsecs = 0

[group:tools]
programs = ticker,flaky

[program:ticker]
command = sh -c 'while true; do date; sleep 1; done'
autostart = false
startsecs = 0

[program:flaky]
command = sh -c 'sleep 7; exit 3'
autostart = false
startsecs = 2
`;

/** The rules of the sample applications (docs/applications.md). */
const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <start_sequence>1</start_sequence>
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs>
      <program name="db"><start_sequence>1</start_sequence><required>true</required><expected_loading>10</expected_loading></program>
      <program name="server"><start_sequence>2</start_sequence><required>true</required><expected_loading>10</expected_loading></program>
      <program name="proxy"><start_sequence>3</start_sequence><expected_loading>5</expected_loading></program>
    </programs>
  </application>
  <application name="batch">
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs>
      <program pattern="worker_"><start_sequence>1</start_sequence><expected_loading>15</expected_loading></program>
    </programs>
  </application>
</root>
`;

interface DemoNode {
  nick: string;
  dir: string;
  confFile: string;
  supervisordPort: number;
  httpPort: number;
  child: ChildProcess | undefined;
  pids: Set<number>;
}

function configuration(node: DemoNode, supvisorsList: string, programs: string, peerSecret: string): string {
  const dir = node.dir;
  return `; Written by npm run demo. The [supvisors] section and [eventlistener:supvisors] are what a
; user adds to an existing supervisord.conf (docs/configuration.md).
[supervisord]
nodaemon = true
logfile = ${dir}/supervisord.log
pidfile = ${dir}/supervisord.pid
childlogdir = ${dir}/logs
identifier = ${node.nick}
environment = SUPVISORS_ARGS_DIR="${dir}/args"

[unix_http_server]
file = ${dir}/supervisor.sock

[inet_http_server]
port = 127.0.0.1:${node.supervisordPort}
username = ${USER}
password = ${PASSWORD}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = http://127.0.0.1:${node.httpPort}
username = ${USER}
password = ${PASSWORD}

[supvisors]
http_port = ${node.httpPort}
supvisors_list = ${supvisorsList}
; the nodes' own secret, apart from the API credentials (docs/transport.md)
peer_secret = ${peerSecret}
synchro_options = STRICT,TIMEOUT
synchro_timeout = 20
disabilities_file = ${dir}/state/disabilities.json
numprocs_file = ${dir}/state/numprocs.json
rules_files = ${join(dirname(dir), 'rules.xml')}

[eventlistener:supvisors]
command = ${process.execPath} ${join(here, 'supvisorsd.js')} -c ${dir}/supervisord.conf
events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
buffer_size = 1024
startsecs = 0
autorestart = unexpected
exitcodes = 78
stderr_logfile = ${dir}/supvisorsd.log

${programs}`;
}

/** Children, grandchildren... of a PID, from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() ?? 0;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

/** One XML-RPC call without parameters to a runtime; the answer's text. */
async function rpc(node: DemoNode, method: string): Promise<string> {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params></params></methodCall>`;
  const response = await fetch(`http://127.0.0.1:${node.httpPort}/RPC2`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
    body,
    signal: AbortSignal.timeout(2000),
  });
  return response.text();
}

/** The string value of `key` in an XML-RPC struct answer (enough for these flat answers). */
function member(xml: string, key: string): string | undefined {
  const match = new RegExp(`<name>${key}</name>\\s*<value>(?:<string>)?([^<]*)`).exec(xml);
  return match?.[1];
}

const root = join(tmpdir(), `supvisors-demo-${process.pid}`);
const nodes: DemoNode[] = [];
for (let index = 0; index < 3; index += 1) {
  const nick = `node${index + 1}`;
  const dir = join(root, nick);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  nodes.push({ nick, dir, confFile: join(dir, 'supervisord.conf'), supervisordPort: await freePort(), httpPort: await freePort(), child: undefined, pids: new Set() });
}
const supvisorsList = nodes.map((node) => `<${node.nick}>127.0.0.1:${node.httpPort}`).join(',');
writeFileSync(join(root, 'rules.xml'), RULES);
const peerSecret = randomBytes(18).toString('base64url');
for (const node of nodes) writeFileSync(node.confFile, configuration(node, supvisorsList, PROGRAMS, peerSecret));

let stopping = false;
const remember = (): void => {
  for (const node of nodes) {
    const pid = node.child?.pid;
    if (pid !== undefined && alive(pid)) for (const child of descendants(pid)) node.pids.add(child);
  }
};
const watcher = setInterval(remember, 1000);

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(watcher);
  remember();
  console.log('\nstopping the three supervisords, their programs and runtimes...');
  for (const node of nodes) if (node.child?.pid !== undefined) node.child.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (nodes.some((node) => node.child?.pid !== undefined && alive(node.child.pid)) && Date.now() < deadline) {
    remember();
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  let killed = 0;
  for (const node of nodes) {
    for (const pid of [node.child?.pid ?? 0, ...node.pids]) {
      if (pid > 0 && alive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
          killed += 1;
        } catch {
          // gone meanwhile
        }
      }
    }
  }
  console.log(`stopped${killed > 0 ? ` (${killed} leftover process(es) killed)` : ''}; files kept in ${root}`);
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

for (const node of nodes) {
  const child = spawn('supervisord', ['-c', node.confFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  node.child = child;
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`supervisord of ${node.nick} stopped (${signal ?? code ?? 0}); see ${node.dir}/supervisord.log`);
      void stop(1);
    }
  });
}

/** fsm_statename of every node: undefined when the runtime does not answer. */
async function states(): Promise<(string | undefined)[]> {
  return Promise.all(
    nodes.map(async (node) => {
      try {
        return member(await rpc(node, 'supvisors.get_supvisors_state'), 'fsm_statename');
      } catch {
        return undefined;
      }
    }),
  );
}

const started = Date.now();
let last: (string | undefined)[] = [];
while (!stopping && Date.now() - started < OPERATION_TIMEOUT_MS) {
  last = await states();
  if (last.every((state) => state === 'OPERATION')) break;
  await new Promise((resolveWait) => setTimeout(resolveWait, 200));
}
if (!stopping) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (last.every((state) => state === 'OPERATION')) {
    const master = member(await rpc(nodes[0], 'supvisors.get_master_identifier').catch(() => ''), 'nick_identifier') ?? '?';
    console.log(`cluster demo: 3 nodes in OPERATION after ${seconds} s, Master ${master}`);
  } else {
    console.log(`cluster demo: not all in OPERATION after ${seconds} s (${nodes.map((node, index) => `${node.nick}=${last[index] ?? 'no answer'}`).join(', ')}); see the logs below`);
  }
  for (const node of nodes) {
    const base = `http://127.0.0.1:${node.httpPort}`;
    console.log(`  ${node.nick}: ${base}   (REST API and Swagger UI ${base}/api/docs, diagnostics ${base}/diagnostics.txt, log ${node.dir}/supvisorsd.log)`);
  }
  console.log(`Credentials of every surface: ${USER} / ${PASSWORD}`);
  const [node1, node2] = nodes as [DemoNode, DemoNode, DemoNode];
  const proxy = (node: DemoNode): string => `x.ServerProxy('http://${USER}:${PASSWORD}@127.0.0.1:${node.httpPort}/RPC2')`;
  const py = (node: DemoNode, call: string): string => `  python3 -c "import xmlrpc.client as x; print(${proxy(node)}.supvisors.${call})"`;
  console.log(`Applications (rules: ${join(root, 'rules.xml')}): web was started at DISTRIBUTION, db then server then proxy.`);
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
