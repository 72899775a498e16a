/**
 * How our commands (actors, peek, events, logs) report a failed call (spec/cli.md §2): a fault
 * is `ERROR (<faultString>)` and a call without a usable answer `ERROR: <message>`, exit 1.
 * Argument errors go through cli/report.ts usageError, as for every command.
 */
import { ClientError, SupvisorsFault } from '../../client/index.js';
import type { Output } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';

/** The text of a failed call; other errors (bugs) are thrown again. */
export function failureText(error: unknown, prefix = ''): string {
  if (error instanceof SupvisorsFault) return `${prefix}ERROR (${error.faultString})`;
  if (error instanceof ClientError) return `${prefix}ERROR: ${error.message}`;
  throw error;
}

export function failed(out: Output, error: unknown, prefix = ''): ExitCode {
  out.error(failureText(error, prefix));
  return ExitCodes.GENERIC;
}

/**
 * An error while following (events, logs, actors --watch): on stderr in text mode, as a JSON
 * line `{"error": ...}` in JSON mode, where the document that would carry it is never written.
 */
export function streamError(out: Output, text: string): void {
  if (out.json) out.jsonLine({ error: text });
  else out.error(text);
}
