/**
 * One local node: its folder and supervisord.conf (configuration.ts), supervisord launched in the
 * foreground (in a network namespace when given), XML-RPC clients to supervisord (unix socket) and
 * to our runtime, and its end by PID: every process ever seen under it is tracked (processes.ts),
 * every wait is bounded, and `stopNode` leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupervisorClient } from '../supervisor-bridge/supervisor-client.js';
import { configuration, PASSWORD, USER, type Credentials, type NodeConfiguration } from './configuration.js';
import { runtimeLog, supervisordLog } from './logs.js';
import { alive, descendants, PidSet, signal } from './processes.js';
import { waitSupervisordRunning } from './states.js';
import { sleep, waitFor } from './waiting.js';
import { struct } from './values.js';

export interface LocalNode {
  readonly index: number;
  /** `node1`, `node2`... (the [supervisord] identifier). */
  readonly nick: string;
  /** `host:httpPort`, as written in supvisors_list. */
  readonly identifier: string;
  readonly host: string;
  readonly dir: string;
  readonly confFile: string;
  readonly supervisordPort: number;
  readonly httpPort: number;
  /** XML-RPC straight to supervisord (unix socket). */
  supervisor: SupervisorClient;
  /** XML-RPC to our runtime's /RPC2. */
  api: SupervisorClient;
  /** supervisord's PID (0 when not launched or killed). */
  pid: number;
  child: ChildProcess | undefined;
  /** Every PID ever seen under this node (supervisord, runtime, programs). */
  readonly knownPids: PidSet;
  /** How launchNode starts it and its clients reach it. */
  readonly settings: NodeSettings;
  runtimeLog(): string;
  supervisordLog(): string;
}

export interface NodeOptions extends Omit<NodeConfiguration, 'dir' | 'identifier'> {
  readonly index: number;
  /** [supervisord] identifier; default `node<index + 1>`. */
  readonly nick?: string;
  /** The node's folder, made if missing; default a new temp folder (removed by stopNode). */
  readonly dir?: string;
  /** Default 5000 ms. */
  readonly apiTimeoutMs?: number;
  /** CA the runtime's HTTPS certificate is checked against. */
  readonly ca?: Buffer;
  /** Network namespace supervisord runs in (network-namespaces.ts). */
  readonly namespace?: string;
  /** supervisord's stderr (its start-up errors) on ours; default ignored. */
  readonly showErrors?: boolean;
}

export interface NodeSettings {
  readonly apiTimeoutMs: number;
  readonly ca: Buffer | undefined;
  readonly namespace: string | undefined;
  readonly showErrors: boolean;
  readonly temporary: boolean;
  readonly credentials: Credentials;
}

function clients(node: { dir: string; host: string; httpPort: number }, settings: NodeSettings): { supervisor: SupervisorClient; api: SupervisorClient } {
  const { user, password } = settings.credentials;
  return {
    supervisor: new SupervisorClient({ kind: 'unix', socketPath: join(node.dir, 'supervisor.sock') }, { timeoutMs: 5000 }),
    api: new SupervisorClient(
      { kind: 'inet', host: node.host, port: node.httpPort, username: user, password, ...(settings.ca === undefined ? {} : { tls: { ca: settings.ca } }) },
      { timeoutMs: settings.apiTimeoutMs },
    ),
  };
}

/** Writes the node's folder and configuration; nothing runs until launchNode. */
export function createNode(options: NodeOptions): LocalNode {
  const nick = options.nick ?? `node${options.index + 1}`;
  let dir = options.dir;
  if (dir === undefined) dir = mkdtempSync(join(tmpdir(), `supvisors-${nick}-`));
  else mkdirSync(dir, { recursive: true });
  const confFile = join(dir, 'supervisord.conf');
  writeFileSync(confFile, configuration({ ...options, dir, identifier: nick }));
  const settings: NodeSettings = {
    apiTimeoutMs: options.apiTimeoutMs ?? 5000,
    ca: options.ca,
    namespace: options.namespace,
    showErrors: options.showErrors ?? false,
    temporary: options.dir === undefined,
    credentials: options.credentials ?? { user: USER, password: PASSWORD },
  };
  const where = { dir, host: options.host, httpPort: options.httpPort };
  return {
    index: options.index,
    nick,
    identifier: `${options.host}:${options.httpPort}`,
    host: options.host,
    dir,
    confFile,
    supervisordPort: options.supervisordPort,
    httpPort: options.httpPort,
    ...clients(where, settings),
    pid: 0,
    child: undefined,
    knownPids: new PidSet(),
    settings,
    runtimeLog: () => runtimeLog(where.dir),
    supervisordLog: () => supervisordLog(where.dir),
  };
}

