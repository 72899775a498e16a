/**
 * Result of a start or stop command when an event comes from its target instance
 * (strategies.md §6.5, §7), read on the target's state for that process.
 */
import { isStoppedState } from '../model/process-state.js';
import type { ProgramRules } from '../rules/types.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';

/** `backoff` is still in progress, but the timeout restarts from the target's current tick. */
export type StartResult = 'in-progress' | 'backoff' | 'success' | 'failure';

export interface StartCommandRules extends Pick<ProgramRules, 'waitExit'> {
  /** Set for single-process starts: they do not wait for the exit. */
  readonly ignoreWaitExit: boolean;
}

/**
 * A wait_exit process holds the next rank until it exits as expected; any other exit is a failure,
 * even an expected one of a process not declared wait_exit.
 */
export function startResult(targetState: ProcessState, targetExpected: boolean, command: StartCommandRules): StartResult {
  switch (targetState) {
    case 'STARTING':
      return 'in-progress';
    case 'RUNNING':
      return command.waitExit && !command.ignoreWaitExit ? 'in-progress' : 'success';
    case 'EXITED':
      return command.waitExit && targetExpected ? 'success' : 'failure';
    case 'BACKOFF':
      return 'backoff';
    case 'FATAL':
    case 'STOPPED':
    case 'STOPPING':
    case 'UNKNOWN':
      return 'failure';
  }
}

/** Stops cannot fail: they succeed on any STOPPED-like state or time out. */
export function stopResult(targetState: ProcessState): 'in-progress' | 'success' {
  return isStoppedState(targetState) ? 'success' : 'in-progress';
}
