/**
 * `supvisorsctl deploy` against real SSH: "hosts" (three, then a fourth added), each a network
 * namespace with its own OpenSSH server (ssh-hosts.ts), one test user (no root on the hosts), two
 * groups (one logging in with a key, one with a password). In order:
 * - an unknown host key, a changed host key, an unreachable host, a wrong password and a port in
 *   use are each reported, and nothing is changed on any host; --dry-run changes nothing either;
 * - the deployment reaches OPERATION on the three nodes with the sample applications running;
 * - a second run changes nothing (same supervisord and runtime PIDs);
 * - a new package and a changed option restart the runtimes one at a time, the Master last,
 *   while a watcher asks the nodes every 50 ms: the nodes not being restarted keep answering in
 *   OPERATION all along, the Master's restart included (its successor takes over at once);
 *   supervisord and the programs are untouched;
 * - a changed supervisord port restarts supervisord one node at a time, and a host added to the
 *   description is started once the others have rolled (refused with STRICT alone).
 * No secret appears in any output. Skipped when network namespaces are not available.
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SupvisorsClient } from '../../client/index.js';
import { describeBundle, packBundle } from '../../deploy/bundle.js';
import { deploy } from '../../deploy/index.js';
import { alive, netnsSupport, REPO, SAMPLE_PROGRAMS, SAMPLE_RULES, waitFor } from '../../local-cluster/index.js';
import { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { isStruct } from '../../xmlrpc/values.js';
import { reachable, sshdSupport, startSshHosts, type SshHosts } from './ssh-hosts.js';

const HTTP_PORT = 61001;
const SUPERVISORD_PORT = 61000;
const ADMIN_PASSWORD = 'admin-Secret-4711';
const PEER_SECRET = 'peer-secret-0123456789-abcdef';
const NAMES = ['node1', 'node2', 'node3'];

interface Run {
  readonly code: number;
  readonly output: string;
  /** Each line with the time it was written (performance.now()). */
  readonly lines: readonly { readonly time: number; readonly text: string }[];
}

interface Variant {
  password?: string;
  extraHost?: string;
  supvisors?: string;
  knownHosts?: string;
  /** The keyed group logs in through the ssh-agent instead of its key file. */
  agent?: boolean;
  supervisordPort?: number;
  /** The fourth host joins the passworded group. */
  fourth?: boolean;
  /** Default STRICT. */
  synchro?: string;
}

