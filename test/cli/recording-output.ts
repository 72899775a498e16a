/** An Output that records what a command writes, progress lines included (a terminal's), for tests. */
import type { Column, Output } from '../../cli/command.js';
import { formatTable } from '../../cli/table.js';

export class RecordingOutput implements Output {
  readonly lines: string[] = [];
  readonly errors: string[] = [];
  readonly progressLines: string[] = [];
  readonly documents: unknown[] = [];

  constructor(
    readonly json = false,
    readonly color = false,
    /** Called with each progress line (e.g. to press Ctrl-C at some point). */
    private readonly onProgress: (text: string) => void = () => undefined,
  ) {}

  line(text: string): void {
    if (!this.json) this.lines.push(text);
  }

  table(columns: readonly Column[], rows: readonly (readonly string[])[]): void {
    for (const text of formatTable(columns, rows)) this.line(text);
  }

  document(value: unknown): void {
    if (this.json) this.documents.push(value);
  }

  jsonLine(value: unknown): void {
    this.document(value);
  }

  error(text: string): void {
    this.errors.push(text);
  }

  progress(text: string): void {
    if (this.json) return;
    this.progressLines.push(text);
    this.onProgress(text);
  }
}
