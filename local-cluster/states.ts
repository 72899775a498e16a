/**
 * Waiting for the states of local nodes, each wait bounded and saying what it waited for:
 * supervisord RUNNING, the runtime answering, the Supvisors state (fsm_statename) of nodes, and
 * how one node sees another (get_all_instances_info).
 */
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import type { SupervisorClient } from '../supervisor-bridge/supervisor-client.js';
import { isStruct } from '../xmlrpc/values.js';
import { list, struct } from './values.js';
import { waitFor } from './waiting.js';

interface Reachable {
  readonly nick: string;
  readonly identifier: string;
  readonly supervisor: SupervisorClient;
  readonly api: SupervisorClient;
  readonly child: ChildProcess | undefined;
}

export function waitSupervisordRunning(node: Reachable, timeoutMs = 15_000): Promise<void> {
  return waitFor(
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
    { timeoutMs, intervalMs: 50 },
  );
}

/** Waits until the runtimes of `nodes` answer supvisors.get_api_version (each call bounded by `callTimeoutMs`, default the client's). */
export async function waitRuntimes(nodes: readonly Reachable[], timeoutMs = 15_000, callTimeoutMs?: number): Promise<void> {
  await Promise.all(
    nodes.map((node) =>
      waitFor(
        `the runtime of ${node.nick} answering`,
        async () => {
          try {
            return typeof (await node.api.call('supvisors.get_api_version', [], callTimeoutMs === undefined ? {} : { timeoutMs: callTimeoutMs })) === 'string';
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 50 },
      ),
    ),
  );
}

/** The fsm_statename of a node, or undefined when it does not answer. */
export async function stateOf(node: Reachable, callTimeoutMs = 2000): Promise<string | undefined> {
  try {
    const name = struct(await node.api.call('supvisors.get_supvisors_state', [], { timeoutMs: callTimeoutMs }))['fsm_statename'];
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until every node answers get_supvisors_state with `state`; the error says what each was last seen in. */
export async function waitState(nodes: readonly Reachable[], state: string, timeoutMs = 15_000, callTimeoutMs = 2000): Promise<void> {
  const last = new Map<string, string | undefined>();
  try {
    await waitFor(
      `${nodes.map((node) => node.nick).join(', ')} in ${state}`,
      async () => {
        const states = await Promise.all(nodes.map((node) => stateOf(node, callTimeoutMs)));
        nodes.forEach((node, index) => last.set(node.nick, states[index]));
        return states.every((one) => one === state);
      },
      { timeoutMs, intervalMs: 50 },
    );
  } catch (error) {
    const seen = [...last].map(([nick, name]) => `${nick}=${name ?? 'no answer'}`).join(' ');
    throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen: ${seen})`, { cause: error });
  }
}

/** Waits until `observer` sees `target` in one of `states` (get_all_instances_info); gives the ms waited. */
export async function waitInstanceState(observer: Reachable, target: Reachable, states: readonly string[], timeoutMs = 5000): Promise<number> {
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
}
