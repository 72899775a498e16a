/**
 * Helpers of the application-layer cluster tests: a temp workspace (rules file, shared order
 * file) removed by `cleanup()`, program sections whose processes write `<process>-<nick>` into
 * the order file when they start (then sleep), or `stop-<process>-<nick>` when SIGTERM stops
 * them, and readers of that order and of the cluster's process / application states.
 *
 * The order file is shared by every node of a loopback cluster: one line per event, appended by
 * `sh` (`>>`, one short write each), so the file gives the start / stop order across nodes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { list, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

export interface Workspace {
  readonly dir: string;
  /** The file every test program appends to. */
  readonly orderFile: string;
  /** Writes `rules.xml` (or `name`) into the workspace, returns its absolute path. */
  writeRules(xml: string, name?: string): string;
  /** The [supvisors] line loading that rules file. */
  rulesOption(path: string): string;
  /** The lines of the order file so far (empty lines dropped). */
  order(): string[];
  /** Empties the order file. */
  resetOrder(): void;
  /** Waits until the order file holds every one of `entries` (bounded). */
  waitOrder(entries: readonly string[], timeoutMs?: number): Promise<string[]>;
  cleanup(): void;
}

export function workspace(prefix = 'supvisors-apps-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const orderFile = join(dir, 'order.log');
  writeFileSync(orderFile, '');
  const read = (): string[] => {
    try {
      return readFileSync(orderFile, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    } catch {
      return [];
    }
  };
  return {
    dir,
    orderFile,
    writeRules: (xml, name = 'rules.xml') => {
      const path = join(dir, name);
      writeFileSync(path, xml);
      return path;
    },
    rulesOption: (path) => `rules_files = ${path}`,
    order: read,
    resetOrder: () => writeFileSync(orderFile, ''),
    waitOrder: async (entries, timeoutMs = 15_000) => {
      try {
        await waitFor(`${entries.join(', ')} in the order file`, () => entries.every((entry) => read().includes(entry)), { timeoutMs, intervalMs: 50 });
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)} (order file: ${read().join(' ')})`, { cause: error });
      }
      return read();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a test program does once started. */
export type Behaviour =
  /** Writes `<process>-<nick>`, then sleeps (exec). */
  | { readonly kind: 'order' }
  /** Writes `<process>-<nick>`; on SIGTERM writes `stop-<process>-<nick>` and exits 0. */
  | { readonly kind: 'trap' }
  /** Writes `<process>-<nick>`, sleeps `afterS` seconds, writes `exit-<process>-<nick>`, exits with `code`. */
  | { readonly kind: 'exit'; readonly afterS: number; readonly code: number }
  /** A command that cannot be executed (spawn error: FATAL without ever running). */
  | { readonly kind: 'missing' }
  /** Plain `sleep 1000`, nothing written. */
  | { readonly kind: 'sleep' };

export interface ProgramSpec {
  readonly name: string;
  readonly behaviour?: Behaviour;
  /** Default 1: the line is written before RUNNING, so the file order is the start order. */
  readonly startsecs?: number;
  readonly numprocs?: number;
  /** e.g. `movie_server_%(process_num)02d` (needs numprocs). */
  readonly processName?: string;
  /** Further `key = value` lines (startretries, exitcodes, autorestart...). */
  readonly extra?: readonly string[];
}

/** The shell line of a behaviour, for a process named by $SUPERVISOR_PROCESS_NAME on `nick`. */
function commandOf(behaviour: Behaviour, orderFile: string, nick: string): string {
  const me = `$SUPERVISOR_PROCESS_NAME-${nick}`;
  const write = `echo ${me} >> ${orderFile}`;
  switch (behaviour.kind) {
    case 'order':
      return `sh -c '${write}; exec sleep 1000'`;
    case 'trap':
      // $! escaped: expanded when the trap runs (the sleep's PID), not when it is set
      return `sh -c 'trap "echo stop-${me} >> ${orderFile}; kill \\$! 2>/dev/null; exit 0" TERM; ${write}; sleep 1000 & wait'`;
    case 'exit':
      return `sh -c '${write}; sleep ${behaviour.afterS}; echo exit-${me} >> ${orderFile}; exit ${behaviour.code}'`;
    case 'missing':
      return `/nonexistent/supvisors-test-program`;
    case 'sleep':
      return 'sleep 1000';
  }
}

/** One [program:x] section for the node `nick`. */
export function programSection(spec: ProgramSpec, orderFile: string, nick: string): string {
  const lines = [
    `[program:${spec.name}]`,
    `command = ${commandOf(spec.behaviour ?? { kind: 'order' }, orderFile, nick)}`,
    'autostart = false',
    'autorestart = false',
    `startsecs = ${spec.startsecs ?? 1}`,
    'startretries = 0',
    'stopasgroup = true',
    'killasgroup = true',
    'stopwaitsecs = 5',
  ];
  if (spec.numprocs !== undefined) lines.push(`numprocs = ${spec.numprocs}`);
  if (spec.processName !== undefined) lines.push(`process_name = ${spec.processName}`);
  lines.push(...(spec.extra ?? []));
  return `${lines.join('\n')}\n`;
}

/** A [group:g] section. */
export function groupSection(name: string, programs: readonly string[]): string {
  return `[group:${name}]\nprograms = ${programs.join(',')}\n`;
}

/**
 * The `programs` option of startCluster: the same groups and programs on every node, each
 * program writing its node's nick.
 */
export function programsOnEveryNode(groups: Readonly<Record<string, readonly ProgramSpec[]>>, orderFile: string): (index: number) => string {
  return (index) => {
    const nick = `node${index + 1}`;
    return Object.entries(groups)
      .map(([group, specs]) => [groupSection(group, specs.map((spec) => spec.name)), ...specs.map((spec) => programSection(spec, orderFile, nick))].join('\n'))
      .join('\n');
  };
}

/** A string field of an XML-RPC answer ('' when not a string). */
export function text(value: XmlRpcValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The nick of the node whose identifier is `identifier` (the identifier when none matches). */
export function nickOf(cluster: Cluster, identifier: string): string {
  return cluster.nodes.find((node) => node.identifier === identifier)?.nick ?? identifier;
}

export interface ProcessState {
  readonly statename: string;
  /** Nicks of the instances where it is in a running state. */
  readonly nodes: string[];
}

/** get_process_info(namespec) as `{statename, nodes}` per namespec. */
export async function processStates(cluster: Cluster, node: ClusterNode, namespec: string): Promise<Record<string, ProcessState>> {
  const infos = list(await cluster.call(node, 'supvisors.get_process_info', [namespec], 5000)).map(struct);
  const result: Record<string, ProcessState> = {};
  for (const info of infos) {
    const identifiers = list(info['identifiers'] ?? []).map((identifier) => nickOf(cluster, text(identifier)));
    result[`${text(info['application_name'])}:${text(info['process_name'])}`] = { statename: text(info['statename']), nodes: identifiers.sort() };
  }
  return result;
}

/** The statename of an application (get_application_info). */
export async function applicationState(cluster: Cluster, node: ClusterNode, application: string): Promise<string> {
  return text(struct(await cluster.call(node, 'supvisors.get_application_info', [application], 5000))['statename']);
}

/** Waits until the application is in `state` (bounded). */
export async function waitApplicationState(cluster: Cluster, node: ClusterNode, application: string, state: string, timeoutMs = 15_000): Promise<void> {
  let last = 'no answer';
  try {
    await waitFor(
      `${application} ${state}`,
      async () => {
        try {
          last = await applicationState(cluster, node, application);
        } catch {
          last = 'no answer';
        }
        return last === state;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen: ${last})`, { cause: error });
  }
}

