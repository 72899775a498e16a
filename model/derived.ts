/**
 * What the cluster shows of its model besides processes: conflicts (a process of a managed
 * application running on several instances), the load of each instance (the expected_loading of
 * what runs there) and the instances where a process failed (FATAL, or an unexpected exit).
 */
import type { RuleSet } from '../rules/types.js';
import { applicationViews } from './applications.js';
import type { ClusterModel } from './cluster-model.js';
import { conflicts, crashedOn } from './process-state.js';
import { instanceLoads } from './loads.js';

export interface DerivedFacts {
  readonly conflicts: readonly string[];
  readonly loads: ReadonlyMap<string, number>;
  readonly processFailures: ReadonlySet<string>;
}

export function derivedFacts(model: ClusterModel, rules: RuleSet, startingStrategy: string): DerivedFacts {
  const applications = applicationViews(model, rules, startingStrategy);
  const processes = applications.flatMap((application) => application.processes.map((process) => ({ ...process, managed: application.managed })));
  const failures = new Set<string>();
  for (const { record } of processes) for (const [identifier, info] of record.infos) if (crashedOn(info)) failures.add(identifier);
  return {
    conflicts: conflicts(processes.map(({ record, managed }) => ({ ...record, managed }))).map((record) => record.namespec),
    loads: instanceLoads(processes.map(({ record, rules: program }) => ({ synthesis: record.synthesis, expectedLoading: program.expectedLoading }))),
    processFailures: failures,
  };
}
