/** Placement contexts for the tests of strategies/: five instances on three nodes. */
import type { PlacementContext } from '../../strategies/placement.js';

/** Two instances on node M1 (a1, a2), two on M2 (b1, b2), one on M3 (c1). */
export const machineIds: ReadonlyMap<string, string> = new Map([
  ['a1', 'M1'],
  ['a2', 'M1'],
  ['b1', 'M2'],
  ['b2', 'M2'],
  ['c1', 'M3'],
]);

export const allInstances = [...machineIds.keys()];

export interface ContextSpec {
  readonly loads?: Readonly<Record<string, number>>;
  readonly pending?: Readonly<Record<string, number>>;
  /** Default: all five. */
  readonly running?: readonly string[];
  /** Default: a1. */
  readonly local?: string;
}

export function placementContext(spec: ContextSpec = {}): PlacementContext {
  return {
    localIdentifier: spec.local ?? 'a1',
    runningInstances: new Set(spec.running ?? allInstances),
    machineIds,
    instanceLoads: new Map(Object.entries(spec.loads ?? {})),
    pendingLoads: new Map(Object.entries(spec.pending ?? {})),
  };
}
