/**
 * Supvisors' own states (spec/states.md, xmlrpc.md §3): the FSM states, the instance states and
 * the application states, with their wire codes (a name's index in its list).
 */

/**
 * The Supvisors FSM states (states.md §1, xmlrpc.md §3.1). Wire codes (`fsm_statecode`): OFF 0,
 * SYNCHRONIZATION 1, ELECTION 2, DISTRIBUTION 3, OPERATION 4, CONCILIATION 5, RESTARTING 6,
 * SHUTTING_DOWN 7, FINAL 8. WORKING_STATES = ELECTION, DISTRIBUTION, OPERATION, CONCILIATION;
 * CLOSING_STATES = RESTARTING, SHUTTING_DOWN, FINAL.
 */
export const supvisorsStateNames = [
  'OFF',
  'SYNCHRONIZATION',
  'ELECTION',
  'DISTRIBUTION',
  'OPERATION',
  'CONCILIATION',
  'RESTARTING',
  'SHUTTING_DOWN',
  'FINAL',
] as const;
export type SupvisorsState = (typeof supvisorsStateNames)[number];

export function supvisorsStateCode(state: SupvisorsState): number {
  return supvisorsStateNames.indexOf(state);
}

export function supvisorsStateOfCode(code: number): SupvisorsState | undefined {
  return Number.isInteger(code) ? supvisorsStateNames[code] : undefined;
}

export function isSupvisorsState(name: unknown): name is SupvisorsState {
  return typeof name === 'string' && (supvisorsStateNames as readonly string[]).includes(name);
}

export const workingStates: readonly SupvisorsState[] = ['ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION'];
export const closingStates: readonly SupvisorsState[] = ['RESTARTING', 'SHUTTING_DOWN', 'FINAL'];

export function isWorkingState(state: SupvisorsState): boolean {
  return workingStates.includes(state);
}

export function isClosingState(state: SupvisorsState): boolean {
  return closingStates.includes(state);
}

/** How the local instance sees each member (states.md §2, xmlrpc.md §3.2); every instance starts STOPPED. */
export const instanceStateNames = ['STOPPED', 'CHECKING', 'CHECKED', 'RUNNING', 'FAILED', 'ISOLATED'] as const;
export type InstanceState = (typeof instanceStateNames)[number];

/** The wire code (`statecode`). */
export function instanceStateCode(state: InstanceState): number {
  return instanceStateNames.indexOf(state);
}

export function instanceStateOfCode(code: number): InstanceState | undefined {
  return Number.isInteger(code) ? instanceStateNames[code] : undefined;
}

export function isInstanceState(name: unknown): name is InstanceState {
  return typeof name === 'string' && (instanceStateNames as readonly string[]).includes(name);
}

export const activeInstanceStates: readonly InstanceState[] = ['CHECKING', 'CHECKED', 'RUNNING', 'FAILED'];

export function isActive(state: InstanceState): boolean {
  return activeInstanceStates.includes(state);
}

/** The application states (states.md §5); index = wire code (STOPPED 0 … DELETED 4). */
export const applicationStates = ['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'DELETED'] as const;
export type ApplicationState = (typeof applicationStates)[number];
