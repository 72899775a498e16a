/**
 * The messages of the stopper (one per node, named `stopper`): stop requests (XML-RPC, the
 * starter's STOP failure strategy, the FSM's closing states) and the model changes it follows.
 */
import type { ReplyTo } from '../core/index.js';
import type { ContextNotice } from '../context/messages.js';

export const STOPPER = 'stopper';

export type StopperMessage =
  | ContextNotice
  | { readonly type: 'stop-application'; readonly application: string; readonly wait: boolean; readonly replyTo: ReplyTo<boolean> | undefined }
  | {
      readonly type: 'stop-processes';
      readonly namespecs: readonly string[];
      /** Only on these instances (conciliation); undefined: wherever they run. */
      readonly identifiers?: readonly string[];
      readonly wait: boolean;
      readonly replyTo: ReplyTo<boolean>;
    }
  /** RESTARTING / SHUTTING_DOWN: every application with a running process, by application stop_sequence. */
  | { readonly type: 'stop-all'; readonly ticket: number }
  | { readonly type: 'abort' }
  /** From the FSM: these instances are lost; nothing more to wait for from them. */
  | { readonly type: 'targets-lost'; readonly identifiers: readonly string[] }
  /** A stop refused; `stoppedMeanwhile`: supervisord answered NOT_RUNNING. */
  | { readonly type: 'command-failed'; readonly namespec: string; readonly identifier: string; readonly reason: string; readonly stoppedMeanwhile: boolean }
  | { readonly type: 'tick' };
