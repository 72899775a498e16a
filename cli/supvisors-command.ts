/**
 * What supvisorsctl's Supvisors commands (cli/commands/supvisors-*.ts, applications.ts,
 * processes.ts) share: their shape (the upcheck first, done by cli/main.ts; a run function that
 * gets its own command, for the help of an argument error) and the step of a call that waits for
 * its job (progress, Ctrl-C, its result or fault line).
 */
import type { Command, CommandContext } from './command.js';
import type { ExitCode } from './exit-codes.js';
import { waitWithProgress, type Watch } from './progress.js';
import type { Entry, Report } from './report.js';

export type SupvisorsRun = (context: CommandContext, args: readonly string[], self: Command) => Promise<ExitCode>;

export function supvisorsCommand(name: string, usage: string, help: readonly string[], args: Command['args'], run: SupvisorsRun): Command {
  const self: Command = { name, usage, help, args, upcheck: true, run: (context, given) => run(context, given, self) };
  return self;
}

export interface WaitedStep<T> {
  readonly watch: Watch;
  /** What goes on at the server if Ctrl-C stops the wait: `web is still starting`. */
  readonly pending: string;
  readonly call: () => Promise<T>;
  /** The result's JSON entry and text line. */
  readonly result: (value: T) => readonly [Entry, string];
  /** What a fault entry is about, and the prefix of its line (`web: `). */
  readonly about?: Entry;
  readonly prefix?: string;
}

/** Runs one waiting call into the report; false when Ctrl-C stopped the wait (the caller stops there). */
export async function waitedStep<T>(context: CommandContext, report: Report, step: WaitedStep<T>): Promise<boolean> {
  try {
    const answer = await waitWithProgress(context, step.watch, step.call);
    if (!answer.done) {
      report.interrupt(step.pending);
      return false;
    }
    const [entry, line] = step.result(answer.value);
    report.result(entry, line);
  } catch (error) {
    report.fault(error, step.about, step.prefix);
  }
  return true;
}
