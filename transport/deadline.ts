/**
 * Deadlines that count only the time this node was running: the handshake of a link and the
 * remote asks waiting for their reply.
 *
 * Several runtimes starting on the same CPUs stall one another's event loops for seconds. A
 * peer's answer then waits unread in the socket while a plain timer, run first when the loop
 * resumes (timers come before I/O in Node's loop), would blame the peer. So a deadline is
 * checked every `stepMs`; a check that runs later than `lateMs` after its time credits only
 * `stepMs` (the time the loop was really waiting), an on-time check what elapsed. The deadline
 * has passed once `deadlineMs` are credited: after `deadlineMs` of a running node, or more,
 * never less. `countDown` is the pure decision; `armDeadline` runs it on timers.
 */
export interface Countdown {
  /** When the previous check ran (or the countdown started). */
  readonly checkedAt: number;
  readonly creditedMs: number;
}

export interface CountdownSettings {
  readonly deadlineMs: number;
  readonly stepMs: number;
  readonly lateMs: number;
}

/** The check period of a deadline: a quarter of it, half a step of tolerated lateness. */
export function countdownSettings(deadlineMs: number): CountdownSettings {
  const stepMs = deadlineMs / 4;
  return { deadlineMs, stepMs, lateMs: stepMs / 2 };
}

export function startCountdown(now: number): Countdown {
  return { checkedAt: now, creditedMs: 0 };
}

/** One check at `now`: the countdown after it, and whether the deadline has passed. */
export function countDown(countdown: Countdown, now: number, settings: CountdownSettings): { readonly countdown: Countdown; readonly expired: boolean } {
  const elapsed = Math.max(0, now - countdown.checkedAt);
  const credited = countdown.creditedMs + (elapsed > settings.stepMs + settings.lateMs ? settings.stepMs : elapsed);
  return { countdown: { checkedAt: now, creditedMs: credited }, expired: credited >= settings.deadlineMs };
}

/** A running deadline: `cancel` stops it (idempotent). */
export interface Deadline {
  cancel(): void;
}

/** Calls `expired` once `deadlineMs` of this node's running time have passed, unless cancelled first. */
export function armDeadline(deadlineMs: number, expired: () => void, now: () => number = () => performance.now()): Deadline {
  const settings = countdownSettings(deadlineMs);
  let timer: NodeJS.Timeout | undefined;
  const check = (countdown: Countdown): void => {
    timer = setTimeout(() => {
      const checked = countDown(countdown, now(), settings);
      if (checked.expired) expired();
      else check(checked.countdown);
    }, settings.stepMs);
  };
  check(startCountdown(now()));
  return { cancel: () => clearTimeout(timer) };
}
