/**
 * The messages of a plugin's proxy actor (`plugin:<NAME>`, one per plugin module). Each ask is
 * answered from the plugin's worker thread, or failed with PLUGIN_TIMEOUT / PLUGIN_FAILED /
 * PLUGIN_EXITED; the caller applies its kind's fallback (docs/extending.md).
 */
import type { ReplyTo } from '../core/index.js';
import type { RunningFailure } from '../../plugin-worker/protocol.js';
import type { ApplicationStart, ApplicationStartPlan } from '../../strategies/distribution.js';
import type { ConciliationAction, ConflictingProcess } from '../../strategies/conciliation.js';
import type { PlacementContext } from '../../strategies/placement.js';
import type { StagePlan, StagePlanRequest } from '../../strategies/stage-plan.js';
import type { RunningFailureStrategy } from '../../vocabulary/strategies.js';

/** The actor's name for a plugin. */
export const pluginActorName = (name: string): string => `plugin:${name}`;

export type PluginMessage =
  /** starting: the placement of a stage (the starter). */
  | { readonly type: 'plan-stage'; readonly request: StagePlanRequest; readonly replyTo: ReplyTo<StagePlan> }
  /** starting: the whole start of an application, nothing started (test_start_*). */
  | { readonly type: 'plan-start'; readonly application: ApplicationStart; readonly context: PlacementContext; readonly replyTo: ReplyTo<ApplicationStartPlan> }
  /** running_failure: the built-in strategy for one failed process (the failure handler). */
  | { readonly type: 'decide'; readonly failure: RunningFailure; readonly replyTo: ReplyTo<RunningFailureStrategy> }
  /** conciliation: the actions resolving these conflicts (the conciliator). */
  | { readonly type: 'conciliate'; readonly conflicts: readonly ConflictingProcess[]; readonly replyTo: ReplyTo<ConciliationAction[]> }
  /** actor: one event of the stream (the event feed), delivered when the plugin follows its header. */
  | { readonly type: 'publish'; readonly header: string; readonly body: unknown }
  /** Internal: a worker thread exited by itself (one of an earlier incarnation is ignored). */
  | { readonly type: 'worker-exited'; readonly threadId: number; readonly reason: string };

/**
 * How long an ask to a plugin waits: each of the plugin's calls is bounded by `plugin_timeout`,
 * this bounds its wait behind the asks queued before it.
 */
export const PLUGIN_ASK_MS = 60_000;
