/**
 * What a deployment changes on each host, decided from the host's facts (probe.ts) and its
 * rendered node (render.ts), and in what order the nodes are (re)started. Pure.
 *
 * - Nothing changes when the host's recorded hash is the rendered one and its supervisord runs:
 *   a second run with the same description and package is a no-op.
 * - A supervisord that does not run is started (all such nodes at once: there is no cluster to
 *   keep up among them).
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
  /** Started together first. */
  readonly starts: readonly HostPlan[];
  /** Then restarted one at a time, in this order. */
  readonly rolling: readonly HostPlan[];
}

/** The order of the (re)starts: the stopped nodes together, then the others one by one, the Master last (its restart makes an election). */
export function rollout(plans: readonly HostPlan[], masterName: string | undefined): Rollout {
  const rolling = plans.filter((plan) => plan.restart === 'runtime' || plan.restart === 'supervisord');
  return {
    starts: plans.filter((plan) => plan.restart === 'start'),
    rolling: [...rolling.filter((plan) => plan.node.host.name !== masterName), ...rolling.filter((plan) => plan.node.host.name === masterName)],
  };
}
