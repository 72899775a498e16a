/**
 * Instance states (how the local instance sees each member) and their triggers.
 * Spec: states.md §2 (§2.1 transitions, §2.2 triggers, §2.3 inactivity, §2.4 invalidation);
 * protocol.md §1.2, §2.1, §3, §4 (handshake), §7 (auto-fence), §11 (transport failure);
 * config.md §6 (consistency); xmlrpc.md §3.2.
 *
 * - States and wire codes: STOPPED 0, CHECKING 1, CHECKED 2, RUNNING 3, FAILED 4, ISOLATED 5.
 *   Every instance starts STOPPED. Active states: CHECKING, CHECKED, RUNNING, FAILED.
 * - Transitions (hard-enforced): STOPPED→CHECKING; CHECKING→STOPPED|CHECKED|FAILED|ISOLATED;
 *   CHECKED→RUNNING|FAILED; RUNNING→FAILED; FAILED→STOPPED|ISOLATED; ISOLATED→none.
 *   Setting the current state again is no change, not an error.
 * - Heartbeats replace Supervisor's 5 s TICK: the caller counts its own evaluation rounds and
 *   passes them in. A remote heartbeat is ignored until the local instance is CHECKED or
 *   RUNNING, dropped from an ISOLATED instance, and starts the handshake of a STOPPED one.
 *   Inactivity: `localRound − round at the last heartbeat > inactivity_ticks` → FAILED; the
 *   local instance never. A heartbeat counter lower than the previous one (stealth restart)
 *   marks the record `restarted`, which counts as inactive. **Differs from Python** (which
 *   resets the stored round to 0): the mark stays until the caller drops the record, so a fresh
 *   heartbeat arriving before the next round cannot hide the restart.
 * - Handshake authorization, in this order: no answer to get_instance_info (fault) → UNKNOWN;
 *   an unknown state code → NOT_AUTHORIZED; the peer sees us ISOLATED → NOT_AUTHORIZED
 *   (isolation reciprocity); get_strategies differs (or failed) → INCONSISTENT; else AUTHORIZED.
 * - Authorization outcome, accepted only while CHECKING and from a handshake started after
 *   `checking_time`: UNKNOWN → STOPPED (retried at the next heartbeat), NOT_AUTHORIZED and
 *   INCONSISTENT → invalidation with fence (ISOLATED; the local instance STOPPED),
 *   AUTHORIZED → CHECKED. A null process snapshot (ALL_INFO) → STOPPED.
 * - Failure (inactivity, transport failure): CHECKING/CHECKED/RUNNING → FAILED; never the local
 *   instance (its own link failures are ignored).
 * - Invalidation of a FAILED instance: local → STOPPED; else ISOLATED when fenced, or when
 *   `auto_fence` and the Master's state (as known locally) is a working state; else STOPPED.
 *   The lost Master is never auto-fenced: losing it clears the Master first (states.md §1.8).
 * - Consistency: the `get_strategies` struct `{'auto-fencing', starting, conciliation,
 *   supvisors_failure}` must be equal, key for key, with nothing more.
 */
import type { SupvisorsOptions } from '../config/types.js';
import { instanceStateOfCode, isActive, isWorkingState, type InstanceState, type SupvisorsState } from '../vocabulary/supvisors-states.js';

/** states.md §2.1. */
export const instanceTransitions: Readonly<Record<InstanceState, readonly InstanceState[]>> = {
  STOPPED: ['CHECKING'],
  CHECKING: ['STOPPED', 'CHECKED', 'FAILED', 'ISOLATED'],
  CHECKED: ['RUNNING', 'FAILED'],
  RUNNING: ['FAILED'],
  FAILED: ['STOPPED', 'ISOLATED'],
  ISOLATED: [],
};

export type InstanceTransition =
  | { readonly ok: true; readonly state: InstanceState; readonly changed: boolean }
  | { readonly ok: false; readonly error: { readonly kind: 'invalid-transition'; readonly from: InstanceState; readonly to: InstanceState; readonly message: string } };

/** Whether `from → to` is allowed; `from → from` is allowed and changes nothing. */
export function transition(from: InstanceState, to: InstanceState): InstanceTransition {
  if (from === to) return { ok: true, state: to, changed: false };
  if (instanceTransitions[from].includes(to)) return { ok: true, state: to, changed: true };
  return { ok: false, error: { kind: 'invalid-transition', from, to, message: `unexpected instance transition ${from} -> ${to}` } };
}

// ---------------------------------------------------------------------------------------------
// Heartbeats and inactivity (states.md §2.2–§2.3, protocol.md §3)

