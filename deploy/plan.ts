/**
 * What a deployment changes on each host, decided from the host's facts (probe.ts) and its
 * rendered node (render.ts), and in what order the nodes are (re)started. Pure.
 *
 * - Nothing changes when the host's recorded hash is the rendered one and its supervisord runs:
 *   a second run with the same description and package is a no-op.
 * - A supervisord that does not run is started (all such nodes at once: there is no cluster to
 *   keep up among them); beside a running cluster, after the running nodes have rolled, since
 *   they know a new node only once they run with the new supvisors_list.
 * - A change that supervisord applies by itself — the runtime's command (a new package),
 *   `[supvisors]` options, programs, rules — restarts the runtime only (`supervisorctl update`,
 *   then `restart supvisors`): the programs keep running, held by the other nodes meanwhile.
 * - A change of supervisord's own sections (ports, credentials...) restarts supervisord, and with
 *   it its programs.
 * Restarts roll one node at a time, the Master last, each waiting for the node to be back.
 */
import type { HostFacts } from './probe.js';
import type { RenderedNode } from './render.js';

export type Restart = 'none' | 'start' | 'runtime' | 'supervisord';

export interface HostPlan {
  readonly node: RenderedNode;
  /** Ship and unpack the bundle (not there yet). */
  readonly upload: boolean;
  /** Write the configuration and rules (they differ from what was deployed). */
  readonly write: boolean;
  readonly restart: Restart;
  readonly versionBefore: string | undefined;
  readonly versionAfter: string;
  /** What changes, for `--dry-run` and the progress lines. */
  readonly changes: readonly string[];
}

const RESTART_TEXT: Record<Exclude<Restart, 'none'>, string> = {
  start: 'start supervisord (with supvisorsd and the programs)',
  runtime: 'restart supvisorsd, one node at a time (supervisord and the programs keep running)',
  supervisord: 'restart supervisord, one node at a time (its programs restart: supervisord sections changed)',
};

export function planHost(facts: HostFacts, node: RenderedNode, version: string): HostPlan {
  const running = facts.runningPid !== undefined;
  const deployed = facts.state;
  const same = deployed?.hash === node.hash;
  const upload = !same && !facts.bundlePresent;
  const write = !same;
  let restart: Restart;
  if (!running) restart = 'start';
  else if (same) restart = 'none';
  else if (deployed?.supervisordHash === node.supervisordHash) restart = 'runtime';
  else restart = 'supervisord';
  const changes: string[] = [];
  if (upload) changes.push(`upload supvisors-ts ${version} to ${node.bundleDir}`);
  if (write) changes.push(`write ${node.confFile}${node.rules.length > 0 ? ` and ${node.rules.length} rules file(s)` : ''}`);
  if (restart !== 'none') changes.push(RESTART_TEXT[restart]);
  return { node, upload, write, restart, versionBefore: deployed?.version, versionAfter: version, changes };
}

export interface Rollout {
  /** Started together. */
  readonly starts: readonly HostPlan[];
  /** Restarted one at a time, in this order. */
  readonly rolling: readonly HostPlan[];
}

/** What is (re)started: the stopped nodes together, the running ones one by one, the Master last (its restart makes an election). */
export function rollout(plans: readonly HostPlan[], masterName: string | undefined): Rollout {
  const rolling = plans.filter((plan) => plan.restart === 'runtime' || plan.restart === 'supervisord');
  return {
    starts: plans.filter((plan) => plan.restart === 'start'),
    rolling: [...rolling.filter((plan) => plan.node.host.name !== masterName), ...rolling.filter((plan) => plan.node.host.name === masterName)],
  };
}

/** Supvisors' default `synchro_options` (docs/configuration.md). */
const DEFAULT_SYNCHRO = 'STRICT,TIMEOUT,CORE';

/**
 * Why the nodes cannot be rolled while others are down, or undefined. A running node restarted
 * synchronizes again; with neither USER (adopt the running Master) nor TIMEOUT in
 * `synchro_options`, it waits for every listed node, the stopped ones included, which are
 * started only after the roll (a new node is refused by the nodes not restarted yet): the roll
 * would never end.
 */
export function rollingProblem(plans: readonly HostPlan[], supvisors: readonly (readonly [string, string])[]): string | undefined {
  const { starts, rolling } = rollout(plans, undefined);
  if (starts.length === 0 || rolling.length === 0) return undefined;
  const synchro = (supvisors.find(([key]) => key === 'synchro_options')?.[1] ?? DEFAULT_SYNCHRO).toUpperCase().split(/[\s,]+/);
  if (synchro.includes('USER') || synchro.includes('TIMEOUT')) return undefined;
  const names = (list: readonly HostPlan[]): string => list.map((plan) => plan.node.host.name).join(', ');
  return `restarting ${names(rolling)} while ${names(starts)} ${starts.length === 1 ? 'is' : 'are'} not running needs USER or TIMEOUT in synchro_options (now ${synchro.join(',')}): a restarted node would wait for the stopped ones; add USER to synchro_options in [supvisors], or stop every node to start the cluster afresh`;
}
