/**
 * What a failed start does to the rest of its application start (strategies.md §6.6).
 * A failure is a start event reporting a failure, "No resource available", or the target instance
 * lost while the command was current. A start timeout is not one: the forced FATAL it broadcasts
 * finds no current command.
 */
import type { ProgramRules } from '../rules/types.js';

export interface StartingFailureDecision {
  /** Drop the planned process ranks of the application; current commands run to completion. */
  readonly abortPlanned: boolean;
  /** Stop the application through the Stopper once its start job is finished. */
  readonly stopRequest: boolean;
}

const carryOn: StartingFailureDecision = { abortPlanned: false, stopRequest: false };

/** Only a required process applies its `starting_failure_strategy`. */
export function startingFailureDecision(process: Pick<ProgramRules, 'required' | 'startingFailureStrategy'>): StartingFailureDecision {
  if (!process.required) return carryOn;
  switch (process.startingFailureStrategy) {
    case 'ABORT':
      return { abortPlanned: true, stopRequest: false };
    case 'STOP':
      return { abortPlanned: true, stopRequest: true };
    case 'CONTINUE':
      return carryOn;
  }
}