/** What a heartbeat carries (TICK body: `sequence_counter`, `when`, `when_monotonic`). */
export interface Heartbeat {
  readonly counter: number;
  readonly timeMs: number;
  readonly monotonicMs: number;
}

/** The local clock when something is received. */
export interface LocalClock {
  /** The local evaluation round counter. */
  readonly round: number;
  readonly timeMs: number;
  readonly monotonicMs: number;
}

/** The last heartbeat accepted from an instance, with the local clock at reception. */
export interface HeartbeatRecord {
  readonly remote: Heartbeat;
  readonly local: LocalClock;
  /** A counter went backwards: the instance restarted unseen; it counts as inactive. */
  readonly restarted: boolean;
}

export type HeartbeatOutcome =
  | { readonly accepted: false; readonly reason: 'local-not-ready' | 'isolated' }
  | {
      readonly accepted: true;
      readonly record: HeartbeatRecord;
      /** The counter went backwards this time. */
      readonly stealthRestart: boolean;
      /** STOPPED → CHECKING: set it and start the handshake. */
      readonly startHandshake: boolean;
    };

/** A heartbeat received from a remote instance. */
export function onHeartbeat(input: {
  readonly localState: InstanceState;
  readonly peerState: InstanceState;
  readonly previous: HeartbeatRecord | undefined;
  readonly heartbeat: Heartbeat;
  readonly now: LocalClock;
}): HeartbeatOutcome {
  const { localState, peerState, previous, heartbeat, now } = input;
  if (peerState === 'ISOLATED') return { accepted: false, reason: 'isolated' };
  if (localState !== 'CHECKED' && localState !== 'RUNNING') return { accepted: false, reason: 'local-not-ready' };
  const stealthRestart = previous !== undefined && heartbeat.counter < previous.remote.counter;
  return {
    accepted: true,
    record: { remote: heartbeat, local: now, restarted: stealthRestart || (previous?.restarted ?? false) },
    stealthRestart,
    startHandshake: peerState === 'STOPPED',
  };
}

/** At each local round: the local instance, when STOPPED, starts checking itself. */
export function onLocalRound(localState: InstanceState): { readonly startHandshake: boolean } {
  return { startHandshake: localState === 'STOPPED' };
}

/** `round − round of the last heartbeat > inactivity_ticks`, or a stealth restart. */
export function isInactive(record: HeartbeatRecord | undefined, round: number, inactivityTicks: number): boolean {
  if (record === undefined) return false;
  return record.restarted || round - record.local.round > inactivityTicks;
}

/** The remote active instances (not FAILED yet) to set FAILED at this round. */
export function inactiveInstances(input: {
  readonly localIdentifier: string;
  readonly states: ReadonlyMap<string, InstanceState>;
  readonly heartbeats: ReadonlyMap<string, HeartbeatRecord>;
  readonly round: number;
  readonly inactivityTicks: number;
}): string[] {
  const failing: string[] = [];
  for (const [identifier, state] of input.states) {
    if (identifier === input.localIdentifier || !isActive(state) || state === 'FAILED') continue;
    if (isInactive(input.heartbeats.get(identifier), input.round, input.inactivityTicks)) failing.push(identifier);
  }
  return failing;
}

/** Inactivity or a transport failure towards an instance (INSTANCE_FAILURE): FAILED, or nothing. */
export function onFailure(state: InstanceState, isLocal: boolean): InstanceState | undefined {
  if (isLocal) return undefined;
  return state === 'CHECKING' || state === 'CHECKED' || state === 'RUNNING' ? 'FAILED' : undefined;
}

/** Publications other than heartbeats go only to active instances; nothing goes to ISOLATED ones (protocol.md §1.2). */
export function sendsTo(peerState: InstanceState, kind: 'heartbeat' | 'other'): boolean {
  if (peerState === 'ISOLATED') return false;
  return kind === 'heartbeat' || isActive(peerState);
}

/** PROCESS, PROCESS_REMOVED, PROCESS_DISABILITY are accepted only from CHECKED or RUNNING senders (protocol.md §2.1). */
export function acceptsProcessEvents(senderState: InstanceState): boolean {
  return senderState === 'CHECKED' || senderState === 'RUNNING';
}

// ---------------------------------------------------------------------------------------------
// Handshake (protocol.md §4)

export const authorizationNames = ['UNKNOWN', 'AUTHORIZED', 'NOT_AUTHORIZED', 'INCONSISTENT'] as const;
export type Authorization = (typeof authorizationNames)[number];

export function authorizationCode(authorization: Authorization): number {
  return authorizationNames.indexOf(authorization);
}

