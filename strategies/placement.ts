/**
 * Choice of the instance that starts a process (strategies.md §1.1, §2.3, §3). Candidates are
 * restricted to RUNNING instances, each is scored (validity against the 100% node limit, node and
 * instance loadings including pending loads), then a placement strategy picks one. Strategies are
 * plain functions looked up by name, so custom ones can join the built-in six.
 */
import { nodeLoads, nodeOf } from '../model/loads.js';
import type { StartingStrategy } from '../vocabulary/strategies.js';

export interface PlacementContext {
  readonly localIdentifier: string;
  /** Instances seen RUNNING locally; CHECKED ones are not candidates yet. */
  readonly runningInstances: ReadonlySet<string>;
  /** Every known instance → its machine id (from the handshake), whatever its state. */
  readonly machineIds: ReadonlyMap<string, string>;
  /** Per-instance load of what runs (model/loads.ts `instanceLoads`). */
  readonly instanceLoads: ReadonlyMap<string, number>;
  /**
   * Per-instance load of start commands not yet running (`pendingLoads`). In 0.19 these are the
   * commands of the application job being placed only; `start_any_process` uses the Starter's.
   */
  readonly pendingLoads: ReadonlyMap<string, number>;
}

/** The `(valid, node_loading, instance_loading)` triple of one candidate. */
export interface ScoredCandidate {
  readonly identifier: string;
  readonly machineId: string;
  /** `node_loading + load ≤ 100`: only the node total is limited. */
  readonly valid: boolean;
  readonly nodeLoading: number;
  readonly instanceLoading: number;
}

export interface PlacementInput {
  /** RUNNING candidates, in candidate order, all of them (valid or not). */
  readonly candidates: readonly ScoredCandidate[];
  /** Load of what is being placed. */
  readonly load: number;
  readonly localIdentifier: string;
}

export type PlacementStrategy = (input: PlacementInput) => string | null;

/** Custom strategies are added by building a new map from this one. */
export type StrategyRegistry = ReadonlyMap<string, PlacementStrategy>;

export const NODE_LOAD_LIMIT = 100;

export function scoreCandidates(identifiers: readonly string[], load: number, context: PlacementContext): ScoredCandidate[] {
  const nodeLoad = nodeLoads(context.instanceLoads, context.machineIds);
  const nodePending = nodeLoads(context.pendingLoads, context.machineIds);
  return [...new Set(identifiers)].map((identifier) => {
    const machineId = nodeOf(identifier, context.machineIds);
    const nodeLoading = (nodeLoad.get(machineId) ?? 0) + (nodePending.get(machineId) ?? 0);
    const instanceLoading = (context.instanceLoads.get(identifier) ?? 0) + (context.pendingLoads.get(identifier) ?? 0);
    return { identifier, machineId, valid: nodeLoading + load <= NODE_LOAD_LIMIT, nodeLoading, instanceLoading };
  });
}

type Key = (candidate: ScoredCandidate) => readonly [number, number];
const byInstance: Key = (candidate) => [candidate.instanceLoading, candidate.nodeLoading];
const byNode: Key = (candidate) => [candidate.nodeLoading, candidate.instanceLoading];

/** Stable ascending sort of the valid candidates: equal keys stay in candidate order. */
function sortedValid(candidates: readonly ScoredCandidate[], key: Key): ScoredCandidate[] {
  return candidates
    .filter((candidate) => candidate.valid)
    .sort((left, right) => {
      const [l1, l2] = key(left);
      const [r1, r2] = key(right);
      return l1 - r1 || l2 - r2;
    });
}

/** LESS_*: the first after sorting, so the earliest candidate among equals. */
function least(key: Key): PlacementStrategy {
  return ({ candidates }) => sortedValid(candidates, key)[0]?.identifier ?? null;
}

/** MOST_*: the last after sorting, so the latest candidate among equals. */
function most(key: Key): PlacementStrategy {
  return ({ candidates }) => sortedValid(candidates, key).at(-1)?.identifier ?? null;
}

const config: PlacementStrategy = ({ candidates }) => candidates.find((candidate) => candidate.valid)?.identifier ?? null;

const local: PlacementStrategy = ({ candidates, localIdentifier }) => {
  const candidate = candidates.find((item) => item.identifier === localIdentifier);
  return candidate?.valid === true ? candidate.identifier : null;
};

export const builtinStartingStrategies: StrategyRegistry = new Map<StartingStrategy, PlacementStrategy>([
  ['CONFIG', config],
  ['LESS_LOADED', least(byInstance)],
  ['MOST_LOADED', most(byInstance)],
  ['LOCAL', local],
  ['LESS_LOADED_NODE', least(byNode)],
  ['MOST_LOADED_NODE', most(byNode)],
]);

/** What a strategy is given: the RUNNING candidates scored; null when none is RUNNING. */
export function placementInput(identifiers: readonly string[], load: number, context: PlacementContext): PlacementInput | null {
  const running = identifiers.filter((identifier) => context.runningInstances.has(identifier));
  if (running.length === 0) return null;
  return { candidates: scoreCandidates(running, load, context), load, localIdentifier: context.localIdentifier };
}

/** `get_supvisors_instance`: null when no RUNNING candidate is left or the strategy finds none. */
export function chooseInstance(strategy: PlacementStrategy, identifiers: readonly string[], load: number, context: PlacementContext): string | null {
  const input = placementInput(identifiers, load, context);
  return input === null ? null : strategy(input);
}

/** `get_node` (SINGLE_NODE): the machine id of the instance chosen for the whole load. */
export function chooseNode(strategy: PlacementStrategy, identifiers: readonly string[], load: number, context: PlacementContext): string | null {
  const identifier = chooseInstance(strategy, identifiers, load, context);
  return identifier === null ? null : nodeOf(identifier, context.machineIds);
}
