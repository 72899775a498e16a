/**
 * Real Supvisors clusters on loopback for tests and benches: n nodes, each its own temp folder,
 * supervisord.conf and supervisord running our runtime as its event listener. The runtimes'
 * http ports are chosen before any configuration is written, so every node shares the same
 * `supvisors_list = <node1>127.0.0.1:P1,<node2>127.0.0.1:P2,...`; all share the
 * [inet_http_server] credentials (hence the peer secret derived from them).
 *
 * Every process started is tracked by PID (supervisord, and its children found in /proc), every
 * wait is bounded, and `stop()` leaves no process and no folder behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStruct, XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { createTestNetwork, type TestNetwork } from './netns.js';
import { freePort, PASSWORD, SHIM, SUPVISORSD, USER } from './supervisord.js';
import { sleep, waitFor } from './wait.js';

export { PASSWORD, USER } from './supervisord.js';

export interface ClusterOptions {
  /** `synchro_options` of every node (default `STRICT`). */
  synchro?: string;
  /** Extra [supvisors] lines for every node (e.g. `synchro_timeout = 2`). */
  supvisors?: string;
  /** Extra [supvisors] lines of one node, by index (0-based). */
  perNode?: (index: number) => string;
  /** Program sections of one node, by index; `%(here)s` is its folder, `%(shim)s` the shim. */
  programs?: (index: number) => string;
  /** Indexes of the nodes launched by startCluster (default all); the others wait for launch(). */
  launch?: readonly number[];
  /** Wait for supervisord RUNNING on the launched nodes (default true). */
  waitSupervisord?: boolean;
  /**
   * Each node in a network namespace of its own, joined by a bridge (test/helpers/netns.ts), so
   * that the test can cut links and partition the cluster. Needs root: see netnsSupport().
   */
  netns?: boolean;
  /**
   * Discovery mode: each node's supvisors_list names itself only, and the nodes find each other
   * by multicast on this `ADDRESS:PORT` group (each on its own address's interface).
   */
  discovery?: string;
  /** PEM files of every node: its port serves HTTPS; the test's clients trust `ca`. */
  tls?: { readonly certfile: string; readonly keyfile: string; readonly cafile: string };
}

export interface ClusterNode {
  readonly index: number;
  /** `node1`, `node2`... */
  readonly nick: string;
  /** `host:httpPort`, as written in supvisors_list (host: 127.0.0.1, or the node's address in its namespace). */
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
  runtimeLog(): string;
  supervisordLog(): string;
}

export interface Cluster {
  readonly nodes: readonly ClusterNode[];
  /** supvisors_list as written in every configuration. */
  readonly supvisorsList: string;
  /** Launches the supervisord of a node (not launched yet, or killed) and waits until it is RUNNING. */
  /** The namespaces and bridge of a `netns` cluster. */
  readonly network: TestNetwork | undefined;
  launch(node: ClusterNode, options?: { waitSupervisord?: boolean }): Promise<void>;
  call(node: ClusterNode, method: string, params?: readonly XmlRpcValue[], timeoutMs?: number): Promise<XmlRpcValue>;
  /** Waits until the runtimes of `nodes` answer supvisors.get_api_version. */
  waitRuntimes(nodes: readonly ClusterNode[], timeoutMs?: number): Promise<void>;
  /** The fsm_statename of a node, or undefined when it does not answer. */
  stateOf(node: ClusterNode): Promise<string | undefined>;
  /** Waits until every node answers get_supvisors_state with `state`. */
  waitState(nodes: readonly ClusterNode[], state: string, timeoutMs?: number): Promise<void>;
  /** Waits until `observer` sees `target` (identifier) in one of `states` (get_all_instances_info). */
  waitInstanceState(observer: ClusterNode, target: ClusterNode, states: readonly string[], timeoutMs?: number): Promise<number>;
  /** The runtime's PID, as supervisord reports its [eventlistener:supvisors] (0 when unknown). */
  runtimePid(node: ClusterNode): Promise<number>;
  /** SIGKILLs the runtime; gives its PID. supervisord restarts it (autorestart). */
  killRuntime(node: ClusterNode): Promise<number>;
  /** SIGKILLs supervisord and every process under it. */
  killNode(node: ClusterNode): Promise<void>;
  /** killNode when still alive, then launch again with the same configuration and ports. */
  restartNode(node: ClusterNode): Promise<void>;
  /** Tails of the runtime's and supervisord's logs of every node (for failed tests). */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

/** Children, grandchildren... of a PID, from /proc. */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, cut after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
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

export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie is dead for our purpose
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The start time of a process (clock ticks since boot, /proc/PID/stat field 22), undefined when gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * PIDs seen under a node, each with its start time: a PID reused later by an unrelated process
 * is not taken for ours (never signalled).
 */
export class PidSet {
  private readonly started = new Map<number, string>();