function description(hosts: SshHosts, options: Variant = {}): string {
  const file = join(hosts.dir, `deploy-${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(
    file,
    `[cluster]
username = admin
password = ${ADMIN_PASSWORD}
peer_secret = ${PEER_SECRET}
http_port = ${HTTP_PORT}
supervisord_port = ${options.supervisordPort ?? SUPERVISORD_PORT}
programs = programs.conf
rules = rules.xml
known_hosts = ${options.knownHosts ?? 'known_hosts'}
connect_timeout = 3
rejoin_timeout = 40

[supvisors]
synchro_options = ${options.synchro ?? 'STRICT'}
${options.supvisors ?? ''}

[group:keyed]
user = ${hosts.user}
${options.agent === true ? 'agent = yes' : 'identity_file = id_ed25519'}
install_root = ${hosts.dir}/hosts/{host}
host.0 = ${hosts.address(0)}
name.0 = node1
host.1 = ${hosts.address(1)}
name.1 = node2

[group:passworded]
user = ${hosts.user}
password = ${options.password ?? hosts.password}
install_root = ${hosts.dir}/hosts/{host}
host.0 = ${hosts.address(2)}
name.0 = node3
${options.extraHost === undefined ? '' : `host.1 = ${options.extraHost}\nname.1 = node4\n`}${options.fourth === true ? `host.1 = ${hosts.address(3)}\nname.1 = node4\n` : ''}`,
    { mode: 0o600 },
  );
  return file;
}

/** A copy of the package as this tree holds it now: what is shipped stays the same while the tree is rebuilt. */
let packageCopy = '';

async function runDeploy(file: string, flags: { dryRun?: boolean; accept?: string[]; agentSocket?: string } = {}): Promise<Run> {
  const lines: { time: number; text: string }[] = [];
  const code = await deploy({
    file,
    dryRun: flags.dryRun ?? false,
    accept: flags.accept ?? [],
    out: { line: (text) => lines.push({ time: performance.now(), text }), error: (text) => lines.push({ time: performance.now(), text: `ERROR ${text}` }) },
    home: '/nonexistent-home',
    localUser: 'nobody',
    agentSocket: flags.agentSocket,
    packageRoot: packageCopy,
  });
  return { code, output: lines.map((line) => line.text).join('\n'), lines };
}

function client(hosts: SshHosts, index: number): SupvisorsClient {
  return new SupvisorsClient({ url: `http://${hosts.address(index)}:${HTTP_PORT}`, username: 'admin', password: ADMIN_PASSWORD, timeoutMs: 2000, retries: 0 });
}

/** supervisord's PID and the runtime's, asked to supervisord. */
async function pids(hosts: SshHosts, index: number, port = SUPERVISORD_PORT): Promise<{ supervisord: number; runtime: number }> {
  const supervisor = new SupervisorClient({ kind: 'inet', host: hosts.address(index), port, username: 'admin', password: ADMIN_PASSWORD }, { timeoutMs: 2000 });
  try {
    const supervisord = await supervisor.call('supervisor.getPID', []);
    const info = await supervisor.call('supervisor.getProcessInfo', ['supvisors']);
    return { supervisord: typeof supervisord === 'number' ? supervisord : 0, runtime: isStruct(info) && typeof info['pid'] === 'number' ? info['pid'] : 0 };
  } finally {
    supervisor.close();
  }
}

async function stateOf(hosts: SshHosts, index: number): Promise<string> {
  const one = client(hosts, index);
  try {
    return (await one.supvisors.get_supvisors_state()).fsm_statename;
  } catch {
    return 'no answer';
  } finally {
    one.close();
  }
}

function assertNoSecret(hosts: SshHosts, output: string): void {
  for (const secret of [ADMIN_PASSWORD, PEER_SECRET, hosts.password]) assert.ok(!output.includes(secret), 'a secret in the output');
}

describe('deploy over SSH to hosts in network namespaces', function () {
  this.timeout(120_000);
  let hosts: SshHosts | undefined;

  before(async function () {
    const missing = netnsSupport() ?? sshdSupport();
    if (missing !== undefined) {
      console.warn(`skipped: ${missing}`);
      this.skip();
    }
    hosts = await startSshHosts(4);
    const bundle = await describeBundle(REPO, false);
    packageCopy = join(hosts.dir, 'package');
    mkdirSync(packageCopy);
    execFileSync('tar', ['-xzf', await packBundle(bundle, hosts.dir), '-C', packageCopy], { timeout: 60_000 });
    writeFileSync(join(hosts.dir, 'programs.conf'), SAMPLE_PROGRAMS);
    writeFileSync(join(hosts.dir, 'rules.xml'), SAMPLE_RULES);
    writeFileSync(join(hosts.dir, 'known_hosts'), `${[0, 1, 2, 3].map((index) => hosts?.knownHostsLine(index) ?? '').join('\n')}\n`);
  });

  after(async () => {
    await hosts?.destroy();
  });

  function the(): SshHosts {
    if (hosts === undefined) throw new Error('no hosts');
    return hosts;
  }

  it('refuses an unknown host key, showing its fingerprint, and changes nothing; accepts it when told', async () => {
    const h = the();
    const partial = join(h.dir, 'known_hosts_partial');
    writeFileSync(partial, `${h.knownHostsLine(0)}\n${h.knownHostsLine(1)}\n`);
    const file = description(h, { knownHosts: partial });
    const refused = await runDeploy(file);
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, new RegExp(`node3: unknown host key of ${h.address(2).replaceAll('.', '\\.')} \\(${h.fingerprint(2).replace(/[+/]/g, '\\$&')}\\)`));
    assert.match(refused.output, /--accept-host-key /);
    assert.ok(!existsSync(join(h.dir, 'hosts')), 'nothing installed');
    const accepted = await runDeploy(file, { dryRun: true, accept: [`${h.address(2)}=${h.fingerprint(2)}`] });
    assert.equal(accepted.code, 0, accepted.output);
    assert.ok(readFileSync(partial, 'utf8').includes(h.knownHostsLine(2).split(' ').slice(1).join(' ')), 'the accepted key recorded');
    assert.ok(!existsSync(join(h.dir, 'hosts')), 'a dry run installs nothing');
    // node1's recorded key replaced by another: a hard error
    const forged = join(h.dir, 'known_hosts_forged');
    writeFileSync(forged, `${h.knownHostsLine(0).replace(/ \S+$/, ` ${h.knownHostsLine(1).split(' ')[2] ?? ''}`)}\n${h.knownHostsLine(1)}\n${h.knownHostsLine(2)}\n`);
    const changed = await runDeploy(description(h, { knownHosts: forged }), { accept: [`${h.address(0)}=${h.fingerprint(0)}`] });
    assert.equal(changed.code, 1, changed.output);
    assert.match(changed.output, new RegExp(`ERROR node1: the host key of ${h.address(0).replaceAll('.', '\\.')} CHANGED`));
    assert.ok(!existsSync(join(h.dir, 'hosts')), 'nothing installed');
  });

  it('reports an unreachable host, a wrong password and a port in use, and changes nothing on any host', async () => {
    const h = the();
    // .200 of the namespaces' subnet: no host there
    const nowhere = h.address(0).replace(/\.\d+$/, '.200');
    const unreachable = await runDeploy(description(h, { extraHost: nowhere }));
    assert.equal(unreachable.code, 1, unreachable.output);
    assert.match(unreachable.output, new RegExp(`ERROR node4: cannot reach ${nowhere.replaceAll('.', '\\.')}`));
    assert.match(unreachable.output, /nothing changed: 1 of 4 host\(s\) not ready/);
    const wrong = await runDeploy(description(h, { password: 'not-the-password' }));
    assert.equal(wrong.code, 1, wrong.output);
    assert.match(wrong.output, new RegExp(`ERROR node3: authentication of ${h.user}@${h.address(2).replaceAll('.', '\\.')} refused \\(methods tried: password\\)`));
    assert.ok(!wrong.output.includes('not-the-password'));
    // something else listening on node2's http_port
    const squatter = spawn('ip', ['netns', 'exec', h.network.namespace(1), process.execPath, '-e', `require('net').createServer().listen(${HTTP_PORT}, '${h.address(1)}')`], { stdio: 'ignore' });
    try {
      await waitFor('the squatter listening', () => reachable(h.address(1), HTTP_PORT), { timeoutMs: 5000, intervalMs: 20 });
      const busy = await runDeploy(description(h));
      assert.equal(busy.code, 1, busy.output);
      assert.match(busy.output, new RegExp(`ERROR node2: port ${HTTP_PORT} is already in use on the host`));
    } finally {
      squatter.kill('SIGKILL');
      await waitFor('the squatter gone', () => squatter.pid === undefined || !alive(squatter.pid), { timeoutMs: 5000, intervalMs: 20 });
    }
    assert.ok(!existsSync(join(h.dir, 'hosts')), 'nothing installed');
    // the SSH sessions' own processes end a moment after the deployer disconnects
    await waitFor('no process of the test user', () => h.userProcesses().length === 0, { timeoutMs: 5000, intervalMs: 20 });
  });

  it('deploys the cluster: OPERATION on the three nodes, the sample applications running', async () => {
    const h = the();
    const dry = await runDeploy(description(h), { dryRun: true });
    assert.equal(dry.code, 0, dry.output);
    for (const name of NAMES) assert.match(dry.output, new RegExp(`${name}: would start supervisord`));
    const result = await runDeploy(description(h));
    assert.equal(result.code, 0, result.output);
    assertNoSecret(h, result.output);
    assert.ok(!result.output.includes('warning:'), result.output);
    for (const name of NAMES) assert.match(result.output, new RegExp(`^${name} +- +0\\.1\\.0 +started$`, 'm'));
    assert.match(result.output, new RegExp(`dashboard: http://${h.address(0).replaceAll('.', '\\.')}:${HTTP_PORT}/`));
    for (const index of [0, 1, 2]) assert.equal(await stateOf(h, index), 'OPERATION');
    const one = client(h, 0);
    try {
      await waitFor('web RUNNING', async () => (await one.supvisors.get_application_info('web')).statename === 'RUNNING', { timeoutMs: 20_000, intervalMs: 100 });
      assert.equal(await one.supvisors.start_application('LESS_LOADED', 'batch', true), true);
      assert.equal((await one.supvisors.get_application_info('batch')).statename, 'RUNNING');
    } finally {
      one.close();
    }
  });

  it('a second run changes nothing: no restart, same PIDs (the keyed group logging in through ssh-agent)', async () => {
    const h = the();
    const before = await Promise.all([0, 1, 2].map((index) => pids(h, index)));
    const result = await runDeploy(description(h, { agent: true }), { agentSocket: h.agentSocket });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /nothing to change/);
    for (const name of NAMES) assert.match(result.output, new RegExp(`^${name} +0\\.1\\.0 +0\\.1\\.0 +up to date$`, 'm'));
    assert.deepEqual(await Promise.all([0, 1, 2].map((index) => pids(h, index))), before);
  });

  it('a new package and a changed option roll the runtimes one at a time, the Master last, the others answering in OPERATION all along', async () => {
    const h = the();
    const before = await Promise.all([0, 1, 2].map((index) => pids(h, index)));
    const samples: { time: number; states: string[] }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        samples.push({ time: performance.now(), states: await Promise.all([0, 1, 2].map((index) => stateOf(h, index))) });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    let result: Run;
    try {
      // a new package (a changed bundle) and a changed option
      appendFileSync(join(packageCopy, 'README.md'), '\nA new version.\n');
      result = await runDeploy(description(h, { supvisors: 'inactivity_ticks = 4' }));
    } finally {
      watching = false;
      await watcher;
    }
    assert.equal(result.code, 0, result.output);
    assertNoSecret(h, result.output);
    const order = [...result.output.matchAll(/^(node\d): restarting supvisorsd/gm)].map((match) => match[1]);
    assert.equal(order.length, 3, result.output);
    const after = await Promise.all([0, 1, 2].map((index) => pids(h, index)));
    for (const index of [0, 1, 2]) {
      assert.equal(after[index]?.supervisord, before[index]?.supervisord, 'supervisord not restarted');
      assert.notEqual(after[index]?.runtime, before[index]?.runtime, 'runtime restarted');
    }
    const masterLine = /^(node\d): restarting supvisorsd \(the Master/m.exec(result.output);
    assert.ok(masterLine !== null, 'the Master restarts last');
    assert.equal(order[2], masterLine[1]);
    // the window of each restart: from its 'restarting' line to its 'in OPERATION' line
    const windows = order.map((name) => {
      const start = result.lines.find((line) => line.text.startsWith(`${name}: restarting`))?.time ?? 0;
      const end = result.lines.find((line) => line.text.startsWith(`${name}: in OPERATION`))?.time ?? 0;
      return { index: NAMES.indexOf(name ?? ''), start, end };
    });
    const [first, second, last] = windows;
    assert.ok(first !== undefined && second !== undefined && last !== undefined);
    const t0 = samples[0]?.time ?? 0;
    const timeline = [...result.lines.map((line) => ({ time: line.time, text: line.text })), ...samples.map((sample) => ({ time: sample.time, text: sample.states.join(' ') }))]
      .sort((a, b) => a.time - b.time)
      .map((entry) => `${(entry.time - t0).toFixed(0).padStart(6)} ${entry.text}`)
      .join('\n');
    // while a node restarts, the Master included, the two others answer at every sample, in
    // OPERATION: the restarted node adopts the Master in its own ELECTION, and the Master's
    // successor takes over at once (docs/cluster.md)
    let watched = 0;
    for (const window of [first, second, last]) {
      for (const sample of samples.filter((one) => one.time >= window.start && one.time <= window.end)) {
        watched += 1;
        sample.states.forEach((state, index) => {
          if (index === window.index) return;
          assert.equal(state, 'OPERATION', `node${index + 1} in ${state} while node${window.index + 1} restarts:\n${timeline}`);
        });
      }
    }
    assert.ok(watched > 0, 'samples taken during the restarts');
    // outside the restarts, everybody is in OPERATION
    for (const sample of samples.filter((one) => !windows.some((window) => one.time >= window.start && one.time <= window.end + 100))) {
      assert.deepEqual(sample.states, ['OPERATION', 'OPERATION', 'OPERATION'], timeline);
    }
    for (const index of [0, 1, 2]) assert.equal(await stateOf(h, index), 'OPERATION');
    // this version and the one it replaced are kept
    assert.equal(readdirSync(join(h.dir, 'hosts', 'node1', 'versions')).length, 2);
  });

  it('a changed supervisord port restarts supervisord one node at a time; a host added is started once the others have rolled (with USER)', async () => {
    const h = the();
    const before = await Promise.all([0, 1, 2].map((index) => pids(h, index)));
    const grown = { supvisors: 'inactivity_ticks = 4', supervisordPort: SUPERVISORD_PORT + 10, fourth: true };
    // STRICT alone: a restarted node would wait for node4, which the others refuse until restarted
    const refused = await runDeploy(description(h, grown));
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, /ERROR nothing changed: restarting node1, node2, node3 while node4 is not running needs USER or TIMEOUT in synchro_options \(now STRICT\)/);
    assert.ok(!existsSync(join(h.dir, 'hosts', 'node4')), 'nothing installed on node4');
    const result = await runDeploy(description(h, { ...grown, synchro: 'STRICT,USER' }));
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /^node4 +- +0\.1\.0 +started$/m);
    assertNoSecret(h, result.output);
    assert.equal([...result.output.matchAll(/^node\d: restarting supervisord$|^node\d: restarting supervisord \(the Master/gm)].length, 3, result.output);
    const after = await Promise.all([0, 1, 2].map((index) => pids(h, index, SUPERVISORD_PORT + 10)));
    for (const index of [0, 1, 2]) assert.notEqual(after[index]?.supervisord, before[index]?.supervisord, 'supervisord restarted');
    for (const name of NAMES) assert.match(result.output, new RegExp(`^${name} +0\\.1\\.0 +0\\.1\\.0 +restarted$`, 'm'));
    for (const index of [0, 1, 2, 3]) assert.equal(await stateOf(h, index), 'OPERATION');
    const one = client(h, 3);
    try {
      assert.equal((await one.supvisors.get_all_instances_info()).filter((instance) => instance.statename === 'RUNNING').length, 4);
    } finally {
      one.close();
    }
  });
});
