/**
 * Ctrl-C for the command running now (cli/main.ts, cli/shell.ts): the first aborts the signal
 * of its context (the command stops waiting and says the operation goes on at the server), the
 * second asks to end supvisorsctl at once. `idle` when no command runs: the shell then leaves,
 * as supervisorctl's does.
 */
export class Interrupts {
  private controller: AbortController | undefined;

  begin(): AbortSignal {
    this.controller = new AbortController();
    return this.controller.signal;
  }

  end(): void {
    this.controller = undefined;
  }

  interrupt(): 'aborted' | 'exit' | 'idle' {
    if (this.controller === undefined) return 'idle';
    if (this.controller.signal.aborted) return 'exit';
    this.controller.abort();
    return 'aborted';
  }
}
