/**
 * The messages of the starter (one per node, named `starter`): start requests (XML-RPC and the
 * FSM's DISTRIBUTION), the context's model changes it follows its commands with, and its timer.
 */
import type { ReplyTo } from '../core/index.js';
import type { ContextNotice } from '../context/messages.js';
import type { StarterEvent } from '../../jobs/start-jobs.js';
import type { TestStartEntry } from './placement-inputs.js';

export const STARTER = 'starter';

export type StarterMessage =
  | ContextNotice
  | { readonly type: 'start-application'; readonly application: string; readonly strategy: string; readonly wait: boolean; readonly replyTo: ReplyTo<boolean> }
  | {
      readonly type: 'start-processes';
      readonly namespecs: readonly string[];
      /** The namespec as the caller wrote it (`group:*`...), for fault texts. */
      readonly given?: string;
      readonly strategy: string;
      /** undefined: the extra arguments of each process's last start. */
      readonly extraArgs: string | undefined;
      readonly wait: boolean;
      readonly replyTo: ReplyTo<boolean>;
    }
  /** test_start_application (namespecs undefined) / test_start_process: the prediction, nothing started. */
  | {
      readonly type: 'test-start';
      readonly application: string;
      readonly namespecs: readonly string[] | undefined;
      readonly strategy: string;
      readonly replyTo: ReplyTo<TestStartEntry[]>;
    }
  /** restart_sequence: the DISTRIBUTION start again; replies once no job is left (or at once without wait). */
  | { readonly type: 'restart-sequence'; readonly wait: boolean; readonly replyTo: ReplyTo<boolean> }
  /** The Master enters DISTRIBUTION: start the managed applications by their start sequence. */
  | { readonly type: 'start-distribution'; readonly ticket: number }
  /** ELECTION and the closing states drop every job. */
  | { readonly type: 'abort' }
  /** From the FSM: these instances are lost; the starts they had fail. */
  | { readonly type: 'targets-lost'; readonly identifiers: readonly string[] }
  /** A plugin strategy placed a stage: the machine's event, timed when it is handled. */
  | Omit<Extract<StarterEvent<unknown>, { readonly type: 'stage-placed' }>, 'now'>
  /** A target's bridge refused a start, or could not be reached. */
  | { readonly type: 'command-failed'; readonly namespec: string; readonly target: string; readonly reason: string }
  | { readonly type: 'tick' };
