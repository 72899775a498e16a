/**
 * Plain data the model functions work on: Supervisor process states, the per-instance facts kept
 * for a process, the synthetic process status and the application states. Spec: states.md §4–§5.
 * The lead maps the live records (events, handshake payloads, rules) onto these shapes.
 */

/** Supervisor process states (codes STOPPED 0, STARTING 10, RUNNING 20, BACKOFF 30, STOPPING 40, EXITED 100, FATAL 200, UNKNOWN 1000). */
export type ProcessState = 'STOPPED' | 'STARTING' | 'RUNNING' | 'BACKOFF' | 'STOPPING' | 'EXITED' | 'FATAL' | 'UNKNOWN';

/** In this order: the conflict synthesis picks the first one present. STOPPING belongs to neither set. */
export const RUNNING_STATES: readonly ProcessState[] = ['RUNNING', 'BACKOFF', 'STARTING'];
export const STOPPED_STATES: readonly ProcessState[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];

/** Index = wire code (STOPPED 0 … DELETED 4). */
export const applicationStates = ['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'DELETED'] as const;
export type ApplicationState = (typeof applicationStates)[number];

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
