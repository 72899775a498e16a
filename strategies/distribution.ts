/**
 * Distribution rules (strategies.md §4, §6.4): where the processes of an application start.
 * ALL_INSTANCES places each process when its rank is processed, with its own candidates and load;
 * SINGLE_INSTANCE and SINGLE_NODE choose for the whole application when its job becomes current.
 */
import { nodeOf } from '../model/loads.js';
import { applicationCandidates, applicationNodeCandidates, processCandidates } from './candidates.js';
import { chooseInstance, chooseNode, type PlacementContext, type PlacementStrategy } from './placement.js';
import { processStartStages } from './sequences.js';
import { startingFailureDecision } from './starting-failure.js';
import type { ProcessConfigurations } from './candidates.js';
import type { ProgramRules } from '../rules/types.js';
import type { DistributionRule } from '../vocabulary/strategies.js';

export interface DistributedProcess extends Pick<ProgramRules, 'startSequence' | 'expectedLoading'> {
  readonly namespec: string;
  readonly configurations: ProcessConfigurations;
}

/** With the application rule identifiers: program rule identifiers play no part. */
export interface NonDistributedApplication {
  /** The application's rules identifiers, already resolved (`*` expanded, `#` applied). */
  readonly identifiers: readonly string[];
  readonly distribution: Exclude<DistributionRule, 'ALL_INSTANCES'>;
  /** All processes of the application, sequenced or not. */
  readonly processes: readonly DistributedProcess[];
}

export interface JobDistribution {
  /**
   * The job's instance list: a command merged later picks among it with the job strategy
   * (`chooseInstance`, null when empty).
   */
  readonly identifiers: readonly string[];
  /** Target of each planned command; null = "No resource available" when processed. */
  readonly targets: ReadonlyMap<string, string | null>;
}

/** Only sequenced processes make the application load checked against one instance or node. */
function applicationLoad(processes: readonly DistributedProcess[]): number {
  return processes.filter((process) => process.startSequence > 0).reduce((total, process) => total + process.expectedLoading, 0);
}

/**
 * `before()` of a non-distributed application job. Already-running processes are not taken into
 * account: they are skipped when processed. For SINGLE_NODE the pending loads are those of the
 * context for every command: choices made in the loop do not update them.
 */
export function distributeApplication(
  strategy: PlacementStrategy,
  application: NonDistributedApplication,
  commands: readonly { readonly namespec: string; readonly expectedLoading: number }[],
  context: PlacementContext,
): JobDistribution {
  const load = applicationLoad(application.processes);
  const configurations = application.processes.map((process) => process.configurations);
  if (application.distribution === 'SINGLE_INSTANCE') {
    const chosen = chooseInstance(strategy, applicationCandidates(application.identifiers, configurations), load, context);
    return { identifiers: chosen === null ? [] : [chosen], targets: new Map(commands.map((command) => [command.namespec, chosen])) };
  }
  const candidates = applicationNodeCandidates(application.identifiers, configurations, context.machineIds);
  const node = chooseNode(strategy, candidates, load, context);
  const identifiers = candidates.filter((identifier) => node !== null && nodeOf(identifier, context.machineIds) === node);
  const targets = new Map(commands.map((command) => [command.namespec, identifiers.length === 0 ? null : chooseInstance(strategy, identifiers, command.expectedLoading, context)]));
  return { identifiers, targets };
}

export interface StartCommand {
  readonly namespec: string;
  readonly expectedLoading: number;
  /** The command's strategy (application default, or the one given to a single start). */
  readonly strategy: PlacementStrategy;
  /** Process candidates (`processCandidates`), used with ALL_INSTANCES. */
  readonly candidates: readonly string[];
  /** Target chosen beforehand for a non-distributed application. */
  readonly target: string | null;
  /** STOPPED-like: any other process is skipped, which makes a re-plan non-disruptive. */
  readonly stopped: boolean;
}

export type StartDecision =
  | { readonly kind: 'start'; readonly namespec: string; readonly target: string }
  | { readonly kind: 'skip'; readonly namespec: string }
  /** Forced FATAL "No resource available", then the starting failure logic. */
  | { readonly kind: 'no-resource'; readonly namespec: string };

export interface StartGroupOutcome {
  readonly decisions: readonly StartDecision[];
  /** The context's pending loads plus the commands started here. */
  readonly pendingLoads: ReadonlyMap<string, number>;
}

/**
 * `process_job` for the commands of one rank, one by one: each started command becomes current at
 * once, so its pending load weighs on the next choice of the same rank.
 */
export function startGroup(distribution: DistributionRule, commands: readonly StartCommand[], context: PlacementContext): StartGroupOutcome {
  const pending = new Map(context.pendingLoads);
  const decisions = commands.map((command): StartDecision => {
    const { namespec } = command;
    if (!command.stopped) return { kind: 'skip', namespec };
    const target = distribution === 'ALL_INSTANCES' ? chooseInstance(command.strategy, command.candidates, command.expectedLoading, { ...context, pendingLoads: pending }) : command.target;
    if (target === null) return { kind: 'no-resource', namespec };
    if (distribution === 'ALL_INSTANCES') pending.set(target, (pending.get(target) ?? 0) + command.expectedLoading);
    return { kind: 'start', namespec, target };
  });
  return { decisions, pendingLoads: pending };
}

export interface PlannedProcess extends DistributedProcess, Pick<ProgramRules, 'identifiers' | 'required' | 'startingFailureStrategy'> {
  readonly stopped: boolean;
}

export interface ApplicationStart {
  readonly distribution: DistributionRule;
  /** The application's rules identifiers, already resolved (`*` expanded, `#` applied). */
  readonly identifiers: readonly string[];
  /** All processes of the application. */
  readonly processes: readonly PlannedProcess[];
}

export interface ApplicationStartPlan {
  /** One entry per rank processed, in order. */
  readonly stages: readonly (readonly StartDecision[])[];
  /** A required process found no resource with ABORT or STOP: the later ranks were dropped. */
  readonly aborted: boolean;
  /** With STOP: the application is to be stopped once its job is finished. */
  readonly stopRequest: boolean;
}

/**
 * The whole start of an application as the Starter would run it if every start succeeded and
 * nothing else changed (what `test_start_application` simulates): ranks in order, the job strategy
 * for every command, pending loads carried over from rank to rank as started processes would add
 * to their instance loads.
 */
export function planApplicationStart(application: ApplicationStart, strategy: PlacementStrategy, context: PlacementContext): ApplicationStartPlan {
  const ranks = processStartStages(application.processes);
  const job =
    application.distribution === 'ALL_INSTANCES'
      ? undefined
      : distributeApplication(strategy, { ...application, distribution: application.distribution }, ranks.flat(), context);
  const stages: StartDecision[][] = [];
  let pendingLoads = context.pendingLoads;
  for (const rank of ranks) {
    const commands = rank.map((process) => ({
      namespec: process.namespec,
      expectedLoading: process.expectedLoading,
      strategy,
      candidates: processCandidates(process.identifiers, process.configurations),
      target: job?.targets.get(process.namespec) ?? null,
      stopped: process.stopped,
    }));
    const outcome = startGroup(application.distribution, commands, { ...context, pendingLoads });
    pendingLoads = outcome.pendingLoads;
    stages.push([...outcome.decisions]);
    const failures = rank.filter((_, index) => outcome.decisions[index]?.kind === 'no-resource').map(startingFailureDecision);
    if (failures.some((failure) => failure.abortPlanned)) return { stages, aborted: true, stopRequest: failures.some((failure) => failure.stopRequest) };
  }
  return { stages, aborted: false, stopRequest: false };
}
