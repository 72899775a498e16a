/**
 * The Output of a supvisorsctl run: text (tables, colours on a terminal unless NO_COLOR) or one
 * JSON document (`--json`); errors to stderr; progress lines only on a terminal.
 */
import type { Column, Output } from './command.js';
import { formatTable } from './table.js';

export interface Streams {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** Colours: a terminal, NO_COLOR unset (https://no-color.org), not --json. */
export function colorAllowed(streams: Streams, env: Readonly<Record<string, string | undefined>>, json: boolean): boolean {
  return !json && streams.stdout.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

export class StreamOutput implements Output {
  private readonly errors: string[] = [];
  private documented = false;
  private progressShown = false;

  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
    readonly color: boolean,
  ) {}

  line(text: string): void {
    this.clearProgress();
    if (!this.json) this.streams.stdout.write(`${text}\n`);
  }

  table(columns: readonly Column[], rows: readonly (readonly string[])[]): void {
    for (const text of formatTable(columns, rows)) this.line(text);
  }

  document(value: unknown): void {
    if (!this.json) return;
    this.documented = true;
    this.streams.stdout.write(`${JSON.stringify(this.errors.length === 0 ? value : { result: value, errors: this.errors }, null, 2)}\n`);
  }

  jsonLine(value: unknown): void {
    if (!this.json) return;
    this.documented = true;
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  error(text: string): void {
    this.clearProgress();
    if (this.json) this.errors.push(text);
    else this.streams.stderr.write(`${text}\n`);
  }

  progress(text: string): void {
    if (this.json || this.streams.stderr.isTTY !== true) return;
    this.streams.stderr.write(`\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  /** End of the run: in JSON mode, the errors of a command that wrote no document. */
  finish(): void {
    this.clearProgress();
    if (this.json && !this.documented && this.errors.length > 0) this.streams.stdout.write(`${JSON.stringify({ errors: this.errors }, null, 2)}\n`);
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.streams.stderr.write('\r\x1b[2K');
    this.progressShown = false;
  }
}
