/**
 * Timeouts of start and stop commands, counted in ticks of the target instance (strategies.md §6.5,
 * §7). `lastTick` is the last tick counter received from the target, `requestCounter` the counter
 * stored when the request was sent (reset on BACKOFF).
 */
import { isStoppedState } from '../model/process-state.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';

export const TICK_PERIOD = 5;

/** Larger clusters get more slack: `max(2, ⌊non-ISOLATED known instances / 10⌋)`. */
export function minimumTicks(nonIsolatedInstances: number): number {
  return Math.max(2, Math.floor(nonIsolatedInstances / 10));
}

/** Ticks allowed from STARTING to RUNNING, from the target's `startsecs`. */
export function startWaitTicks(startsecs: number, minimum: number): number {
  return Math.ceil(startsecs / TICK_PERIOD) + minimum;
}

/** Ticks allowed from STOPPING to STOPPED, from the target's `stopwaitsecs`. */
export function stopWaitTicks(stopwaitsecs: number, minimum: number): number {
  return Math.ceil(stopwaitsecs / TICK_PERIOD) + minimum;
}

export interface CommandTicks {
  readonly lastTick: number;
  readonly requestCounter: number;
  /** `startWaitTicks` or `stopWaitTicks` of the target. */
  readonly waitTicks: number;
  readonly minimumTicks: number;
}

/**
 * On timeout the command is removed first, then `forcedState` is broadcast with `reason`; for a
 * start, the starting failure strategy is therefore not applied.
 */
export type TimeoutCheck =
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'success' }
  | { readonly kind: 'timeout'; readonly forcedState: ProcessState; readonly reason: string };

const inProgress: TimeoutCheck = { kind: 'in-progress' };
const success: TimeoutCheck = { kind: 'success' };

function expect(expected: ProcessState, forcedState: ProcessState, timedOut: boolean): TimeoutCheck {
  return timedOut ? { kind: 'timeout', forcedState, reason: `process ${expected} event not received in time` } : inProgress;
}

/**
 * `waitingForExit` = wait_exit and not ignore_wait_exit: such a process RUNNING is never timed out
 * (one that never exits blocks the Starter). RUNNING otherwise means the event was missed.
 */
export function checkStartCommand(targetState: ProcessState, waitingForExit: boolean, ticks: CommandTicks): TimeoutCheck {
  if (targetState === 'RUNNING') return waitingForExit ? inProgress : success;
  if (targetState === 'STARTING' || targetState === 'BACKOFF') return expect('RUNNING', 'FATAL', ticks.lastTick > ticks.requestCounter + ticks.waitTicks);
  return expect('STARTING', 'FATAL', ticks.lastTick > ticks.requestCounter + ticks.minimumTicks);
}

export function checkStopCommand(targetState: ProcessState, ticks: CommandTicks): TimeoutCheck {
  if (targetState === 'STOPPING') return expect('STOPPED', 'STOPPED', ticks.lastTick > ticks.requestCounter + ticks.waitTicks);
  if (isStoppedState(targetState)) return success;
  // Still running-like: the STOPPING event should come at once.
  return expect('STOPPING', 'STOPPED', ticks.lastTick > ticks.requestCounter + ticks.minimumTicks);
}