/** The (group:name → statename) of every process of a node's own supervisord. */
export async function localStates(node: ClusterNode): Promise<Record<string, string>> {
  const infos = list(await node.supervisor.call('supervisor.getAllProcessInfo', [], { timeoutMs: 5000 })).map(struct);
  return Object.fromEntries(infos.map((info) => [`${text(info['group'])}:${text(info['name'])}`, text(info['statename'])]));
}

/** The nicks where `namespec` is RUNNING (or STARTING / BACKOFF), from each supervisord. */
export async function runningNodes(cluster: Cluster, namespec: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of cluster.nodes) {
    const state = (await localStates(node))[namespec];
    if (state === 'RUNNING' || state === 'STARTING' || state === 'BACKOFF') found.push(node.nick);
  }
  return found;
}

/** Runs `step` (e.g. a before hook's wait); when it fails, the cluster's logs go to stderr first. */
export async function logsOnError<T>(cluster: Cluster, step: () => Promise<T>, lines = 60): Promise<T> {
  try {
    return await step();
  } catch (error) {
    process.stderr.write(cluster.logs(lines));
    throw error;
  }
}

/** The index of `entry` in `order`, failing when absent. */
export function indexIn(order: readonly string[], entry: string): number {
  const index = order.indexOf(entry);
  if (index < 0) throw new Error(`${entry} not in the order file: ${order.join(' ')}`);
  return index;
}