/** Adds the processes now under supervisord to the node's known PIDs. */
function remember(node: LocalNode): void {
  if (node.pid > 0) for (const pid of descendants(node.pid)) node.knownPids.add(pid);
}

/** Launches the supervisord of a node (not launched yet, or killed), by default until it is RUNNING. */
export async function launchNode(node: LocalNode, { waitSupervisord = true }: { waitSupervisord?: boolean } = {}): Promise<void> {
  if (node.pid > 0 && alive(node.pid)) throw new Error(`${node.nick} is already running (pid ${node.pid})`);
  const { settings } = node;
  node.supervisor.close();
  node.api.close();
  Object.assign(node, clients(node, settings));
  const supervisord = ['supervisord', '-c', node.confFile];
  // `ip netns exec` execs supervisord: the PID is supervisord's either way
  const [command = 'supervisord', ...args] = settings.namespace === undefined ? supervisord : ['ip', 'netns', 'exec', settings.namespace, ...supervisord];
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', settings.showErrors ? 'inherit' : 'ignore'], cwd: node.dir });
  node.child = child;
  node.pid = child.pid ?? 0;
  node.knownPids.add(node.pid);
  child.once('exit', () => remember(node));
  if (waitSupervisord) await waitSupervisordRunning(node);
}

/** The runtime's PID, as supervisord reports its [eventlistener:supvisors] (0 when unknown). */
export async function runtimePid(node: LocalNode): Promise<number> {
  try {
    const pid = struct(await node.supervisor.call('supervisor.getProcessInfo', ['supvisors'], { timeoutMs: 2000 }))['pid'];
    if (typeof pid === 'number' && pid > 0) {
      node.knownPids.add(pid);
      return pid;
    }
  } catch {
    // supervisord not answering
  }
  return 0;
}

/** SIGKILLs supervisord and every process under it. */
export async function killNode(node: LocalNode): Promise<void> {
  if (node.pid <= 0) return;
  remember(node);
  const all = [node.pid, ...descendants(node.pid)];
  for (const pid of all) node.knownPids.add(pid);
  // supervisord first, so that it does not restart what follows
  signal(node.pid, 'SIGKILL');
  for (const pid of all.slice(1)) signal(pid, 'SIGKILL');
  await waitFor(`${node.nick}'s processes gone`, () => all.every((pid) => !alive(pid)), { timeoutMs: 5000, intervalMs: 10 });
  node.pid = 0;
}

/**
 * Stops supervisord gracefully (SIGTERM, 5 s), then SIGKILLs whatever is left of every process
 * seen under the node; removes a temp folder. Gives how many processes had to be killed.
 */
export async function stopNode(node: LocalNode): Promise<number> {
  if (node.pid > 0) remember(node);
  node.supervisor.close();
  node.api.close();
  if (node.pid > 0 && alive(node.pid)) {
    // a stopped (SIGSTOP) supervisord or runtime must run again to die gracefully
    for (const pid of [node.pid, ...node.knownPids.current()]) signal(pid, 'SIGCONT');
    signal(node.pid, 'SIGTERM');
    // supervisord stops one group per loop turn: with hundreds, it is slow; SIGKILL follows
    const deadline = Date.now() + 5000;
    while (alive(node.pid) && Date.now() < deadline) {
      remember(node);
      await sleep(50);
    }
  }
  let killed = 0;
  for (const pid of [node.pid, ...node.knownPids.current()]) {
    if (pid > 0 && alive(pid)) {
      signal(pid, 'SIGKILL');
      killed += 1;
    }
  }
  const deadline = Date.now() + 2000;
  while (node.knownPids.current().length > 0 && Date.now() < deadline) await sleep(20);
  node.pid = 0;
  if (node.settings.temporary) rmSync(node.dir, { recursive: true, force: true });
  return killed;
}
