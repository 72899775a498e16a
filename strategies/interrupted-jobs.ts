import type { SupvisorsState } from '../vocabulary/supvisors-states.js';
/**
 * Start jobs interrupted by an abort (ELECTION, SYNCHRONIZATION, a freeze) are kept with their
 * callers, and re-planned by the next DISTRIBUTION of the instance that holds them if it is
 * still the Master (actors/starter). This decides when they are dropped instead.
 */

/**
 * What becomes of interrupted jobs in this FSM state: undefined while they may still be resumed
 * (no Master agreed yet, or this instance is the Master: its DISTRIBUTION resumes them), else
 * why they are dropped.
 */
export function interruptedVerdict(state: SupvisorsState, master: string, local: string): string | undefined {
  if (state === 'RESTARTING' || state === 'SHUTTING_DOWN' || state === 'FINAL') return `the cluster is ${state}`;
  if (state !== 'DISTRIBUTION' && state !== 'OPERATION' && state !== 'CONCILIATION') return undefined;
  return master === local ? undefined : `${master} is the Master now`;
}
