/**
 * A local Supvisors cluster: n nodes (node.ts), each its own folder, supervisord.conf and
 * supervisord running our runtime as its event listener. The runtimes' ports are chosen before
 * any configuration is written, so that every node shares the same
 * `supvisors_list = <node1>127.0.0.1:P1,<node2>127.0.0.1:P2,...`; all share the
 * [inet_http_server] credentials (hence the peer secret derived from them, unless `peer_secret`
 * is given in `supvisors`). `stop()` leaves no process behind, and no temp folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { XmlRpcValue } from '../xmlrpc/values.js';
import type { Credentials } from './configuration.js';
import { tail } from './logs.js';
import { createNamespaceNetwork, type NamespaceNetwork } from './network-namespaces.js';
import { createNode, killNode, launchNode, runtimePid, stopNode, type LocalNode } from './node.js';
import { freePorts } from './ports.js';
import { signal } from './processes.js';
import { stateOf, waitInstanceState, waitRuntimes, waitState } from './states.js';

export interface ClusterOptions {
  /** `synchro_options` of every node (default `STRICT`). */
  synchro?: string;
  /** Extra [supvisors] lines for every node (e.g. `synchro_timeout = 2`, `rules_files = ...`). */
  supvisors?: string;
  /** Extra [supvisors] lines of one node, by index (0-based). */
  perNode?: (index: number) => string;
  /** Program sections of one node, by index; `%(here)s` is its folder, `%(shim)s` the supvisors-args shim. */
  programs?: (index: number) => string;
  /** Indexes of the nodes launched by startCluster (default all); the others wait for launch(). */
  launch?: readonly number[];
  /** Wait for supervisord RUNNING on the launched nodes (default true). */
  waitSupervisord?: boolean;
  /**
   * Each node in a network namespace of its own, joined by a bridge (network-namespaces.ts), so
   * that links can be cut and the cluster partitioned. Needs root: see netnsSupport().
   */
  netns?: boolean;
  /**
   * Discovery mode: each node's supvisors_list names itself only, and the nodes find each other
   * by multicast on this `ADDRESS:PORT` group (each on its own address's interface).
   */
  discovery?: string;
  /** PEM files of every node: its port serves HTTPS; the cluster's clients trust `cafile`. */
  tls?: { readonly certfile: string; readonly keyfile: string; readonly cafile: string };
  /** Credentials of every node (default USER / PASSWORD). */
  credentials?: Credentials;
  /** The nodes' folders are `<root>/node1`... and are kept by stop(); default temp folders, removed. */
  root?: string;
  /** supervisorctl -c of a node goes to its runtime rather than to supervisord's socket. */
  supervisorctlToRuntime?: boolean;
  /** Comment lines written at the top of every configuration. */
  header?: string;
  /** supervisord's start-up errors on our stderr. */
  showErrors?: boolean;
}

export interface Cluster {
  readonly nodes: readonly LocalNode[];
  /** supvisors_list as written in every configuration. */
  readonly supvisorsList: string;
  /** The namespaces and bridge of a `netns` cluster. */
  readonly network: NamespaceNetwork | undefined;
  /** Launches the supervisord of a node (not launched yet, or killed) and waits until it is RUNNING. */
  launch(node: LocalNode, options?: { waitSupervisord?: boolean }): Promise<void>;
  call(node: LocalNode, method: string, params?: readonly XmlRpcValue[], timeoutMs?: number): Promise<XmlRpcValue>;
  /** Waits until the runtimes of `nodes` answer supvisors.get_api_version. */
  waitRuntimes(nodes: readonly LocalNode[], timeoutMs?: number): Promise<void>;
  /** The fsm_statename of a node, or undefined when it does not answer. */
  stateOf(node: LocalNode): Promise<string | undefined>;
  /** Waits until every node answers get_supvisors_state with `state`. */
  waitState(nodes: readonly LocalNode[], state: string, timeoutMs?: number): Promise<void>;
  /** Waits until `observer` sees `target` (identifier) in one of `states` (get_all_instances_info). */
  waitInstanceState(observer: LocalNode, target: LocalNode, states: readonly string[], timeoutMs?: number): Promise<number>;
  /** The runtime's PID, as supervisord reports its [eventlistener:supvisors] (0 when unknown). */
  runtimePid(node: LocalNode): Promise<number>;
  /** SIGKILLs the runtime; gives its PID. supervisord restarts it (autorestart). */
  killRuntime(node: LocalNode): Promise<number>;
  /** SIGKILLs supervisord and every process under it. */
  killNode(node: LocalNode): Promise<void>;
  /** killNode when still alive, then launch again with the same configuration and ports. */
  restartNode(node: LocalNode): Promise<void>;
  /** Tails of the runtime's and supervisord's logs of every node. */
  logs(lines?: number): string;
  /** Stops every node; gives how many processes had to be SIGKILLed. */
  stop(): Promise<number>;
}

