/**
 * State & modes records: one per known instance (the local one authoritative, remote ones the
 * last STATE each published), their updates, publication rules and the reception of a STATE.
 * Spec: states.md §2.1 (side effects), §3.1–§3.2, §7. The payloads built from them are in
 * payloads/state-modes-payloads.ts.
 *
 * - Defaults: OFF, not degraded, no discovery, Master `''`, no jobs, no instance states. The
 *   local record starts with every known instance STOPPED and `discovery_mode` from options.
 * - Instance state change (states.md §2.1): written in the local record's `instance_states`;
 *   STOPPED/ISOLATED reset the remote instance's record to defaults; a non-RUNNING state of the
 *   current Master clears the Master, published at once; any other change is only marked and
 *   flushed at the next round ("deferred").
 * - Local changes of FSM state, degraded mode, Master, starting/stopping jobs publish at once.
 * - An incoming STATE replaces the sender's record wholesale; one about the local instance is
 *   ignored; one from the current Master asks for an immediate FSM evaluation.
 */
import type { ClusterInstance } from './instances.js';
import { isInstanceState, supvisorsStateOfCode, type InstanceState, type SupvisorsState } from '../vocabulary/supvisors-states.js';
import { failure, success, type Outcome } from './outcome.js';

export interface StateModes {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly state: SupvisorsState;
  readonly degradedMode: boolean;
  readonly discoveryMode: boolean;
  /** `''` when none. */
  readonly masterIdentifier: string;
  readonly startingJobs: boolean;
  readonly stoppingJobs: boolean;
  /** How this instance sees every instance, in instance order. */
  readonly instanceStates: ReadonlyMap<string, InstanceState>;
  /**
   * A remote record: the sender's `now_monotonic` (s) in the STATE it came from. A STATE is
   * older than the record when this is larger: a handshake answer overtaken by a publication
   * (the answer takes one more hop, through the instance tracker) must not bring the old view
   * back, or both sides wait forever for a stability only the lost view would give.
   */
  readonly sentMonotonic?: number;
}

/** Every known instance's record, in instance order; the local one included. */
export type StateModesMap = ReadonlyMap<string, StateModes>;

/** How an update wants to be published (states.md §3.2). */
export type Publication = 'none' | 'deferred' | 'immediate';

