/**
 * The rule fields the decision functions read (strategies.md, rules.md §3–§4).
 * The lead maps parsed rules onto these shapes.
 */

import type { RunningFailureStrategy, StartingFailureStrategy } from '../vocabulary/strategies.js';

/** Where a process is configured (its info entries) and whether it is disabled there. */
export type ProcessConfigurations = ReadonlyMap<string, { readonly disabled: boolean }>;

/** Program rules, `identifiers` already resolved to an ordered identifier list (`*` expanded). */
export interface ProcessRules {
  readonly identifiers: readonly string[];
  /** 0 = not started with its application. */
  readonly startSequence: number;
  /** Already defaulted to start_sequence by the rules. */
  readonly stopSequence: number;
  /** Already forced to false when start_sequence is 0. */
  readonly required: boolean;
  readonly waitExit: boolean;
  /** `expected_loading`, 0..100. */
  readonly expectedLoad: number;
  readonly startingFailureStrategy: StartingFailureStrategy;
  readonly runningFailureStrategy: RunningFailureStrategy;
}
