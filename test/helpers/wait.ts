/** Bounded waiting for tests: every wait has a deadline and says what it waited for. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 5 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A promise opened from outside: lets a test hold an async handler until it says so. */
export class Gate {
  private release: () => void = () => undefined;
  readonly opened: Promise<void> = new Promise((resolve) => {
    this.release = resolve;
  });

  open(): void {
    this.release();
  }
}
