/**
 * What crosses the boundary between the runtime and a plugin's worker thread (docs/extending.md):
 * plain data only (structured clone, through comlink). A plugin module is one of four kinds:
 * - `starting`: `choose(input)` picks the instance a process starts on, as a built-in starting
 *   strategy; the distribution rules (ALL_INSTANCES, SINGLE_INSTANCE, SINGLE_NODE) are applied
 *   around it in the worker by the same pure code as for the built-ins (strategies/stage-plan.ts);
 * - `running_failure`: `decide(failure)` answers, for one failed process, the built-in running
 *   failure strategy to apply to it;
 * - `conciliation`: `conciliate(conflicts)` answers the actions that resolve the conflicts;
 * - `actor`: `start(host)` returns `{ receive(event), stop() }`, follows the cluster through the
 *   event stream's messages and may call any XML-RPC method through `host.call`.
 */
import type { ApplicationStart, ApplicationStartPlan } from '../strategies/distribution.js';
import type { ConflictingProcess } from '../strategies/conciliation.js';
import type { PlacementContext, PlacementInput } from '../strategies/placement.js';
import type { StagePlan, StagePlanRequest } from '../strategies/stage-plan.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';

export const pluginKinds = ['starting', 'running_failure', 'conciliation', 'actor'] as const;
export type PluginKind = (typeof pluginKinds)[number];

/** What a module declares: its name (`[A-Z][A-Z0-9_]*`) and kind; for an actor, the event headers it follows (all when absent). */
export interface PluginDescription {
  readonly name: string;
  readonly kind: PluginKind;
  readonly headers?: readonly string[];
}

/** One failed process, as a `running_failure` plugin is asked about it. */
export interface RunningFailure {
  readonly namespec: string;
  readonly application: string;
  /** `crash`: it exited unexpectedly or went FATAL; `instance_lost`: it ran on an instance now lost. */
  readonly cause: 'crash' | 'instance_lost';
  /** Its state now, as the cluster sees it. */
  readonly state: ProcessState;
  /** The state of its application now (STOPPED, STARTING, RUNNING, STOPPING). */
  readonly applicationState: string;
  /** In its application's start sequence (start_sequence > 0). */
  readonly sequenced: boolean;
}

/** One event of the stream (spec/events.md), as an `actor` plugin receives it. */
export interface PluginEvent {
  readonly header: string;
  readonly body: unknown;
}

/** What the runtime lends an `actor` plugin: the XML-RPC methods and the node's log. */
export interface ActorHost {
  call(method: string, params: readonly unknown[]): Promise<unknown>;
  log(level: 'info' | 'warn' | 'error', text: string): void;
}

/** The worker's side, called through comlink; each call is bounded by the runtime (`plugin_timeout`). */
export interface PluginWorkerApi {
  describe(): PluginDescription;
  /** starting */
  choose(input: PlacementInput): string | null;
  planStage(request: StagePlanRequest): StagePlan;
  planStart(application: ApplicationStart, context: PlacementContext): ApplicationStartPlan;
  /** running_failure: the plugin's answer, checked by the runtime (module-shape.ts checkDecision). */
  decide(failure: RunningFailure): Promise<unknown>;
  /** conciliation: the plugin's answer, checked by the runtime (module-shape.ts checkActions). */
  conciliate(conflicts: readonly ConflictingProcess[]): Promise<unknown>;
  /** actor: `host` is a comlink proxy of the runtime's ActorHost. */
  startActor(host: ActorHost): Promise<void>;
  deliver(event: PluginEvent): Promise<void>;
  stopActor(): Promise<void>;
}