  add(pid: number): void {
    if (pid <= 0 || this.started.has(pid)) return;
    const when = startTime(pid);
    if (when !== undefined) this.started.set(pid, when);
  }

  /** The PIDs still alive and still the same processes. */
  current(): number[] {
    return [...this.started].filter(([pid, when]) => alive(pid) && startTime(pid) === when).map(([pid]) => pid);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

export function struct(value: XmlRpcValue): XmlRpcStruct {
  if (!isStruct(value)) throw new Error(`not a struct: ${JSON.stringify(value)}`);
  return value;
}

export function list(value: XmlRpcValue): XmlRpcValue[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value;
}

export function num(value: XmlRpcValue | undefined): number {
  if (typeof value === 'number') return value;
  if (value instanceof XmlRpcDouble) return value.value;
  throw new Error(`not a number: ${JSON.stringify(value)}`);
}

function configuration(dir: string, node: { nick: string; host: string; supervisordPort: number; httpPort: number }, supvisorsList: string, lines: string, programs: string): string {
  return `[supervisord]
nodaemon = true
logfile = %(here)s/supervisord.log
pidfile = %(here)s/supervisord.pid
childlogdir = %(here)s
identifier = ${node.nick}
environment = SUPVISORS_ARGS_DIR="%(here)s/args"

[unix_http_server]
file = %(here)s/supervisor.sock

[inet_http_server]
port = ${node.host}:${node.supervisordPort}
username = ${USER}
password = ${PASSWORD}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://%(here)s/supervisor.sock

[supvisors]
http_port = ${node.httpPort}
supvisors_list = ${supvisorsList}
disabilities_file = %(here)s/state/disabilities.json
numprocs_file = %(here)s/state/numprocs.json
${lines}

[eventlistener:supvisors]
command = ${process.execPath} ${SUPVISORSD} -c %(here)s/supervisord.conf
events = PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5
buffer_size = 1024
startsecs = 0
autorestart = unexpected
exitcodes = 78
stderr_logfile = %(here)s/supvisorsd.log

${programs.replaceAll('%(shim)s', SHIM)}
`.replaceAll('%(here)s', dir);
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function startCluster(n: number, options: ClusterOptions = {}): Promise<Cluster> {
  const ports: { supervisordPort: number; httpPort: number }[] = [];
  const taken = new Set<number>();
  const pick = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  for (let index = 0; index < n; index += 1) ports.push({ supervisordPort: await pick(), httpPort: await pick() });
  const network = options.netns === true ? createTestNetwork(n) : undefined;
  const hostOf = (index: number): string => network?.address(index) ?? '127.0.0.1';
  const supvisorsList = ports.map((port, index) => `<node${index + 1}>${hostOf(index)}:${port.httpPort}`).join(',');
  const synchro = `synchro_options = ${options.synchro ?? 'STRICT'}`;
  const apiTls = options.tls === undefined ? undefined : { ca: readFileSync(options.tls.cafile) };
  const apiClient = (host: string, port: number): SupervisorClient =>
    new SupervisorClient({ kind: 'inet', host, port, username: USER, password: PASSWORD, ...(apiTls === undefined ? {} : { tls: apiTls }) }, { timeoutMs: 5000 });

  const nodes: ClusterNode[] = ports.map(({ supervisordPort, httpPort }, index) => {
    const dir = mkdtempSync(join(tmpdir(), `supvisors-cluster-n${index + 1}-`));
    const confFile = join(dir, 'supervisord.conf');
    const nick = `node${index + 1}`;
    const host = hostOf(index);
    const discovery = options.discovery === undefined ? '' : `multicast_group = ${options.discovery}\nmulticast_interface = ${host}`;
    const tls = options.tls === undefined ? '' : `tls_certfile = ${options.tls.certfile}\ntls_keyfile = ${options.tls.keyfile}\ntls_cafile = ${options.tls.cafile}`;
    const lines = [synchro, discovery, tls, options.supvisors ?? '', options.perNode?.(index) ?? ''].join('\n');
    const nodeList = options.discovery === undefined ? supvisorsList : `<${nick}>${host}:${httpPort}`;
    writeFileSync(confFile, configuration(dir, { nick, host, supervisordPort, httpPort }, nodeList, lines, options.programs?.(index) ?? ''));
    return {
      index,
      nick,
      identifier: `${host}:${httpPort}`,
      host,
      dir,
      confFile,
      supervisordPort,
      httpPort,
      supervisor: new SupervisorClient({ kind: 'unix', socketPath: join(dir, 'supervisor.sock') }, { timeoutMs: 5000 }),
      api: apiClient(host, httpPort),
      pid: 0,
      child: undefined,
      knownPids: new PidSet(),
      runtimeLog: () => readOr(join(dir, 'supvisorsd.log')),
      supervisordLog: () => readOr(join(dir, 'supervisord.log')),
    };
  });

  const remember = (node: ClusterNode): void => {
    if (node.pid > 0) for (const pid of descendants(node.pid)) node.knownPids.add(pid);
  };

  const waitSupervisordRunning = (node: ClusterNode): Promise<void> =>
    waitFor(
      `supervisord of ${node.nick} RUNNING`,
      async () => {
        if (node.child?.exitCode !== null && node.child?.exitCode !== undefined) throw new Error(`supervisord of ${node.nick} exited (${node.child.exitCode})`);
        try {
          const state = await node.supervisor.call('supervisor.getState', [], { timeoutMs: 1000 });
          return isStruct(state) && state['statename'] === 'RUNNING';
        } catch {
          return false;
        }
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );

  const cluster: Cluster = {
    nodes,
    supvisorsList,
    network,
    launch: async (node, { waitSupervisord = true } = {}) => {
      if (node.pid > 0 && alive(node.pid)) throw new Error(`${node.nick} is already running (pid ${node.pid})`);
      node.supervisor.close();
      node.api.close();
      node.supervisor = new SupervisorClient({ kind: 'unix', socketPath: join(node.dir, 'supervisor.sock') }, { timeoutMs: 5000 });
      node.api = apiClient(node.host, node.httpPort);
      // `ip netns exec` execs supervisord: the PID is supervisord's either way
      const child =
        network === undefined
          ? spawn('supervisord', ['-c', node.confFile], { stdio: 'ignore', cwd: node.dir })
          : spawn('ip', ['netns', 'exec', network.namespace(node.index), 'supervisord', '-c', node.confFile], { stdio: 'ignore', cwd: node.dir });
      node.child = child;
      node.pid = child.pid ?? 0;
      node.knownPids.add(node.pid);
      child.once('exit', () => remember(node));
      if (waitSupervisord) await waitSupervisordRunning(node);
    },
    call: (node, method, params = [], timeoutMs = 5000) => node.api.call(method, params, { timeoutMs }),
    waitRuntimes: async (waited, timeoutMs = 15_000) => {
      await Promise.all(
        waited.map((node) =>
          waitFor(
            `the runtime of ${node.nick} answering`,
            async () => {
              try {
                return typeof (await node.api.call('supvisors.get_api_version', [], { timeoutMs: 1000 })) === 'string';
              } catch {
                return false;
              }
            },
            { timeoutMs, intervalMs: 50 },
          ),
        ),
      );
    },
    stateOf: async (node) => {
      try {
        const state = struct(await node.api.call('supvisors.get_supvisors_state', [], { timeoutMs: 2000 }));
        const name = state['fsm_statename'];
        return typeof name === 'string' ? name : undefined;
      } catch {
        return undefined;
      }
    },
    waitState: async (waited, state, timeoutMs = 15_000) => {
      const last = new Map<string, string | undefined>();
      try {
        await waitFor(
          `${waited.map((node) => node.nick).join(', ')} in ${state}`,
          async () => {
            const states = await Promise.all(waited.map((node) => cluster.stateOf(node)));
            waited.forEach((node, index) => last.set(node.nick, states[index]));
            return states.every((one) => one === state);
          },
          { timeoutMs, intervalMs: 50 },
        );
      } catch (error) {
        const seen = [...last].map(([nick, name]) => `${nick}=${name ?? 'no answer'}`).join(' ');
        throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen: ${seen})`, { cause: error });
      }
    },
    waitInstanceState: async (observer, target, states, timeoutMs = 5000) => {
      const start = performance.now();
      let last = 'no answer';
      try {
        await waitFor(
          `${observer.nick} to see ${target.nick} in ${states.join('|')}`,
          async () => {
            try {
              const infos = list(await observer.api.call('supvisors.get_all_instances_info', [], { timeoutMs: 2000 })).map(struct);
              const info = infos.find((one) => one['identifier'] === target.identifier);
              last = typeof info?.['statename'] === 'string' ? info['statename'] : 'absent';
              return states.includes(last);
            } catch {
              last = 'no answer';
              return false;
            }
          },
          { timeoutMs, intervalMs: 10 },
        );
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen: ${last})`, { cause: error });
      }
      return performance.now() - start;
    },
    runtimePid: async (node) => {
      try {
        const info = struct(await node.supervisor.call('supervisor.getProcessInfo', ['supvisors'], { timeoutMs: 2000 }));
        const pid = info['pid'];
        if (typeof pid === 'number' && pid > 0) {
          node.knownPids.add(pid);
          return pid;
        }
      } catch {
        // supervisord not answering
      }
      return 0;
    },
    killRuntime: async (node) => {
      const pid = await cluster.runtimePid(node);
      if (pid <= 0) throw new Error(`no runtime PID on ${node.nick}`);
      signal(pid, 'SIGKILL');
      return pid;
    },
    killNode: async (node) => {
      if (node.pid <= 0) return;
      remember(node);
      const all = [node.pid, ...descendants(node.pid)];
      for (const pid of all) node.knownPids.add(pid);
      // supervisord first, so that it does not restart what follows
      signal(node.pid, 'SIGKILL');
      for (const pid of all.slice(1)) signal(pid, 'SIGKILL');
      await waitFor(`${node.nick}'s processes gone`, () => all.every((pid) => !alive(pid)), { timeoutMs: 5000, intervalMs: 10 });
      node.pid = 0;
    },
    restartNode: async (node) => {
      if (node.pid > 0 && alive(node.pid)) await cluster.killNode(node);
      await cluster.launch(node);
    },
    logs: (lines = 40) => {
      const tail = (text: string): string => text.split('\n').slice(-lines).join('\n');
      return nodes
        .map((node) => `--- ${node.nick} (${node.identifier}) supvisorsd.log (tail)\n${tail(node.runtimeLog())}\n--- ${node.nick} supervisord.log (tail)\n${tail(node.supervisordLog())}\n`)
        .join('');
    },
    stop: async () => {
      await Promise.all(
        nodes.map(async (node) => {
          if (node.pid > 0) remember(node);
          node.supervisor.close();
          node.api.close();
          if (node.pid > 0 && alive(node.pid)) {
            // a stopped (SIGSTOP) supervisord or runtime must run again to die gracefully
            for (const pid of [node.pid, ...node.knownPids.current()]) signal(pid, 'SIGCONT');
            signal(node.pid, 'SIGTERM');
            const deadline = Date.now() + 5000;
            while (alive(node.pid) && Date.now() < deadline) {
              remember(node);
              await sleep(50);
            }
          }
          for (const pid of [node.pid, ...node.knownPids.current()]) if (pid > 0 && alive(pid)) signal(pid, 'SIGKILL');
          const deadline = Date.now() + 2000;
          while (node.knownPids.current().length > 0 && Date.now() < deadline) await sleep(20);
          node.pid = 0;
          rmSync(node.dir, { recursive: true, force: true });
        }),
      );
      network?.destroy();
    },
  };

  try {
    const launched = options.launch ?? nodes.map((node) => node.index);
    await Promise.all(nodes.filter((node) => launched.includes(node.index)).map((node) => cluster.launch(node, { waitSupervisord: options.waitSupervisord ?? true })));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** For afterEach: after a failed test, the tails of every node's logs go to stderr. */
export function clusterLogsOnFailure(context: Mocha.Context, cluster: Cluster | undefined): void {
  if (context.currentTest?.state !== 'failed' || cluster === undefined) return;
  process.stderr.write(cluster.logs());
}

/** get_supvisors_state of a node (S1, jobs as lists). */
export async function supvisorsState(node: ClusterNode): Promise<XmlRpcStruct> {
  return struct(await node.api.call('supvisors.get_supvisors_state', [], { timeoutMs: 5000 }));
}

/** The master_identifier a node declares ('' when none). */
export async function masterOf(node: ClusterNode): Promise<string> {
  const master = (await supvisorsState(node))['master_identifier'];
  if (typeof master !== 'string') throw new Error(`${node.nick}: master_identifier is not a string`);
  return master;
}

/** identifier → statename of every instance, as a node sees them (get_all_instances_info). */
export async function instanceStates(node: ClusterNode): Promise<Record<string, string>> {
  const infos = list(await node.api.call('supvisors.get_all_instances_info', [], { timeoutMs: 5000 })).map(struct);
  return Object.fromEntries(infos.map((info) => [JSON.stringify(info['identifier']).slice(1, -1), JSON.stringify(info['statename']).slice(1, -1)]));
}

/** instanceStates, or {} when the node does not answer (yet). */
export async function tryInstanceStates(node: ClusterNode): Promise<Record<string, string>> {
  try {
    return await instanceStates(node);
  } catch {
    return {};
  }
}

/** The fault code of a call expected to fail (throws when it succeeds or fails otherwise). */
export async function faultOf(promise: Promise<XmlRpcValue>): Promise<{ code: number; text: string }> {
  let result: XmlRpcValue;
  try {
    result = await promise;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'faultCode' in error && 'faultString' in error) {
      return { code: Number(error.faultCode), text: String(error.faultString) };
    }
    throw error;
  }
  throw new Error(`expected a fault, got ${JSON.stringify(result)}`);
}
