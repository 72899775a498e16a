/**
 * The XML-RPC method guards (spec/xmlrpc.md §6, §7.7; protocol.md §12): the local FSM state
 * must be in the guard's list, else BAD_SUPVISORS_STATE (101) `invalid Supvisors state=<NAME> -
 * state expected in [...]`; checked before anything else. Each method's guard is named in its
 * contract (contract/).
 */
import { pythonList } from '../errors/python-text.js';
import type { SupvisorsState } from '../vocabulary/supvisors-states.js';

export const guardStates = {
  ANY: ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN', 'FINAL'],
  FROM_DISTRIBUTION: ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'],
  OPERATION: ['OPERATION'],
  OPER_CONC: ['OPERATION', 'CONCILIATION'],
  CONCILIATION: ['CONCILIATION'],
  SYNC: ['SYNCHRONIZATION'],
} as const satisfies Record<string, readonly SupvisorsState[]>;

export type MethodGuard = keyof typeof guardStates;

export type GuardResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly fault: 'BAD_SUPVISORS_STATE'; readonly detail: string; readonly faultString: string };

export function guard(methodGuard: MethodGuard, state: SupvisorsState): GuardResult {
  const allowed: readonly SupvisorsState[] = guardStates[methodGuard];
  if (allowed.includes(state)) return { ok: true };
  const detail = `invalid Supvisors state=${state} - state expected in ${pythonList(allowed)}`;
  return { ok: false, fault: 'BAD_SUPVISORS_STATE', detail, faultString: `BAD_SUPVISORS_STATE: ${detail}` };
}
