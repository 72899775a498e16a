/** Bounded waiting for tests: the launcher's (every wait has a deadline and says what it waited for), and a gate. */
export { sleep, waitFor } from '../../local-cluster/waiting.js';

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
