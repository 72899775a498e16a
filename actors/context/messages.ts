/**
 * The messages of the context actor (one per node, named `context`): the cluster model's inputs
 * (the local bridge's notices, peers' reports, instance state changes) and its readers.
 */
import type { ActorRef, ReplyTo } from '../core/index.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import type { ModelChange } from '../../model/model-change.js';
import type { BridgeNotice } from '../../supervisor-bridge/messages.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';
import type { InstanceState } from '../../vocabulary/supvisors-states.js';

export const CONTEXT = 'context';

/** What subscribers (starter, stopper, failure handler, event feed) are told after each change of the model. */
export type ContextNotice = { readonly type: 'model-changed' } & ModelChange;

export type ContextMessage =
  | BridgeNotice
  /** From a peer's context: one process of its supervisord changed, or was removed. */
  | { readonly type: 'peer-process'; readonly from: string; readonly process: LocalProcess }
  | { readonly type: 'peer-process-removed'; readonly from: string; readonly group: string; readonly name: string }
  /** A peer's whole local model (answer to `get-local`, or pushed after its resync). */
  | { readonly type: 'peer-processes'; readonly from: string; readonly processes: readonly LocalProcess[] }
  /** From the state machine: the node of `identifier` is gone, its running processes are lost. */
  | { readonly type: 'processes-lost'; readonly identifier: string; readonly why: string }
  /** From the state machine: how the local instance now sees `identifier`. */
  | { readonly type: 'instance-state'; readonly identifier: string; readonly state: InstanceState }
  /** From a peer: this node's local processes. */
  | { readonly type: 'get-local'; readonly replyTo: ReplyTo<readonly LocalProcess[]> }
  | { readonly type: 'get-model'; readonly replyTo: ReplyTo<ClusterModel> }
  /**
   * From the starter / stopper: a start no instance will report (no resource, refused) or a command
   * its `target` left unanswered until `at` (monotonic s) shows this state until a newer report.
   */
  | { readonly type: 'force-state'; readonly namespec: string; readonly state: ProcessState; readonly reason: string; readonly target?: string; readonly at?: number }
  /** Its own: derive the facts of the model changed since the last time (FACTS_PERIOD_MS apart at most). */
  | { readonly type: 'derive-facts' }
  | { readonly type: 'subscribe'; readonly subscriber: ActorRef<ContextNotice> };