export async function startCluster(n: number, options: ClusterOptions = {}): Promise<Cluster> {
  const ports = await freePorts(2 * n);
  const portsOf = (index: number): { supervisordPort: number; httpPort: number } => ({ supervisordPort: ports[2 * index] ?? 0, httpPort: ports[2 * index + 1] ?? 0 });
  const network = options.netns === true ? createNamespaceNetwork(n) : undefined;
  const hostOf = (index: number): string => network?.address(index) ?? '127.0.0.1';
  const indexes = Array.from({ length: n }, (_, index) => index);
  const supvisorsList = indexes.map((index) => `<node${index + 1}>${hostOf(index)}:${portsOf(index).httpPort}`).join(',');
  const synchro = `synchro_options = ${options.synchro ?? 'STRICT'}`;
  const ca = options.tls === undefined ? undefined : readFileSync(options.tls.cafile);

  const nodes = indexes.map((index) => {
    const nick = `node${index + 1}`;
    const host = hostOf(index);
    const { supervisordPort, httpPort } = portsOf(index);
    const discovery = options.discovery === undefined ? '' : `multicast_group = ${options.discovery}\nmulticast_interface = ${host}`;
    const tls = options.tls === undefined ? '' : `tls_certfile = ${options.tls.certfile}\ntls_keyfile = ${options.tls.keyfile}\ntls_cafile = ${options.tls.cafile}`;
    const nodeList = options.discovery === undefined ? supvisorsList : `<${nick}>${host}:${httpPort}`;
    return createNode({
      index,
      nick,
      host,
      supervisordPort,
      httpPort,
      supvisors: [`supvisors_list = ${nodeList}`, synchro, discovery, tls, options.supvisors ?? '', options.perNode?.(index) ?? ''].filter((line) => line !== '').join('\n'),
      programs: options.programs?.(index) ?? '',
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      ...(options.root === undefined ? {} : { dir: join(options.root, nick) }),
      ...(options.supervisorctlToRuntime === true ? { supervisorctl: 'runtime' as const } : {}),
      ...(options.header === undefined ? {} : { header: options.header }),
      ...(options.showErrors === undefined ? {} : { showErrors: options.showErrors }),
      ...(ca === undefined ? {} : { ca }),
      ...(network === undefined ? {} : { namespace: network.namespace(index) }),
    });
  });

  const cluster: Cluster = {
    nodes,
    supvisorsList,
    network,
    launch: (node, launchOptions) => launchNode(node, launchOptions),
    call: (node, method, params = [], timeoutMs = 5000) => node.api.call(method, params, { timeoutMs }),
    waitRuntimes: (waited, timeoutMs = 15_000) => waitRuntimes(waited, timeoutMs, 1000),
    stateOf: (node) => stateOf(node),
    waitState: (waited, state, timeoutMs = 15_000) => waitState(waited, state, timeoutMs),
    waitInstanceState,
    runtimePid,
    killRuntime: async (node) => {
      const pid = await runtimePid(node);
      if (pid <= 0) throw new Error(`no runtime PID on ${node.nick}`);
      signal(pid, 'SIGKILL');
      return pid;
    },
    killNode,
    restartNode: async (node) => {
      await killNode(node);
      await launchNode(node);
    },
    logs: (lines = 40) =>
      nodes
        .map((node) => `--- ${node.nick} (${node.identifier}) supvisorsd.log (tail)\n${tail(node.runtimeLog(), lines)}\n--- ${node.nick} supervisord.log (tail)\n${tail(node.supervisordLog(), lines)}\n`)
        .join(''),
    stop: async () => {
      const killed = await Promise.all(nodes.map((node) => stopNode(node)));
      network?.destroy();
      return killed.reduce((sum, count) => sum + count, 0);
    },
  };

  try {
    const launched = options.launch ?? indexes;
    await Promise.all(nodes.filter((node) => launched.includes(node.index)).map((node) => launchNode(node, { waitSupervisord: options.waitSupervisord ?? true })));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
