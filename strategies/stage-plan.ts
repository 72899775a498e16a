/**
 * Where the stopped processes of one stage start, as plain data in and out: the part of a stage's
 * placement that depends on the starting strategy. The starter builds the request from its model
 * (actors/starter/stage-placement.ts) and runs it here with a built-in strategy, or sends it to a
 * plugin's worker thread, which runs this same function with the plugin's `choose`: the
 * distribution rules are applied around a plugin exactly as around a built-in.
 */
import { distributeApplication, startGroup, type NonDistributedApplication, type StartDecision } from './distribution.js';
import type { PlacementContext, PlacementStrategy } from './placement.js';
import type { DistributionRule } from '../vocabulary/strategies.js';

export interface StagePlanRequest {
  readonly distribution: DistributionRule;
  /**
   * SINGLE_INSTANCE / SINGLE_NODE, first stage of the job: the whole application is placed at
   * once (`remaining`: every process the job still has to start), which pins its processes.
   */
  readonly distribute?: { readonly application: NonDistributedApplication; readonly remaining: readonly { readonly namespec: string; readonly expectedLoading: number }[] };
  /** Targets pinned by an earlier stage of the job. */
  readonly pinned: ReadonlyMap<string, string | null> | undefined;
  /** The stopped processes of the stage, in order, with their candidates (ALL_INSTANCES). */
  readonly processes: readonly { readonly namespec: string; readonly expectedLoading: number; readonly candidates: readonly string[] }[];
  readonly context: PlacementContext;
}

export interface StagePlan {
  /** One decision per process of the request, in order. */
  readonly decisions: readonly StartDecision[];
  readonly pinned: ReadonlyMap<string, string | null> | undefined;
}

export function planStage(request: StagePlanRequest, strategy: PlacementStrategy): StagePlan {
  const pinned = request.distribute === undefined ? request.pinned : distributeApplication(strategy, request.distribute.application, request.distribute.remaining, request.context).targets;
  const outcome = startGroup(
    request.distribution,
    request.processes.map((process) => ({ ...process, strategy, target: pinned?.get(process.namespec) ?? null, stopped: true })),
    request.context,
  );
  return { decisions: outcome.decisions, pinned };
}
