/**
 * Plain data the model functions work on: Supervisor process states, the per-instance facts kept
 * for a process, and the synthetic process status. Spec: states.md §4–§5.
 * The lead maps the live records (events, handshake payloads, rules) onto these shapes.
 */
import type { ProcessState } from '../vocabulary/supervisor-states.js';

/** What one instance reported about one process (its `info_map` entry), reduced to what decisions read. */
export interface InstanceProcessInfo {
  readonly state: ProcessState;
  /** Supervisor's `expected` flag of the last exit (`not spawnerr` in full infos). */
  readonly expected: boolean;
  /** Local monotonic time of reception: the most recent info wins when nothing runs. */
  readonly localMtime: number;
  readonly disabled: boolean;
}

/** A state a Starter/Stopper imposed because the expected event did not come (states.md §4.4). */
export interface ForcedState {
  readonly state: ProcessState;
  readonly reason: string;
}

/** The synthetic status of a process over all the instances that configure it (states.md §4.2–§4.4). */
export interface ProcessSynthesis {
  readonly state: ProcessState;
  readonly expectedExit: boolean;
  /** Instances where it runs, in the order they were added. */
  readonly runningIdentifiers: readonly string[];
  readonly forced: ForcedState | null;
}
