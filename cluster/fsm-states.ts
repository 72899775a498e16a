/**
 * The Supvisors FSM states (spec states.md §1, xmlrpc.md §3.1), kept apart from fsm.ts so the
 * other cluster modules can name them without importing the machine.
 * Wire codes (`fsm_statecode`): OFF 0, SYNCHRONIZATION 1, ELECTION 2, DISTRIBUTION 3,
 * OPERATION 4, CONCILIATION 5, RESTARTING 6, SHUTTING_DOWN 7, FINAL 8.
 * WORKING_STATES = ELECTION, DISTRIBUTION, OPERATION, CONCILIATION;
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
