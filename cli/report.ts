/**
 * What a Supvisors command reports, built once for both outputs: the text lines of Python's
 * supvisorsctl as they happen (results, `ERROR (...)` fault lines on stdout, as Python prints
 * them), and at the end the one `--json` document `{...body, "errors": [...]}` with the exit
 * code (spec/cli.md §2: any fault ⇒ 1, a bad argument ⇒ 2, the last one wins).
 */
import { SupvisorsFault } from '../client/faults.js';
import { errorText } from './colors.js';
import type { Command, Output } from './command.js';
import { ExitCodes, type ExitCode } from './exit-codes.js';

export type Entry = Readonly<Record<string, unknown>>;

/** `interrupted: <pending> at the server (not cancelled)`: Ctrl-C stopped the wait, not the job. */
export function interruptedText(pending: string): string {
  return `interrupted: ${pending} at the server (not cancelled)`;
}

export class Report {
  code: ExitCode = ExitCodes.SUCCESS;
  readonly results: Entry[] = [];
  private readonly errors: Entry[] = [];
  private interrupted: string | undefined;

  constructor(private readonly out: Output) {}

  /** A result: its text line and its entry in `results`. */
  result(entry: Entry, line: string): void {
    this.results.push(entry);
    this.out.line(line);
  }

  /**
   * A fault of the server: `<prefix>ERROR (<faultString>)`, an entry in `errors` (`about` the item,
   * the fault's `code`, `fault` name and `message`), exit 1. Anything else (connection lost, HTTP
   * error) is not a fault: rethrown for the caller (cli/main.ts) to report, as Python lets it through.
   */
  fault(error: unknown, about: Entry = {}, prefix = ''): void {
    if (!(error instanceof SupvisorsFault)) throw error;
    this.out.line(errorText(`${prefix}ERROR (${error.faultString})`, this.out.color));
    this.errors.push({ ...about, code: error.faultCode, fault: error.faultName ?? null, message: error.faultString });
    this.code = ExitCodes.GENERIC;
  }

  /** A failure seen client-side (`nope: ERROR (no such application)`): its line, its entry, its exit code if any. */
  failure(about: Entry, message: string, line: string, code?: ExitCode): void {
    this.out.line(errorText(line, this.out.color));
    this.errors.push({ ...about, message });
    if (code !== undefined) this.code = code;
  }

  /** Ctrl-C during a wait: said on stderr (text) or as `interrupted` (JSON), exit 1. */
  interrupt(pending: string): void {
    this.interrupted = interruptedText(pending);
    if (!this.out.json) this.out.error(errorText(this.interrupted, this.out.color));
    this.code = ExitCodes.GENERIC;
  }

  /** The JSON document (`body`, by default `{results}`, plus `errors` and `interrupted` if any) and the exit code. */
  end(body: Entry = { results: this.results }): ExitCode {
    if (this.out.json) this.out.document({ ...body, errors: this.errors, ...(this.interrupted === undefined ? {} : { interrupted: this.interrupted }) });
    return this.code;
  }
}

/** A wrong argument: `ERROR: ...` (stderr), then the command's usage and help, exit 2. */
export function usageError(out: Output, command: Pick<Command, 'usage' | 'help'>, text: string): ExitCode {
  out.error(errorText(text, out.color));
  out.line(command.usage);
  for (const line of command.help) out.line(line);
  return ExitCodes.INVALID_ARGS;
}
