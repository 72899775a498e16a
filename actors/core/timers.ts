/**
 * Timers of one actor: each timer, keyed by name, sends a message to the actor's own mailbox once
 * or periodically. Starting a timer with a key already in use replaces it. All timers are
 * cancelled when the actor stops or restarts.
 */
export class Timers<M> {
  private readonly active = new Map<string, NodeJS.Timeout>();

  constructor(private readonly send: (message: M) => void) {}

  once(key: string, delayMs: number, message: M): void {
    this.cancel(key);
    this.active.set(
      key,
      setTimeout(() => {
        this.active.delete(key);
        this.send(message);
      }, delayMs),
    );
  }

  every(key: string, periodMs: number, message: M): void {
    this.cancel(key);
    this.active.set(
      key,
      setInterval(() => this.send(message), periodMs),
    );
  }

  cancel(key: string): void {
    const timer = this.active.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.active.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.active.values()) clearTimeout(timer);
    this.active.clear();
  }

  isActive(key: string): boolean {
    return this.active.has(key);
  }

  get size(): number {
    return this.active.size;
  }
}
