/** Supervisor's process states (supervisor/states.py): wire values and names. */
export const ProcessStates = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export type ProcessState = keyof typeof ProcessStates;
export type ProcessStateCode = (typeof ProcessStates)[ProcessState];

const names = new Map<number, ProcessState>(
  (Object.entries(ProcessStates) as [ProcessState, number][]).map(([name, code]) => [code, name]),
);

export function stateName(code: number): ProcessState {
  return names.get(code) ?? 'UNKNOWN';
}

export function isStateName(value: string): value is ProcessState {
  return Object.hasOwn(ProcessStates, value);
}

/** Supervisor's RUNNING_STATES and STOPPED_STATES. */
export const RUNNING_STATES: readonly ProcessState[] = ['STARTING', 'RUNNING', 'BACKOFF'];
export const STOPPED_STATES: readonly ProcessState[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];

export function isRunningState(state: string): boolean {
  return (RUNNING_STATES as readonly string[]).includes(state);
}

export function isStoppedState(state: string): boolean {
  return (STOPPED_STATES as readonly string[]).includes(state);
}

/** The states in which a process is alive on its instance: Supervisor's RUNNING_STATES and STOPPING. */
export function isAlive(state: string): boolean {
  return state === 'STOPPING' || isRunningState(state);
}
