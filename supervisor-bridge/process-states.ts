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

export type ProcessStateName = keyof typeof ProcessStates;
export type ProcessStateCode = (typeof ProcessStates)[ProcessStateName];

const names = new Map<number, ProcessStateName>(
  (Object.entries(ProcessStates) as [ProcessStateName, number][]).map(([name, code]) => [code, name]),
);

export function stateName(code: number): ProcessStateName {
  return names.get(code) ?? 'UNKNOWN';
}

export function isStateName(value: string): value is ProcessStateName {
  return Object.hasOwn(ProcessStates, value);
}

/** Supervisor's RUNNING_STATES and STOPPED_STATES. */
export const RUNNING_STATES: readonly ProcessStateName[] = ['STARTING', 'RUNNING', 'BACKOFF'];
export const STOPPED_STATES: readonly ProcessStateName[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];
