/**
 * Synthetic state of a process configured on several instances (states.md §4): running
 * identifiers, state synthesis, conflicts, forced states and the derived predicates.
 */
import type { ForcedState, InstanceProcessInfo, ProcessSynthesis } from './types.js';
import { isRunningState, isStoppedState, type ProcessState } from '../vocabulary/supervisor-states.js';

export { isRunningState, isStoppedState };

/** Before any information arrives. */
export const initialSynthesis: ProcessSynthesis = { state: 'UNKNOWN', expectedExit: true, runningIdentifiers: [], forced: null };

/**
 * `update_status`: `infos` already holds the new entry of `identifier`. An identifier without an
 * entry no longer defines the process, so it cannot run it. `source` tells a real event from a fresh
 * full info (handshake, process added): the latter keeps a forced state when it reports STOPPED.
 */
export function updateStatus(
  previous: ProcessSynthesis,
  identifier: string,
  infos: ReadonlyMap<string, InstanceProcessInfo>,
  source: 'event' | 'full-info' = 'event',
): ProcessSynthesis {
  const newState = infos.get(identifier)?.state;
  const runningIdentifiers = nextRunningIdentifiers(previous, identifier, newState);
  const keepsForced = source === 'full-info' && newState === 'STOPPED';
  return { ...synthesize(previous.expectedExit, runningIdentifiers, infos), runningIdentifiers, forced: keepsForced ? previous.forced : null };
}

function nextRunningIdentifiers(previous: ProcessSynthesis, identifier: string, newState: ProcessState | undefined): readonly string[] {
  if (newState === undefined || isStoppedState(newState)) return previous.runningIdentifiers.filter((item) => item !== identifier);
  if (!isRunningState(newState)) return previous.runningIdentifiers; // STOPPING still runs there
  // A start after a stopped period replaces leftovers rather than making a conflict with them.
  if (isStoppedState(previous.state)) return [identifier];
  return previous.runningIdentifiers.includes(identifier) ? previous.runningIdentifiers : [...previous.runningIdentifiers, identifier];
}

/** A conflict shows the first of these states present on its instances. */
const conflictPriority: readonly ProcessState[] = ['RUNNING', 'BACKOFF', 'STARTING', 'STOPPING'];

function synthesize(
  previousExpectedExit: boolean,
  runningIdentifiers: readonly string[],
  infos: ReadonlyMap<string, InstanceProcessInfo>,
): Pick<ProcessSynthesis, 'state' | 'expectedExit'> {
  const stateOn = (identifier: string): ProcessState => infos.get(identifier)?.state ?? 'UNKNOWN';
  if (runningIdentifiers.length > 1) {
    const states = new Set(runningIdentifiers.map(stateOn));
    const state = conflictPriority.find((candidate) => states.has(candidate)) ?? 'UNKNOWN';
    return { state, expectedExit: previousExpectedExit };
  }
  const [single] = runningIdentifiers;
  if (single !== undefined) return { state: stateOn(single), expectedExit: true };
  const all = [...infos.values()];
  if (all.some((info) => info.state === 'STOPPING')) return { state: 'STOPPING', expectedExit: true };
  const latest = all.reduce<InstanceProcessInfo | undefined>((best, info) => (best === undefined || info.localMtime > best.localMtime ? info : best), undefined);
  return latest === undefined ? { state: 'UNKNOWN', expectedExit: previousExpectedExit } : { state: latest.state, expectedExit: latest.expected };
}

/**
 * A forced state is dismissed when the target instance sent a newer real event than the force
 * (`targetEventTime` > the forced event's `nowMonotonic`); with no target (no resource found) it
 * always applies.
 */
export function forceState(synthesis: ProcessSynthesis, forced: ForcedState, targetEventTime: number | undefined, nowMonotonic: number): ProcessSynthesis {
  if (targetEventTime !== undefined && targetEventTime > nowMonotonic) return synthesis;
  return { ...synthesis, forced };
}

/** What display, application state and operational status use. */
export function displayedState(synthesis: ProcessSynthesis): ProcessState {
  return synthesis.forced?.state ?? synthesis.state;
}

export function running(synthesis: ProcessSynthesis): boolean {
  return isRunningState(synthesis.state);
}

export function stopped(synthesis: ProcessSynthesis): boolean {
  return isStoppedState(synthesis.state);
}

export function runningOn(synthesis: ProcessSynthesis, identifier: string): boolean {
  return running(synthesis) && synthesis.runningIdentifiers.includes(identifier);
}

export function conflicting(synthesis: ProcessSynthesis): boolean {
  return synthesis.runningIdentifiers.length > 1;
}

/** On the real synthetic state: a forced FATAL is not a crash. */
export function crashed(synthesis: ProcessSynthesis): boolean {
  return synthesis.state === 'FATAL' || (synthesis.state === 'EXITED' && !synthesis.expectedExit);
}

export function crashedOn(info: Pick<InstanceProcessInfo, 'state' | 'expected'>): boolean {
  return info.state === 'FATAL' || (info.state === 'EXITED' && !info.expected);
}

/** Disabled globally only when disabled on every instance that configures it. */
export function disabled(infos: ReadonlyMap<string, Pick<InstanceProcessInfo, 'disabled'>>): boolean {
  return infos.size > 0 && [...infos.values()].every((info) => info.disabled);
}

export function disabledOn(infos: ReadonlyMap<string, Pick<InstanceProcessInfo, 'disabled'>>, identifier: string): boolean {
  return infos.get(identifier)?.disabled ?? false;
}

/** Both clocks are the reporting instance's, so uptimes compare across instances without clock sync. */
export function uptime(info: { readonly state: ProcessState; readonly nowMonotonic: number; readonly startMonotonic: number }): number {
  return info.state === 'RUNNING' || info.state === 'STOPPING' ? info.nowMonotonic - info.startMonotonic : 0;
}

/** Unmanaged processes may legitimately run on several instances (states.md §5.4). */
export function conflicts<T extends { readonly managed: boolean; readonly synthesis: ProcessSynthesis }>(processes: readonly T[]): T[] {
  return processes.filter((process) => process.managed && conflicting(process.synthesis));
}
