/**
 * "Hosts" for the deployment tests: one network namespace each (local-cluster's namespace
 * network: a bridge this process reaches them through), each running its own OpenSSH server
 * (Debian's sshd, its own configuration and host key made here), and one dedicated user made for
 * the run (a password and an authorized key of ours, also held by an ssh-agent of ours), removed
 * at the end. The hosts share this
 * machine's file system, so each gets its own install root (`{host}` in the description).
 * `destroy()` stops every process by PID (sshd, and whatever the deployment started under the
 * test user: found from the pidfiles and /proc), removes the user, the namespaces and the files.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNamespaceNetwork, type NamespaceNetwork } from '../../local-cluster/network-namespaces.js';
import { alive, descendants, waitFor } from '../../local-cluster/index.js';

export const SSHD = '/usr/sbin/sshd';

/** undefined when sshd, ssh-keygen and useradd are there, else what is missing. */
export function sshdSupport(): string | undefined {
  for (const tool of [SSHD, '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/ssh-add', '/usr/sbin/useradd', '/usr/sbin/userdel', '/usr/sbin/chpasswd']) {
    if (!existsSync(tool)) return `${tool} is missing (Debian: openssh-server, openssh-client, passwd)`;
  }
  return undefined;
}

export interface SshHosts {
  readonly dir: string;
  readonly user: string;
  readonly password: string;
  readonly uid: number;
  /** The user's private key (authorized on every host). */
  readonly identityFile: string;
  /** An ssh-agent holding that key (SSH_AUTH_SOCK). */
  readonly agentSocket: string;
  readonly network: NamespaceNetwork;
  address(index: number): string;
  /** The host key's `SHA256:...` fingerprint and its known_hosts line. */
  fingerprint(index: number): string;
  knownHostsLine(index: number): string;
  /** Processes of the test user alive now (what the deployments started). */
  userProcesses(): number[];
  destroy(): Promise<void>;
}

function run(command: string, args: readonly string[], input?: string): string {
  return execFileSync(command, args, { input, encoding: 'utf8', stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: 10_000 });
}

/** Whether something accepts TCP connections at address:port. */
export function reachable(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 500 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function processesOf(uid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return statSync(`/proc/${entry}`).uid === uid;
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter((pid) => alive(pid));
}

export async function startSshHosts(size: number): Promise<SshHosts> {
  const tag = randomBytes(3).toString('hex');
  const user = `svd${tag}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-deploy-test-'));
  const sshds: ChildProcess[] = [];
  let agent: ChildProcess | undefined;
  const madeRunDir = !existsSync('/run/sshd');
  let userMade = false;
  let network: NamespaceNetwork | undefined;

  const destroy = async (): Promise<void> => {
    let uid = -1;
    try {
      uid = Number(run('id', ['-u', user]).trim());
    } catch {
      // no such user (not made yet)
    }
    // the deployments' processes first (supervisord before its children, so that it restarts nothing)
    if (uid >= 0) {
      for (let round = 0; round < 3; round += 1) {
        for (const pid of processesOf(uid)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
        await waitFor(`the processes of ${user} gone`, () => processesOf(uid).length === 0, { timeoutMs: 5000, intervalMs: 20 }).catch(() => undefined);
      }
    }
    for (const child of [...sshds, ...(agent === undefined ? [] : [agent])]) {
      const pids = child.pid === undefined ? [] : [child.pid, ...descendants(child.pid)];
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      await waitFor('sshd and ssh-agent gone', () => pids.every((pid) => !alive(pid)), { timeoutMs: 5000, intervalMs: 20 });
    }
    if (userMade) run('userdel', [user]);
    network?.destroy();
    if (madeRunDir) rmSync('/run/sshd', { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (madeRunDir) mkdirSync('/run/sshd', { mode: 0o755 });
    run('useradd', ['-M', '-d', dir, '-s', '/bin/sh', user]);
    userMade = true;
    run('chpasswd', [], `${user}:${password}\n`);
    const uid = Number(run('id', ['-u', user]).trim());
    const gid = Number(run('id', ['-g', user]).trim());
    chownSync(dir, uid, gid);
    const identityFile = join(dir, 'id_ed25519');
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deploy-test', '-f', identityFile]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${identityFile}.pub`));
    const agentSocket = join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    await waitFor('ssh-agent listening', () => existsSync(agentSocket), { timeoutMs: 5000, intervalMs: 20 });
    execFileSync('ssh-add', ['-q', identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore', timeout: 10_000 });
    network = createNamespaceNetwork(size);
    const net = network;
    const fingerprints: string[] = [];
    const knownLines: string[] = [];
    for (let index = 0; index < size; index += 1) {
      const hostKey = join(dir, `host${index}_ed25519`);
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `host${index}`, '-f', hostKey]);
      fingerprints.push(run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).split(' ')[1] ?? '');
      const [type, key] = readFileSync(`${hostKey}.pub`, 'utf8').split(' ');
      knownLines.push(`${net.address(index)} ${type ?? ''} ${key ?? ''}`);
      const config = join(dir, `sshd${index}.conf`);
      writeFileSync(
        config,
        [
          'Port 22',
          `ListenAddress ${net.address(index)}`,
          `HostKey ${hostKey}`,
          `PidFile ${join(dir, `sshd${index}.pid`)}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          'PubkeyAuthentication yes',
          'PasswordAuthentication yes',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes no',
          'PermitRootLogin no',
          `AllowUsers ${user}`,
          'Subsystem sftp internal-sftp',
          'MaxStartups 50',
          'LogLevel ERROR',
          '',
        ].join('\n'),
      );
      const sshd = spawn('ip', ['netns', 'exec', net.namespace(index), SSHD, '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
      sshd.stderr?.resume();
      sshds.push(sshd);
    }
    await Promise.all(Array.from({ length: size }, (_, index) => waitFor(`sshd of host ${index} listening`, () => reachable(net.address(index), 22), { timeoutMs: 10_000, intervalMs: 50 })));
    return {
      dir,
      user,
      password,
      uid,
      identityFile,
      agentSocket,
      network: net,
      address: (index) => net.address(index),
      fingerprint: (index) => fingerprints[index] ?? '',
      knownHostsLine: (index) => knownLines[index] ?? '',
      userProcesses: () => processesOf(uid),
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
