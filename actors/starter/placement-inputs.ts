/**
 * What placement reads of the live cluster, gathered as plain data: the RUNNING instances, the
 * machine of each instance, the loads of what runs, and the candidates of a process from its
 * rules. Pure functions of the model, the view's records and the rules.
 */
import type { ClusterInstance } from '../../cluster/instances.js';
import type { ClusterModel, ProcessRecord } from '../../model/cluster-model.js';
import { instanceLoads } from '../../model/loads.js';
import { applicationView, type ApplicationView } from '../../model/applications.js';
import { isRunningState } from '../../model/process-state.js';
import { assignSignedProcesses, resolveIdentifiers } from '../../rules/resolve.js';
import type { ProgramRules, RuleSet } from '../../rules/types.js';
import { processCandidates } from '../../strategies/candidates.js';
import { planApplicationStart, type ApplicationStart, type ApplicationStartPlan } from '../../strategies/distribution.js';
import type { PlacementContext, PlacementStrategy } from '../../strategies/placement.js';
import type { ProcessConfigurations } from '../../strategies/candidates.js';
import { byCodePoint } from '../../vocabulary/name-order.js';

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
    return view === undefined ? [] : view.processes.map(({ record, rules: program }) => ({ synthesis: record.synthesis, expectedLoading: program.expectedLoading }));
  });
  return {
    localIdentifier: facts.localIdentifier,
    runningInstances: facts.running,
    machineIds: facts.machineIds,
    instanceLoads: instanceLoads(loaded),
    pendingLoads,
  };
}


/** S10 (spec/xmlrpc.md §5.10): what a start would give, one entry per process, sorted. */
export interface TestStartEntry {
  readonly application_name: string;
  readonly process_name: string;
  readonly state: string;
  readonly forced_reason: string;
  readonly running_identifiers: string[];
}

/**
 * `test_start_application` / `test_start_process`: what the start plans (strategies/distribution.ts
 * planApplicationStart, run with a built-in strategy or in a plugin's worker). `only`: the
 * namespecs of a test_start_process (one rank, the application's distribution).
 */
export function startToPredict(application: ApplicationView, facts: ClusterFacts, only?: readonly string[]): ApplicationStart {
  return {
    distribution: application.rules.distribution,
    identifiers: resolveIdentifiers(application.rules.identifiers, facts.instances).identifiers,
    processes: selectedProcesses(application, only).map(({ record, rules }) => ({
      namespec: record.namespec,
      startSequence: only === undefined ? rules.startSequence : 1,
      expectedLoading: rules.expectedLoading,
      configurations: configurationsOf(record),
      identifiers: resolveIdentifiers(processIdentifiers(record, rules, application, facts), facts.instances).identifiers,
      required: rules.required,
      startingFailureStrategy: rules.startingFailureStrategy,
      stopped: !isRunningState(record.synthesis.state),
    })),
  };
}

function selectedProcesses(application: ApplicationView, only: readonly string[] | undefined): ApplicationView['processes'] {
  return application.processes.filter(({ record, rules }) => (only === undefined ? rules.startSequence > 0 : only.includes(record.namespec)));
}

/** The plan of a start as the S10 entries of the processes it names, sorted, as if every start succeeded. */
export function predictionEntries(application: ApplicationView, plan: ApplicationStartPlan, only?: readonly string[]): TestStartEntry[] {
  const selected = selectedProcesses(application, only);
  const entries = plan.stages.flat().map((decision): TestStartEntry => {
    const found = selected.find(({ record }) => record.namespec === decision.namespec);
    const name = found?.record.name ?? decision.namespec;
    const base = { application_name: application.name, process_name: name };
    if (decision.kind === 'start') return { ...base, state: found?.rules.waitExit === true && only === undefined ? 'EXITED' : 'RUNNING', forced_reason: '', running_identifiers: [decision.target] };
    if (decision.kind === 'no-resource') return { ...base, state: 'FATAL', forced_reason: 'No resource available', running_identifiers: [] };
    return { ...base, state: found?.record.synthesis.state ?? 'UNKNOWN', forced_reason: '', running_identifiers: [...(found?.record.synthesis.runningIdentifiers ?? [])] };
  });
  return entries.sort((left, right) => byCodePoint(left.application_name, right.application_name) || byCodePoint(left.process_name, right.process_name));
}

/** The prediction with a built-in strategy. */
export function predictStart(application: ApplicationView, strategy: PlacementStrategy, placement: PlacementContext, facts: ClusterFacts, only?: readonly string[]): TestStartEntry[] {
  return predictionEntries(application, planApplicationStart(startToPredict(application, facts, only), strategy, placement), only);
}

/**
 * The identifiers a process may start on: its program's rule, or for a program signed `@` / `#`
 * (spec/rules.md §8.1) the one instance the sign gives its process index, the processes of the
 * same program that run keeping theirs.
 */
export function processIdentifiers(record: ProcessRecord, rules: ProgramRules, application: ApplicationView, facts: ClusterFacts): readonly string[] {
  const sign = rules.hashIdentifiers.length > 0 ? '#' : rules.atIdentifiers.length > 0 ? '@' : undefined;
  if (sign === undefined) return rules.identifiers;
  const programOf = (of: ProcessRecord): { name: string; index: number } => {
    const info = [...of.infos.values()][0];
    return { name: info?.programName ?? of.name, index: info?.processIndex ?? 0 };
  };
  const own = programOf(record);
  const assigned: (string | undefined)[] = [];
  for (const { record: sibling } of application.processes) {
    const program = programOf(sibling);
    if (program.name !== own.name) continue;
    assigned[program.index] = sibling.namespec === record.namespec ? undefined : sibling.synthesis.runningIdentifiers[0];
  }
  if (assigned.length <= own.index) assigned[own.index] = undefined;
  const reference = resolveIdentifiers(sign === '#' ? rules.hashIdentifiers : rules.atIdentifiers, facts.instances).identifiers;
  const chosen = assignSignedProcesses(sign, reference, Array.from(assigned))[own.index];
  return chosen === undefined ? [] : [chosen];
}
