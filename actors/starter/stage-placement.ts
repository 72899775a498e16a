/**
 * Where the processes of one stage start, decided in one go (spec/strategies.md §6.4): the
 * placement context (loads of what runs, pending loads of the starts in flight) is built once
 * per stage, and each process placed adds its load to the pending ones of the next
 * (strategies/distribution.ts `startGroup`, which test_start's prediction also uses). Pure.
 */
import type { ClusterModel, ProcessRecord } from '../../model/cluster-model.js';
import type { ApplicationView } from '../../model/applications.js';
import { pendingLoads } from '../../model/loads.js';
import { isRunningState } from '../../model/process-state.js';
import { resolveApplicationHash, resolveIdentifiers } from '../../rules/resolve.js';
import type { RuleSet } from '../../rules/types.js';
import { planStage, type StagePlan, type StagePlanRequest } from '../../strategies/stage-plan.js';
import type { PlacementContext, PlacementStrategy } from '../../strategies/placement.js';
import type { Placement, ProcessStart, StartCommand } from '../../jobs/start-jobs.js';
import { candidatesOf, configurationsOf, placementContext, processIdentifiers, type ClusterFacts } from './placement-inputs.js';

export interface StageInput {
  readonly model: ClusterModel;
  readonly rules: RuleSet;
  readonly startingStrategy: string;
  readonly facts: ClusterFacts;
  /** The job's application (undefined: gone from the model). */
  readonly application: ApplicationView | undefined;
  /** An application start: its distribution rule applies. */
  readonly distributed: boolean;
  readonly pinned: ReadonlyMap<string, string | null> | undefined;
  readonly stage: readonly ProcessStart[];
  /** Every process the job still has to start (what SINGLE_INSTANCE / SINGLE_NODE distribute). */
  readonly remaining: readonly ProcessStart[];
  /** The starts in flight of every job: their loads are pending on their targets. */
  readonly inFlight: readonly StartCommand[];
}

export interface StagePlacement {
  readonly placements: ReadonlyMap<string, Placement>;
  readonly pinned: ReadonlyMap<string, string | null> | undefined;
}

const NO_RESOURCE = 'No resource available';

/** What a process already on its way needs: nothing (RUNNING) or to be followed (STARTING, BACKOFF); undefined: to be placed. */
function placementOfRunning(record: ProcessRecord): Placement | undefined {
  if (!isRunningState(record.synthesis.state)) return undefined;
  const target = record.synthesis.runningIdentifiers[0];
  if (record.synthesis.state === 'RUNNING' || target === undefined) return { kind: 'skip' };
  return { kind: 'follow', target, startsecs: record.infos.get(target)?.startsecs ?? 1 };
}

/** A stopped process of a stage, to place among its candidates. */
export interface ToPlace {
  readonly process: ProcessStart;
  readonly record: ProcessRecord;
  readonly candidates: readonly string[];
}

/**
 * A stage split in what is decided already (running: skipped; starting: followed; gone from the
 * model: no resource) and what a strategy places (built-in or plugin alike).
 */
export function classifyStage(input: Pick<StageInput, 'model' | 'facts' | 'application' | 'stage'>): { readonly decided: Map<string, Placement>; readonly toPlace: ToPlace[] } {
  const { application, facts } = input;
  const decided = new Map<string, Placement>();
  const toPlace: ToPlace[] = [];
  for (const process of input.stage) {
    const record = input.model.processes.get(process.namespec);
    const present = record === undefined ? { kind: 'none' as const, reason: NO_RESOURCE } : placementOfRunning(record);
    if (present !== undefined || record === undefined) {
      decided.set(process.namespec, present ?? { kind: 'none', reason: NO_RESOURCE });
      continue;
    }
    const found = application?.processes.find((candidate) => candidate.record.namespec === process.namespec);
    const identifiers = found === undefined || application === undefined ? [] : processIdentifiers(record, found.rules, application, facts);
    toPlace.push({ process, record, candidates: candidatesOf(record, identifiers, facts) });
  }
  return { decided, toPlace };
}

export function startPlacement(record: ProcessRecord, target: string | null): Placement {
  return target === null ? { kind: 'none', reason: NO_RESOURCE } : { kind: 'start', target, startsecs: record.infos.get(target)?.startsecs ?? 1 };
}

/** The loads of what runs and of the starts in flight that do not run yet. */
export function stageContext(input: Pick<StageInput, 'model' | 'rules' | 'startingStrategy' | 'facts' | 'inFlight'>): PlacementContext {
  const pending = pendingLoads(
    input.inFlight.map((command) => {
      const record = input.model.processes.get(command.process.namespec);
      return { target: command.target, expectedLoading: command.process.expectedLoading, stopped: record === undefined || !isRunningState(record.synthesis.state) };
    }),
  );
  return placementContext(input.model, input.rules, input.startingStrategy, input.facts, pending);
}

/** The strategy-dependent half of a stage, as plain data (strategies/stage-plan.ts), and what is decided already. */
export interface PreparedStage {
  readonly request: StagePlanRequest;
  readonly decided: ReadonlyMap<string, Placement>;
  readonly toPlace: readonly ToPlace[];
}

export function prepareStage(input: StageInput): PreparedStage {
  const facts = input.facts;
  const application = input.application;
  const distribution = input.distributed && application !== undefined ? application.rules.distribution : 'ALL_INSTANCES';
  const context = stageContext(input);
  let distribute: StagePlanRequest['distribute'];
  if (distribution !== 'ALL_INSTANCES' && application !== undefined && input.pinned === undefined) {
    // an application `#` gives it one instance by its name's rank (spec/rules.md §8.2)
    const identifiers = resolveApplicationHash(application.name, application.rules, facts.instances).rules.identifiers;
    distribute = {
      application: {
        distribution,
        identifiers: resolveIdentifiers(identifiers, facts.instances).identifiers,
        processes: application.processes.map(({ record, rules }) => ({ namespec: record.namespec, startSequence: rules.startSequence, expectedLoading: rules.expectedLoading, configurations: configurationsOf(record) })),
      },
      remaining: input.remaining.map((process) => ({ namespec: process.namespec, expectedLoading: process.expectedLoading })),
    };
  }
  const { decided, toPlace } = classifyStage(input);
  const processes = toPlace.map(({ process, candidates }) => ({ namespec: process.namespec, expectedLoading: process.expectedLoading, candidates }));
  return { request: { distribution, ...(distribute === undefined ? {} : { distribute }), pinned: input.pinned, processes, context }, decided, toPlace };
}

/** The placements of a stage once its plan is known (from a built-in strategy or a plugin's worker). */
export function stagePlacement(prepared: PreparedStage, plan: StagePlan): StagePlacement {
  const placements = new Map(prepared.decided);
  plan.decisions.forEach((decision, index) => {
    const placed = prepared.toPlace[index];
    if (placed === undefined) return;
    placements.set(decision.namespec, decision.kind === 'start' ? startPlacement(placed.record, decision.target) : { kind: 'none', reason: NO_RESOURCE });
  });
  return { placements, pinned: plan.pinned };
}

/** One placement per process of the stage, built-in strategy. */
export function placeStage(input: StageInput, strategy: PlacementStrategy): StagePlacement {
  const prepared = prepareStage(input);
  return stagePlacement(prepared, planStage(prepared.request, strategy));
}
