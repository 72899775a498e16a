#!/usr/bin/env node
/**
 * npm run demo: one Supvisors node on loopback. A real supervisord with a few sample programs
 * runs our runtime as its event listener; the demo prints the runtime's URL and the commands to
 * try, and Ctrl-C stops everything it started (supervisord, its programs, the runtime).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

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

function configuration(dir: string, supervisordPort: number, httpPort: number): string {
  return `; Written by npm run demo. The [supvisors] section and [eventlistener:supvisors] are what a
; user adds to an existing supervisord.conf (docs/configuration.md).
[supervisord]
nodaemon = true
logfile = ${dir}/supervisord.log
pidfile = ${dir}/supervisord.pid
childlogdir = ${dir}/logs
identifier = demo
environment = SUPVISORS_ARGS_DIR="${dir}/args"

[unix_http_server]
file = ${dir}/supervisor.sock

[inet_http_server]
port = 127.0.0.1:${supervisordPort}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = http://127.0.0.1:${httpPort}

[supvisors]
http_port = ${httpPort}
disabilities_file = ${dir}/state/disabilities.json
numprocs_file = ${dir}/state/numprocs.json

[eventlistener:supvisors]
command = ${process.execPath} ${join(here, 'supvisorsd.js')} -c ${dir}/supervisord.conf
events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
buffer_size = 1024
startsecs = 0
autorestart = true
stderr_logfile = ${dir}/supvisorsd.log

[program:ticker]
command = sh -c 'while true; do date; sleep 1; done'
startsecs = 0

[program:worker]
command = ${join(repo, 'bin', 'supvisors-args')} sh -c 'echo "worker started with: $*"; exec sleep 100000' worker
process_name = %(program_name)s_%(process_num)d
numprocs = 3
startsecs = 0

[program:flaky]
command = sh -c 'sleep 7; exit 3'
startsecs = 2
autorestart = unexpected

[group:demo]
programs = ticker,flaky
`;
}

const dir = join(tmpdir(), `supvisors-demo-${process.pid}`);
mkdirSync(join(dir, 'logs'), { recursive: true });
const supervisordPort = await freePort();
const httpPort = await freePort();
const confFile = join(dir, 'supervisord.conf');
writeFileSync(confFile, configuration(dir, supervisordPort, httpPort));

const supervisord = spawn('supervisord', ['-c', confFile], { stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${httpPort}`;

async function waitUntilUp(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (supervisord.exitCode !== null) throw new Error(`supervisord exited (${supervisord.exitCode}); see ${dir}/supervisord.log`);
    try {
      if ((await fetch(`${base}/diagnostics`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`supvisorsd did not answer on ${base} within ${timeoutMs} ms; see ${dir}/supvisorsd.log`);
}

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping supervisord, its programs and supvisorsd...');
  supervisord.kill('SIGTERM');
  setTimeout(() => supervisord.kill('SIGKILL'), 15_000).unref();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
supervisord.once('exit', (code, signal) => {
  console.log(`supervisord stopped (${signal ?? code ?? 0}); files kept in ${dir}`);
  process.exit(stopping ? 0 : 1);
});

try {
  await waitUntilUp(20_000);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  stop();
}
if (!stopping) {
  console.log(`node demo: ${base}`);
  console.log(`  actor diagnostics:  ${base}/diagnostics.txt   (JSON: ${base}/diagnostics)`);
  console.log(`  Supervisor's view:  supervisorctl -c ${confFile} status`);
  console.log(`  XML-RPC:            python3 -c "import xmlrpc.client as x; print(x.ServerProxy('${base}/RPC2').supvisors.get_all_local_process_info())"`);
  console.log(`  extra arguments:    python3 -c "import xmlrpc.client as x; print(x.ServerProxy('${base}/RPC2').supvisors.start_args('worker:worker_0', '--fast', True))"   (after supervisorctl -c ${confFile} stop worker:worker_0)`);
  console.log(`  logs:               ${dir}/supvisorsd.log`);
  console.log('Ctrl-C stops the demo.');
}
