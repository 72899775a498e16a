/**
 * S1, the state & modes payloads (spec/xmlrpc.md §5.1; §7.1 get_master_identifier), built from
 * the records of cluster/state-records.ts. Plain data; times are passed in milliseconds and
 * published in seconds. Keys listed in `stateModesDoubles` are XML-RPC doubles even when the
 * value is integral.
 *
 * `get_supvisors_state` (jobs = lists of identifiers whose record has the flag, in record
 * order) vs `get_instance_state_modes` / `get_all_instances_state_modes` and STATE (jobs =
 * booleans; the latter sorted by identifier).
 */
import { localRecord, type StateModes, type StateModesMap } from '../cluster/state-records.js';
import { supvisorsStateCode, type InstanceState, type SupvisorsState } from '../vocabulary/supvisors-states.js';

/** S1 as published in STATE and answered by get_(all_)instance(s)_state_modes: jobs are booleans. */
export interface StateModesPayload {
  identifier: string;
  nick_identifier: string;
  now_monotonic: number;
  fsm_statecode: number;
  fsm_statename: SupvisorsState;
  degraded_mode: boolean;
  discovery_mode: boolean;
  master_identifier: string;
  starting_jobs: boolean;
  stopping_jobs: boolean;
  instance_states: Record<string, InstanceState>;
}

/** S1 as get_supvisors_state answers it: jobs are the identifiers having some. */
export interface SupvisorsStatePayload extends Omit<StateModesPayload, 'starting_jobs' | 'stopping_jobs'> {
  starting_jobs: string[];
  stopping_jobs: string[];
}

/** The S1 keys whose values are XML-RPC doubles (Python floats) whatever their value. */
export const stateModesDoubles = ['now_monotonic'] as const;

export function stateModesPayload(record: StateModes, nowMonotonicMs: number): StateModesPayload {
  return {
    identifier: record.identifier,
    nick_identifier: record.nickIdentifier,
    now_monotonic: nowMonotonicMs / 1000,
    fsm_statecode: supvisorsStateCode(record.state),
    fsm_statename: record.state,
    degraded_mode: record.degradedMode,
    discovery_mode: record.discoveryMode,
    master_identifier: record.masterIdentifier,
    starting_jobs: record.startingJobs,
    stopping_jobs: record.stoppingJobs,
    instance_states: Object.fromEntries(record.instanceStates),
  };
}

export function supvisorsStatePayload(records: StateModesMap, localIdentifier: string, nowMonotonicMs: number): SupvisorsStatePayload {
  const all = [...records.values()];
  return {
    ...stateModesPayload(localRecord(records, localIdentifier), nowMonotonicMs),
    starting_jobs: all.filter((record) => record.startingJobs).map((record) => record.identifier),
    stopping_jobs: all.filter((record) => record.stoppingJobs).map((record) => record.identifier),
  };
}

function byIdentifier(a: { identifier: string }, b: { identifier: string }): number {
  return a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0;
}

/** get_all_instances_state_modes: every record, sorted by identifier. */
export function allInstancesStateModesPayload(records: StateModesMap, nowMonotonicMs: number): StateModesPayload[] {
  return [...records.values()].sort(byIdentifier).map((record) => stateModesPayload(record, nowMonotonicMs));
}

/** get_master_identifier: `{identifier, nick_identifier}` of the Master, `{}` when none. */
export function masterIdentifierPayload(records: StateModesMap, localIdentifier: string): { identifier: string; nick_identifier: string } | Record<string, never> {
  const master = localRecord(records, localIdentifier).masterIdentifier;
  const record = master === '' ? undefined : records.get(master);
  return record === undefined ? {} : { identifier: record.identifier, nick_identifier: record.nickIdentifier };
}
