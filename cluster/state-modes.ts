/**
 * State & modes: one record per known instance (the local one authoritative, remote ones the
 * last STATE each published), their updates and publication rules, and the payloads built
 * from them. Spec: states.md §2.1 (side effects), §3.1–§3.2, §7; xmlrpc.md §5.1 (S1), §5.2
 * (S2), §5.9 (S9), §6 (state guards), §7.1 (get_master_identifier), §7.7 (method guards).
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
 * - Payloads are plain data; times are passed in milliseconds and published in seconds.
 *   Keys listed in `doubleKeys` are XML-RPC doubles even when the value is integral.
 *   S1: `get_supvisors_state` (jobs = lists of identifiers whose record has the flag, in record
 *   order) vs `get_instance_state_modes` / `get_all_instances_state_modes` and STATE
 *   (jobs = booleans; the latter sorted by identifier).
 * - Guards: the local FSM state must be in the guard's list, else BAD_SUPVISORS_STATE (101)
 *   `invalid Supvisors state=<NAME> - state expected in [...]`; checked before anything else.
 */
import type { ClusterInstance } from './instances.js';
import { instanceStateCode, isInstanceState, supvisorsStateCode, supvisorsStateOfCode, type InstanceState, type SupvisorsState } from '../vocabulary/supvisors-states.js';
import { pythonList } from '../errors/python-text.js';
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
// Payloads (xmlrpc.md §5.1) and STATE reception (states.md §3.1)

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

/** Keys whose values are XML-RPC doubles (Python floats) whatever their value. */
export const doubleKeys = {
  stateModes: ['now_monotonic'],
  instanceInfo: ['remote_mtime', 'local_mtime'],
} as const;

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

// ---------------------------------------------------------------------------------------------
// S2 InstanceInfo (xmlrpc.md §5.2) and S9 NetworkInfo (§5.9)

const INT32_MAX = 2 ** 31 - 1;

function cappedSeconds(ms: number): number {
  return Math.min(Math.trunc(ms / 1000), INT32_MAX);
}

export interface InstanceInfoData {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly host: string;
  readonly port: number;
  readonly state: InstanceState;
  /** Sum of expected_loading of the processes running there. */
  readonly loading: number;
  readonly processFailure: boolean;
  /** The last heartbeat accepted from it (for the local instance: its own last round); none yet → zeros. */
  readonly heartbeat?: {
    readonly remote: { readonly counter: number; readonly timeMs: number; readonly monotonicMs: number };
    readonly local: { readonly round: number; readonly timeMs: number; readonly monotonicMs: number };
  };
}

export interface InstanceInfoPayload {
  identifier: string;
  nick_identifier: string;
  node_name: string;
  port: number;
  statecode: number;
  statename: InstanceState;
  loading: number;
  process_failure: boolean;
  remote_sequence_counter: number;
  remote_time: number;
  remote_mtime: number;
  local_sequence_counter: number;
  local_time: number;
  local_mtime: number;
}

export function instanceInfoPayload(data: InstanceInfoData): InstanceInfoPayload {
  const beat = data.heartbeat;
  return {
    identifier: data.identifier,
    nick_identifier: data.nickIdentifier,
    node_name: data.host,
    port: data.port,
    statecode: instanceStateCode(data.state),
    statename: data.state,
    loading: data.loading,
    process_failure: data.processFailure,
    remote_sequence_counter: beat?.remote.counter ?? 0,
    remote_time: beat === undefined ? 0 : cappedSeconds(beat.remote.timeMs),
    remote_mtime: beat === undefined ? 0 : beat.remote.monotonicMs / 1000,
    local_sequence_counter: beat?.local.round ?? 0,
    local_time: beat === undefined ? 0 : cappedSeconds(beat.local.timeMs),
    local_mtime: beat === undefined ? 0 : beat.local.monotonicMs / 1000,
  };
}

export interface NicFacts {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
  /** Loopback: left out of S9, as in Python. */
  readonly internal: boolean;
  /** Reverse lookup of `address`; empty when unresolvable. */
  readonly hostName: string;
  readonly aliases: readonly string[];
  readonly ipv4Addresses: readonly string[];
}

export interface NetworkFacts {
  /** 6 lower-case hex byte pairs joined by `:`. */
  readonly machineId: string;
  readonly fqdn: string;
  readonly nics: readonly NicFacts[];
}

export interface NetworkInfoPayload {
  identifier: string;
  nick_identifier: string;
  host_id: string;
  http_port: number;
  stereotypes: string[];
  network?: {
    machine_id: string;
    fqdn: string;
    addresses: Record<string, { host_name: string; aliases: string[]; ipv4_addresses: string[]; nic_info: { nic_name: string; ipv4_address: string; netmask: string } }>;
  };
}

/** S9; `network` only when known (the local instance always, a remote one after its handshake). */
export function networkInfoPayload(instance: ClusterInstance, network: NetworkFacts | undefined): NetworkInfoPayload {
  const payload: NetworkInfoPayload = {
    identifier: instance.identifier,
    nick_identifier: instance.nickIdentifier,
    host_id: instance.host,
    http_port: instance.port,
    stereotypes: [...instance.stereotypes],
  };
  if (network === undefined) return payload;
  const addresses: NonNullable<NetworkInfoPayload['network']>['addresses'] = {};
  for (const nic of network.nics) {
    if (nic.internal) continue;
    addresses[nic.name] = {
      host_name: nic.hostName,
      aliases: [...nic.aliases],
      ipv4_addresses: [...nic.ipv4Addresses],
      nic_info: { nic_name: nic.name, ipv4_address: nic.address, netmask: nic.netmask },
    };
  }
  return { ...payload, network: { machine_id: network.machineId, fqdn: network.fqdn, addresses } };
}

// ---------------------------------------------------------------------------------------------
// State guards (xmlrpc.md §6, §7.7; protocol.md §12)

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
