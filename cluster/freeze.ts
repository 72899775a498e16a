/**
 * A node that resumes from a freeze (SIGSTOP, a VM paused, a laptop lid, a long GC stall) must
 * not act on what it knew before: while it was stopped, the others saw it silent, declared it
 * lost, restarted its programs elsewhere and may have elected another Master. Its own view is
 * stale, and its timers all fire at once on resume — the inactivity check would then declare
 * every peer lost and, alone, it would elect itself Master and start their programs.
 *
 * So an instance measures the gap between its own rounds (monotonic clock). A gap longer than
 * the silence bound the peers apply to it (max(inactivity_ticks, heartbeat_misses) rounds, plus
 * one round of slack) means it was cut off for as long as the others needed to declare it lost:
 * it then fails itself (FAILED, then STOPPED: the FSM goes to OFF, jobs are aborted, its Master
 * is forgotten) and re-synchronizes like a starting instance — handshakes, SYNCHRONIZATION,
 * ELECTION adopting the running Master — before it may act again. A network cut without a freeze
 * keeps Supvisors' partition behaviour (each side goes on with what it sees).
 */

/** The longest gap between two rounds that is not a freeze, in ms. */
export function freezeBoundMs(periodMs: number, silenceRounds: number): number {
  return (silenceRounds + 1) * periodMs;
}

/** The gap since the last round, when it is a freeze (longer than `boundMs`); undefined otherwise. */
export function frozenFor(lastRoundMs: number, nowMs: number, boundMs: number): number | undefined {
  const gap = nowMs - lastRoundMs;
  return gap > boundMs ? gap : undefined;
}
