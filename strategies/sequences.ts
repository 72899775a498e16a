/**
 * Start and stop sequences as ordered stages (strategies.md §6.2–§6.3, §7; rules.md §3–§4).
 * Starts pick the smallest sequence first (applications of one rank start in parallel, the next rank
 * waits for all of them; inside an application, ranks are strictly sequential). Stops pick the
 * greatest first, at both levels. Items keep their input order inside a stage.
 */
import type { ProgramRules } from '../rules/types.js';

export function sequenceStages<T>(items: readonly T[], sequenceOf: (item: T) => number, order: 'ascending' | 'descending'): T[][] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const sequence = sequenceOf(item);
    groups.set(sequence, [...(groups.get(sequence) ?? []), item]);
  }
  const keys = [...groups.keys()].sort((left, right) => (order === 'ascending' ? left - right : right - left));
  return keys.map((key) => groups.get(key) ?? []);
}

export interface AutoStartApplication {
  /** The application's start_sequence: 0 = not started automatically. */
  readonly startSequence: number;
  readonly neverStarted: boolean;
  readonly majorFailure: boolean;
  readonly minorFailure: boolean;
}

/**
 * DISTRIBUTION auto-start (and its "repair" after a re-election): start_sequence 0 means not
 * started automatically; a started application is re-planned only while it shows a failure.
 */
export function needsAutoStart(application: AutoStartApplication): boolean {
  return application.startSequence > 0 && (application.neverStarted || application.majorFailure || application.minorFailure);
}

export function autoStartStages<T extends AutoStartApplication>(applications: readonly T[]): T[][] {
  return sequenceStages(applications.filter(needsAutoStart), (application) => application.startSequence, 'ascending');
}

/**
 * Process ranks of an application start; start_sequence 0 is left out (a single `start_process`
 * may still be merged at its own rank, 0 included). No stage at all = nothing to store.
 */
export function processStartStages<T extends Pick<ProgramRules, 'startSequence'>>(processes: readonly T[]): T[][] {
  return sequenceStages(
    processes.filter((process) => process.startSequence > 0),
    (process) => process.startSequence,
    'ascending',
  );
}

/** `stop_applications` (ending states): every application with a running process, managed or not. */
export function applicationStopStages<T extends { readonly stopSequence: number; readonly hasRunningProcesses: boolean }>(applications: readonly T[]): T[][] {
  return sequenceStages(
    applications.filter((application) => application.hasRunningProcesses),
    (application) => application.stopSequence,
    'descending',
  );
}

export interface StopCommand<T> {
  readonly process: T;
  readonly identifier: string;
}

/**
 * `stop_application` / `stop_process`: one command per (process, running identifier), optionally
 * restricted to some instances, grouped by process stop_sequence, greatest first.
 */
export function processStopStages<T extends Pick<ProgramRules, 'stopSequence'> & { readonly runningIdentifiers: readonly string[] }>(
  processes: readonly T[],
  restrictedTo?: readonly string[],
): StopCommand<T>[][] {
  const commands = processes.flatMap((process) =>
    process.runningIdentifiers.filter((identifier) => restrictedTo?.includes(identifier) ?? true).map((identifier) => ({ process, identifier })),
  );
  return sequenceStages(commands, (command) => command.process.stopSequence, 'descending');
}
