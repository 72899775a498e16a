/**
 * Supervision policies, Erlang/OTP style, and the pure decision taken when an actor fails.
 *
 * - `restart` (the default): the actor's state is rebuilt by its factory after a backoff delay
 *   (`minMs * factor^n`, capped at `maxMs`, n = restarts within the intensity window). When more
 *   than `maxRestarts` restarts happen within `withinMs`, the failure is escalated instead.
 * - `stop`: the actor is stopped; its queued messages become dead letters.
 * - `escalate`: the actor is stopped and its failure becomes a failure of its parent (or, for a
 *   top-level actor, an escalation of the actor system, which is counted and logged).
 */
export interface Backoff {
  minMs: number;
  maxMs: number;
  factor: number;
}

export interface Intensity {
  maxRestarts: number;
  withinMs: number;
}

export type SupervisionPolicy =
  | { readonly kind: 'restart'; readonly backoff?: Backoff; readonly intensity?: Intensity }
  | { readonly kind: 'stop' }
  | { readonly kind: 'escalate' };

export const DEFAULT_BACKOFF: Backoff = { minMs: 10, maxMs: 5_000, factor: 2 };
export const DEFAULT_INTENSITY: Intensity = { maxRestarts: 5, withinMs: 10_000 };
export const DEFAULT_POLICY: SupervisionPolicy = { kind: 'restart' };

export type FailureDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly restarts: readonly number[] }
  | { readonly action: 'stop' }
  | { readonly action: 'escalate'; readonly reason: string };

/** Delay before the (n+1)-th restart within the window. */
export function backoffDelay(backoff: Backoff, restartsInWindow: number): number {
  return Math.min(backoff.maxMs, backoff.minMs * backoff.factor ** restartsInWindow);
}

/**
 * What to do with an actor that just failed at `now` (ms), given the times of its earlier
 * restarts. For a restart, `restarts` is the history to keep (pruned to the window, plus now).
 */
export function decideOnFailure(policy: SupervisionPolicy, restartTimes: readonly number[], now: number): FailureDecision {
  if (policy.kind === 'stop') return { action: 'stop' };
  if (policy.kind === 'escalate') return { action: 'escalate', reason: 'policy is escalate' };
  const intensity = policy.intensity ?? DEFAULT_INTENSITY;
  const recent = restartTimes.filter((time) => now - time < intensity.withinMs);
  if (recent.length >= intensity.maxRestarts) {
    return {
      action: 'escalate',
      reason: `restart intensity exceeded: ${recent.length} restarts within ${intensity.withinMs} ms`,
    };
  }
  return {
    action: 'restart',
    delayMs: backoffDelay(policy.backoff ?? DEFAULT_BACKOFF, recent.length),
    restarts: [...recent, now],
  };
}
