/**
 * Loads the starting strategies weigh (strategies.md §1): instance load from what runs, node load
 * by machine id, pending load of start commands not yet seen running.
 */
import { runningOn } from './process-state.js';
import type { ProcessSynthesis } from './types.js';

export interface LoadedProcess {
  readonly synthesis: ProcessSynthesis;
  /** `expected_loading` rule, 0..100. */
  readonly expectedLoading: number;
}

/** A start command as the pending load sees it. */
export interface PendingStart {
  /** Target instance, if already chosen. */
  readonly target: string | null;
  readonly expectedLoading: number;
  /** The process is still STOPPED-like: once it runs, its load is in the instance load instead. */
  readonly stopped: boolean;
}

/**
 * Σ expected loads of the processes running on each instance. STOPPING no longer counts; a
 * conflicting process counts on every instance where it runs.
 */
export function instanceLoads(processes: readonly LoadedProcess[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const { synthesis, expectedLoading } of processes) {
    for (const identifier of synthesis.runningIdentifiers) {
      if (runningOn(synthesis, identifier)) loads.set(identifier, (loads.get(identifier) ?? 0) + expectedLoading);
    }
  }
  return loads;
}

/** `load_request_map`: Σ expected loads of targeted commands whose process is still STOPPED-like. */
export function pendingLoads(commands: readonly PendingStart[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const { target, expectedLoading, stopped } of commands) {
    if (target !== null && stopped) loads.set(target, (loads.get(target) ?? 0) + expectedLoading);
  }
  return loads;
}

/**
 * Per-instance loads summed by node (`machineIds`: every known instance → its machine id, whatever
 * its state). Each instance counts once (the 0.19 double registration after a re-handshake is the
 * bug 0.19.1 fixed).
 */
export function nodeLoads(loads: ReadonlyMap<string, number>, machineIds: ReadonlyMap<string, string>): Map<string, number> {
  const nodes = new Map<string, number>();
  for (const [identifier, load] of loads) {
    const node = nodeOf(identifier, machineIds);
    nodes.set(node, (nodes.get(node) ?? 0) + load);
  }
  return nodes;
}

/** The node (machine id) of an instance; one whose machine id is unknown is a node of its own. */
export function nodeOf(identifier: string, machineIds: ReadonlyMap<string, string>): string {
  return machineIds.get(identifier) ?? identifier;
}