/** The `get_strategies` struct (xmlrpc.md §7.1): note the hyphen in `auto-fencing`. */
export interface Strategies {
  readonly 'auto-fencing': boolean;
  readonly starting: string;
  readonly conciliation: string;
  readonly supvisors_failure: string;
}

export function strategiesOf(options: Pick<SupvisorsOptions, 'autoFence' | 'startingStrategy' | 'conciliationStrategy' | 'supvisorsFailureStrategy'>): Strategies {
  return {
    'auto-fencing': options.autoFence,
    starting: options.startingStrategy,
    conciliation: options.conciliationStrategy,
    supvisors_failure: options.supvisorsFailureStrategy,
  };
}

/** Python dict equality of the local struct with whatever the peer answered (null on a fault). */
export function sameStrategies(local: Strategies, remote: unknown): boolean {
  if (typeof remote !== 'object' || remote === null || Array.isArray(remote)) return false;
  const remoteEntries = Object.entries(remote as Record<string, unknown>);
  const localEntries = Object.entries(local) as [string, unknown][];
  return remoteEntries.length === localEntries.length && localEntries.every(([key, value]) => Object.hasOwn(remote, key) && (remote as Record<string, unknown>)[key] === value);
}

/**
 * The verdict of the handshake, from the peer's answers: `seenAs` the statecode the peer gives
 * us in get_instance_info (undefined when the call failed with a fault), `remoteStrategies` its
 * get_strategies answer (undefined or null when it failed).
 */
export function authorize(input: { readonly seenAs: number | undefined; readonly remoteStrategies: unknown; readonly localStrategies: Strategies }): Authorization {
  if (input.seenAs === undefined) return 'UNKNOWN';
  const seenAs = instanceStateOfCode(input.seenAs);
  if (seenAs === undefined || seenAs === 'ISOLATED') return 'NOT_AUTHORIZED';
  if (!sameStrategies(input.localStrategies, input.remoteStrategies)) return 'INCONSISTENT';
  return 'AUTHORIZED';
}

/** Handshake notifications count only while CHECKING and when the handshake started after checking_time. */
export function handshakeNotificationAccepted(state: InstanceState, checkingTimeMs: number, handshakeTimeMs: number): boolean {
  return state === 'CHECKING' && handshakeTimeMs > checkingTimeMs;
}

export type AuthorizationOutcome =
  | { readonly accepted: false; readonly reason: 'not-checking' | 'stale' }
  | { readonly accepted: true; readonly next: InstanceState };

export function onAuthorization(input: {
  readonly state: InstanceState;
  readonly isLocal: boolean;
  readonly checkingTimeMs: number;
  readonly handshakeTimeMs: number;
  readonly authorization: Authorization;
}): AuthorizationOutcome {
  if (input.state !== 'CHECKING') return { accepted: false, reason: 'not-checking' };
  if (input.handshakeTimeMs <= input.checkingTimeMs) return { accepted: false, reason: 'stale' };
  switch (input.authorization) {
    case 'UNKNOWN':
      return { accepted: true, next: 'STOPPED' };
    case 'AUTHORIZED':
      return { accepted: true, next: 'CHECKED' };
    case 'NOT_AUTHORIZED':
    case 'INCONSISTENT':
      return { accepted: true, next: invalidate({ isLocal: input.isLocal, fence: true, autoFence: false, masterState: undefined }) };
  }
}

/** The process snapshot of the handshake (ALL_INFO): null sets the instance STOPPED; it is loaded only while CHECKING. */
export function onProcessSnapshot(state: InstanceState, snapshotMissing: boolean): { readonly next: InstanceState | undefined; readonly load: boolean } {
  if (state !== 'CHECKING') return { next: undefined, load: false };
  return snapshotMissing ? { next: 'STOPPED', load: false } : { next: undefined, load: true };
}

// ---------------------------------------------------------------------------------------------
// Invalidation (states.md §2.4, protocol.md §7)

export function invalidate(input: {
  readonly isLocal: boolean;
  /** The peer isolated us or its configuration is inconsistent. */
  readonly fence: boolean;
  readonly autoFence: boolean;
  /** The Master's FSM state as known locally; undefined when there is no Master. */
  readonly masterState: SupvisorsState | undefined;
}): 'STOPPED' | 'ISOLATED' {
  if (input.isLocal) return 'STOPPED';
  if (input.fence) return 'ISOLATED';
  return input.autoFence && input.masterState !== undefined && isWorkingState(input.masterState) ? 'ISOLATED' : 'STOPPED';
}
