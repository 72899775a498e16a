/**
 * What placement reads of the live cluster, gathered as plain data: the RUNNING instances, the
 * machine of each instance, the loads of what runs, and the candidates of a process from its
 * rules. Pure functions of the model, the view's records and the rules.
 */
import type { ClusterInstance } from '../../cluster/instances.js';
import type { ClusterModel, ProcessRecord } from '../../model/cluster-model.js';
import { instanceLoads } from '../../model/loads.js';
import { applicationView } from '../../model/applications.js';
import { resolveIdentifiers } from '../../rules/resolve.js';
import type { RuleSet } from '../../rules/types.js';
import { processCandidates } from '../../strategies/candidates.js';
import type { PlacementContext } from '../../strategies/placement.js';
import type { ProcessConfigurations } from '../../strategies/types.js';

export interface ClusterFacts {
  readonly localIdentifier: string;
  readonly instances: readonly ClusterInstance[];
  /** Instances the local instance sees RUNNING. */
  readonly running: ReadonlySet<string>;
  /** identifier → machine_id, for the instances whose network is known. */
  readonly machineIds: ReadonlyMap<string, string>;
}

export function configurationsOf(record: ProcessRecord): ProcessConfigurations {
  return new Map([...record.infos].map(([identifier, info]) => [identifier, { disabled: info.disabled }]));
}

/** The instances a process may start on, in rule order: its rule's identifiers resolved, where it is configured and enabled. */
export function candidatesOf(record: ProcessRecord, identifiers: readonly string[], facts: ClusterFacts): string[] {
  const resolved = resolveIdentifiers(identifiers, facts.instances).identifiers;
  return processCandidates(resolved, configurationsOf(record));
}

export function placementContext(model: ClusterModel, rules: RuleSet, startingStrategy: string, facts: ClusterFacts, pendingLoads: ReadonlyMap<string, number>): PlacementContext {
  const loaded = model.applications.flatMap((name) => {
    const view = applicationView(model, rules, name, startingStrategy);
    return view === undefined ? [] : view.processes.map(({ record, rules: program }) => ({ synthesis: record.synthesis, expectedLoad: program.expectedLoading }));
  });
  return {
    localIdentifier: facts.localIdentifier,
    runningInstances: facts.running,
    machineIds: facts.machineIds,
    instanceLoads: instanceLoads(loaded),
    pendingLoads,
  };
}