export function strongest(a: Publication, b: Publication): Publication {
  const rank = { none: 0, deferred: 1, immediate: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

export function defaultStateModes(identifier: string, nickIdentifier: string): StateModes {
  return {
    identifier,
    nickIdentifier,
    state: 'OFF',
    degradedMode: false,
    discoveryMode: false,
    masterIdentifier: '',
    startingJobs: false,
    stoppingJobs: false,
    instanceStates: new Map(),
  };
}

/** The records at start: defaults, the local one seeing every instance STOPPED. */
export function initialStateModes(instances: readonly ClusterInstance[], localIdentifier: string, discoveryMode: boolean): StateModesMap {
  const records = new Map<string, StateModes>();
  for (const instance of instances) {
    const record = defaultStateModes(instance.identifier, instance.nickIdentifier);
    records.set(
      instance.identifier,
      instance.identifier === localIdentifier
        ? { ...record, discoveryMode, instanceStates: new Map(instances.map((known) => [known.identifier, 'STOPPED'] as const)) }
        : record,
    );
  }
  return records;
}

export function localRecord(records: StateModesMap, localIdentifier: string): StateModes {
  const record = records.get(localIdentifier);
  if (record === undefined) throw new Error(`no state & modes record for the local instance ${localIdentifier}`);
  return record;
}

/** The state of an instance as the local instance sees it (STOPPED when unknown). */
export function localView(records: StateModesMap, localIdentifier: string, identifier: string): InstanceState {
  return localRecord(records, localIdentifier).instanceStates.get(identifier) ?? 'STOPPED';
}

/** The identifiers the local instance sees RUNNING, in instance order. */
export function runningIdentifiers(record: StateModes): string[] {
  return [...record.instanceStates].filter(([, state]) => state === 'RUNNING').map(([identifier]) => identifier);
}

function replaced(records: StateModesMap, record: StateModes): StateModesMap {
  const next = new Map(records);
  next.set(record.identifier, record);
  return next;
}

/** A discovered instance: a default record, seen STOPPED locally. */
export function addInstanceRecord(records: StateModesMap, localIdentifier: string, instance: ClusterInstance): StateModesMap {
  if (records.has(instance.identifier)) return records;
  const local = localRecord(records, localIdentifier);
  const withLocal = replaced(records, { ...local, instanceStates: new Map([...local.instanceStates, [instance.identifier, 'STOPPED']]) });
  const next = new Map(withLocal);
  next.set(instance.identifier, defaultStateModes(instance.identifier, instance.nickIdentifier));
  return next;
}

/** states.md §2.1 side effects of an instance state change (the transition itself is checked by the caller). */
export function setInstanceState(
  records: StateModesMap,
  localIdentifier: string,
  identifier: string,
  state: InstanceState,
): { readonly records: StateModesMap; readonly publication: Publication } {
  const local = localRecord(records, localIdentifier);
  if (local.instanceStates.get(identifier) === state) return { records, publication: 'none' };
  const clearsMaster = state !== 'RUNNING' && identifier === local.masterIdentifier;
  let next = replaced(records, {
    ...local,
    instanceStates: new Map([...local.instanceStates, [identifier, state]]),
    masterIdentifier: clearsMaster ? '' : local.masterIdentifier,
  });
  if ((state === 'STOPPED' || state === 'ISOLATED') && identifier !== localIdentifier) {
    const remote = next.get(identifier);
    if (remote !== undefined) next = replaced(next, defaultStateModes(remote.identifier, remote.nickIdentifier));
  }
  return { records: next, publication: clearsMaster ? 'immediate' : 'deferred' };
}

export interface LocalModes {
  readonly state?: SupvisorsState;
  readonly degradedMode?: boolean;
  readonly masterIdentifier?: string;
  readonly startingJobs?: boolean;
  readonly stoppingJobs?: boolean;
}

/** A change of the local FSM state or modes: published at once when anything changed. */
export function setLocalModes(records: StateModesMap, localIdentifier: string, modes: LocalModes): { readonly records: StateModesMap; readonly publication: Publication } {
  const local = localRecord(records, localIdentifier);
  const updated: StateModes = {
    ...local,
    state: modes.state ?? local.state,
    degradedMode: modes.degradedMode ?? local.degradedMode,
    masterIdentifier: modes.masterIdentifier ?? local.masterIdentifier,
    startingJobs: modes.startingJobs ?? local.startingJobs,
    stoppingJobs: modes.stoppingJobs ?? local.stoppingJobs,
  };
  const changed =
    updated.state !== local.state ||
    updated.degradedMode !== local.degradedMode ||
    updated.masterIdentifier !== local.masterIdentifier ||
    updated.startingJobs !== local.startingJobs ||
    updated.stoppingJobs !== local.stoppingJobs;
  return changed ? { records: replaced(records, updated), publication: 'immediate' } : { records, publication: 'none' };
}

// ---------------------------------------------------------------------------------------------
// STATE reception (states.md §3.1)

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A STATE payload (bool jobs) from a peer, checked field by field. */
export function parseStateModes(payload: unknown): Outcome<StateModes, string> {
  if (!isPlainObject(payload)) return failure('STATE payload is not a struct');
  const { identifier, nick_identifier, fsm_statecode, degraded_mode, discovery_mode, master_identifier, starting_jobs, stopping_jobs, instance_states } = payload;
  if (typeof identifier !== 'string' || typeof nick_identifier !== 'string') return failure('STATE payload without identifier or nick_identifier');
  const state = typeof fsm_statecode === 'number' ? supvisorsStateOfCode(fsm_statecode) : undefined;
  if (state === undefined) return failure(`STATE payload with an unknown fsm_statecode=${String(fsm_statecode)}`);
  if (typeof degraded_mode !== 'boolean' || typeof discovery_mode !== 'boolean' || typeof starting_jobs !== 'boolean' || typeof stopping_jobs !== 'boolean') {
    return failure('STATE payload with non-boolean modes');
  }
  if (typeof master_identifier !== 'string') return failure('STATE payload without master_identifier');
  if (!isPlainObject(instance_states)) return failure('STATE payload without instance_states');
  const states = new Map<string, InstanceState>();
  for (const [key, name] of Object.entries(instance_states)) {
    if (!isInstanceState(name)) return failure(`STATE payload with an unknown instance state ${String(name)} for ${key}`);
    states.set(key, name);
  }
  return success({
    identifier,
    nickIdentifier: nick_identifier,
    state,
    degradedMode: degraded_mode,
    discoveryMode: discovery_mode,
    masterIdentifier: master_identifier,
    startingJobs: starting_jobs,
    stoppingJobs: stopping_jobs,
    instanceStates: states,
  });
}

export type StateReception =
  /** `stale`: an older STATE than the one held, dropped as expected (not an error). */
  | { readonly accepted: false; readonly reason: string; readonly stale?: boolean }
  | { readonly accepted: true; readonly records: StateModesMap; readonly fromMaster: boolean };

/**
 * A STATE received from `sender` (already checked as an accepted origin): replaces its record;
 * identifier and nick stay those of the local table.
 */
export function receiveStateModes(records: StateModesMap, localIdentifier: string, sender: string, payload: unknown): StateReception {
  if (sender === localIdentifier) return { accepted: false, reason: 'STATE about the local instance ignored' };
  const known = records.get(sender);
  if (known === undefined) return { accepted: false, reason: `STATE from unknown instance ${sender}` };
  const parsed = parseStateModes(payload);
  if (!parsed.ok) return { accepted: false, reason: parsed.error };
  const sent = isPlainObject(payload) && typeof payload['now_monotonic'] === 'number' ? payload['now_monotonic'] : undefined;
  if (sent !== undefined && known.sentMonotonic !== undefined && sent < known.sentMonotonic) {
    return { accepted: false, stale: true, reason: `STATE from ${sender} older than the one held (${sent} < ${known.sentMonotonic})` };
  }
  const record: StateModes = { ...parsed.value, identifier: known.identifier, nickIdentifier: known.nickIdentifier, ...(sent === undefined ? {} : { sentMonotonic: sent }) };
  return { accepted: true, records: replaced(records, record), fromMaster: localRecord(records, localIdentifier).masterIdentifier === sender };
}
