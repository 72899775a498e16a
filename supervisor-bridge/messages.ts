import type { ActorRef, ReplyTo } from '../actors/core/index.js';
import type { LocalProcess } from '../supervisor/local-process.js';
import type { LocalModel } from './model.js';
import type { SupervisorEvent } from '../supervisor/events.js';
import type { BatchFault, SupervisorProcessInfo } from '../supervisor/records.js';

/** What the bridge tells its subscribers. */
export type BridgeNotice =
  | { readonly type: 'local-process'; readonly process: LocalProcess }
  | { readonly type: 'local-process-removed'; readonly process: LocalProcess }
  | { readonly type: 'local-synced'; readonly model: LocalModel }
  /** supervisord is shutting down or restarting: it stops every program next (SUPERVISOR_STATE_CHANGE_STOPPING). */
  | { readonly type: 'local-stopping' };

/**
 * What became of one item of a `start-batch` / `stop-batch`: no fault = supervisord accepted it.
 * Plain data (it crosses the peer transport as MessagePack): no Error, no class instance.
 */
export interface BatchOutcome {
  readonly namespec: string;
  readonly fault?: BatchFault;
}

/** Messages of the Supervisor bridge actor. */
export type BridgeMessage =
  | { readonly type: 'supervisor-event'; readonly event: SupervisorEvent; readonly poolSerial: number }
  | { readonly type: 'resync'; readonly reason: string }
  | { readonly type: 'check-waiters' }
  | { readonly type: 'read-details' }
  | { readonly type: 'details'; readonly infos: readonly SupervisorProcessInfo[] }
  | { readonly type: 'impose-stops' }
  /** supervisord accepted a start sent at `startedAt` (monotonic s). */
  | { readonly type: 'started'; readonly key: string; readonly startedAt: number; readonly wait: boolean; readonly replyTo: ReplyTo<boolean> }
  | { readonly type: 'subscribe'; readonly subscriber: ActorRef<BridgeNotice> }
  | { readonly type: 'get-model'; readonly replyTo: ReplyTo<LocalModel> }
  | {
      readonly type: 'start-args';
      readonly namespec: string;
      readonly extraArgs: string;
      readonly wait: boolean;
      readonly replyTo: ReplyTo<boolean>;
    }
  /** Stop a process of the local supervisord without waiting (the stopper follows the events). */
  | { readonly type: 'stop-process'; readonly namespec: string; readonly replyTo: ReplyTo<boolean> }
  /**
   * Several `start-args` without wait in one request to supervisord (system.multicall): each item
   * checked as `start-args`, one outcome per item in the order given; an item's fault leaves the others.
   */
  | {
      readonly type: 'start-batch';
      readonly starts: readonly { readonly namespec: string; readonly extraArgs: string }[];
      readonly replyTo: ReplyTo<readonly BatchOutcome[]>;
    }
  /** Several `stop-process` in one request to supervisord, as `start-batch`. */
  | { readonly type: 'stop-batch'; readonly namespecs: readonly string[]; readonly replyTo: ReplyTo<readonly BatchOutcome[]> }
  | {
      readonly type: 'set-disabled';
      readonly program: string;
      readonly disabled: boolean;
      readonly wait: boolean;
      readonly replyTo: ReplyTo<boolean>;
    }
  | {
      readonly type: 'update-numprocs';
      readonly program: string;
      readonly numprocs: number;
      readonly wait: boolean;
      readonly lazy: boolean;
      readonly replyTo: ReplyTo<boolean>;
    };

export const BRIDGE = 'supervisor-bridge';
