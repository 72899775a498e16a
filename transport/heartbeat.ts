/**
 * Failure detection of a peer link, as pure functions of times (ms, performance.now()).
 *
 * Both sides send a heartbeat every `periodMs` and tick at the same period. At each tick, a
 * link that heard anything (a heartbeat or any other frame) since the previous tick is alive;
 * otherwise the tick counts a miss, and `misses` misses in a row declare the peer silent.
 *
 * A busy local event loop must not pass for a silent peer: when this node's own timer fires
 * late (by more than `lateMs`), the frames the peer sent meanwhile may still be waiting in the
 * socket, unread. Such a tick is not counted; the next on-time tick decides. So a peer is
 * declared silent `misses` to `misses + 1` periods after the last frame heard from it, plus the
 * local stalls.
 */
export interface HeartbeatSettings {
  readonly periodMs: number;
  readonly misses: number;
  /** A tick later than this measures our own event loop, not the peer. */
  readonly lateMs: number;
}

export const DEFAULT_HEARTBEAT_PERIOD_MS = 250;
export const DEFAULT_HEARTBEAT_MISSES = 4;

export function heartbeatSettings(periodMs = DEFAULT_HEARTBEAT_PERIOD_MS, misses = DEFAULT_HEARTBEAT_MISSES): HeartbeatSettings {
  return { periodMs, misses, lateMs: periodMs / 2 };
}

export interface Liveness {
  /** When the previous tick ran. */
  readonly tickAt: number;
  /** Consecutive on-time ticks with nothing heard. */
  readonly misses: number;
}

/** `late`: not counted, the local loop was busy; `silent`: the peer is declared failed. */
export type TickOutcome = 'heard' | 'missed' | 'late' | 'silent';

export interface Tick {
  readonly liveness: Liveness;
  readonly outcome: TickOutcome;
  /** How late this tick ran: the local event-loop lag seen by the heartbeat timer. */
  readonly lagMs: number;
}

export function startLiveness(now: number): Liveness {
  return { tickAt: now, misses: 0 };
}

/** One heartbeat tick at `now`, given when the peer was last heard. */
export function tick(liveness: Liveness, heardAt: number, now: number, settings: HeartbeatSettings): Tick {
  const lagMs = Math.max(0, now - liveness.tickAt - settings.periodMs);
  if (heardAt > liveness.tickAt) return { liveness: { tickAt: now, misses: 0 }, outcome: 'heard', lagMs };
  if (lagMs > settings.lateMs) return { liveness: { tickAt: now, misses: liveness.misses }, outcome: 'late', lagMs };
  const misses = liveness.misses + 1;
  return { liveness: { tickAt: now, misses }, outcome: misses >= settings.misses ? 'silent' : 'missed', lagMs };
}

/** Round-trip time from a heartbeat that echoes one of ours: `held` is how long the peer kept our `t`. */
export function roundTrip(now: number, echo: number, held: number): number | undefined {
  if (echo <= 0) return undefined;
  const rtt = now - echo - held;
  return rtt >= 0 ? rtt : undefined;
}

/** Smoothed round-trip time, TCP's way (RFC 6298: gain 1/8). */
export function smooth(average: number | undefined, sample: number): number {
  return average === undefined ? sample : average + (sample - average) / 8;
}
