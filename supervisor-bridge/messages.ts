import type { ActorRef, ReplyTo } from '../actors/core/index.js';
import type { LocalProcess } from './local-process.js';
import type { LocalModel } from './model.js';
import type { SupervisorEvent } from './supervisor-events.js';
import type { SupervisorProcessInfo } from './supervisor-records.js';

/** What the bridge tells its subscribers. */
export type BridgeNotice =
  | { readonly type: 'local-process'; readonly process: LocalProcess }
  | { readonly type: 'local-process-removed'; readonly process: LocalProcess }
  | { readonly type: 'local-synced'; readonly model: LocalModel }
  /** supervisord is shutting down or restarting: it stops every program next (SUPERVISOR_STATE_CHANGE_STOPPING). */
  | { readonly type: 'local-stopping' };

/** Messages of the Supervisor bridge actor. */
export type BridgeMessage =
  | { readonly type: 'supervisor-event'; readonly event: SupervisorEvent; readonly poolSerial: number }
  | { readonly type: 'resync'; readonly reason: string }
  | { readonly type: 'check-waiters' }
  | { readonly type: 'read-details' }
  | { readonly type: 'details'; readonly infos: readonly SupervisorProcessInfo[] }
  | { readonly type: 'impose-stops' }
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
