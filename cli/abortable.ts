/**
 * Waiting in the following commands (`actors --watch`, `events`, `logs`) that end on Ctrl-C
 * (the command's AbortSignal): a wait cut short by the signal resolves, it does not throw, so
 * the command just checks `signal.aborted` and returns.
 */

/** Resolves after `ms`, or at once when `signal` is (or gets) aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when `signal` is aborted (at once if it is). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
