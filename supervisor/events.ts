import { parseTokens, type ListenerEnvelope } from './listener-protocol.js';
import { isStateName, type ProcessState } from '../vocabulary/supervisor-states.js';

/** The supervisord events the bridge subscribes to, as typed data. */
export type SupervisorEvent =
  | {
      readonly kind: 'process-state';
      readonly name: string;
      readonly group: string;
      readonly state: ProcessState;
      readonly fromState: ProcessState;
      /** RUNNING, STOPPING, STOPPED, EXITED. */
      readonly pid?: number;
      /** EXITED only: whether the exit code is in the program's exitcodes. */
      readonly expected?: boolean;
      /** STARTING, BACKOFF. */
      readonly tries?: number;
    }
  | { readonly kind: 'group-added' | 'group-removed'; readonly group: string }
  | { readonly kind: 'supervisor-running' | 'supervisor-stopping' }
  | { readonly kind: 'tick'; readonly when: number }
  | { readonly kind: 'other'; readonly eventName: string };

/** The `events=` value of the listener section that feeds the bridge. */
export const SUBSCRIBED_EVENTS = 'PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5';

function optionalNumber(tokens: Map<string, string>, key: string): number | undefined {
  const value = tokens.get(key);
  return value === undefined ? undefined : Number(value);
}

export function toSupervisorEvent(envelope: ListenerEnvelope): SupervisorEvent {
  const { eventName, payload } = envelope;
  if (eventName.startsWith('PROCESS_STATE_')) {
    const tokens = parseTokens(payload);
    const state = eventName.slice('PROCESS_STATE_'.length);
    const fromState = tokens.get('from_state') ?? 'UNKNOWN';
    const expected = tokens.get('expected');
    return {
      kind: 'process-state',
      name: tokens.get('processname') ?? '',
      group: tokens.get('groupname') ?? '',
      state: isStateName(state) ? state : 'UNKNOWN',
      fromState: isStateName(fromState) ? fromState : 'UNKNOWN',
      ...(tokens.has('pid') ? { pid: optionalNumber(tokens, 'pid') } : {}),
      ...(expected === undefined ? {} : { expected: expected === '1' }),
      ...(tokens.has('tries') ? { tries: optionalNumber(tokens, 'tries') } : {}),
    };
  }
  switch (eventName) {
    case 'PROCESS_GROUP_ADDED':
      return { kind: 'group-added', group: parseTokens(payload).get('groupname') ?? '' };
    case 'PROCESS_GROUP_REMOVED':
      return { kind: 'group-removed', group: parseTokens(payload).get('groupname') ?? '' };
    case 'SUPERVISOR_STATE_CHANGE_RUNNING':
      return { kind: 'supervisor-running' };
    case 'SUPERVISOR_STATE_CHANGE_STOPPING':
      return { kind: 'supervisor-stopping' };
    case 'TICK_5':
    case 'TICK_60':
    case 'TICK_3600':
      return { kind: 'tick', when: Number(parseTokens(payload).get('when') ?? 0) };
    default:
      return { kind: 'other', eventName };
  }
}
