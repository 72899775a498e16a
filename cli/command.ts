/**
 * What a supvisorsctl command is (docs/cli.md): a name, its help, the kinds of its arguments
 * (for the shell's completion) and a run function that writes through `Output` and returns
 * the exit code. Commands live in cli/commands/, one file per family, and are listed in
 * cli/commands/index.ts.
 */
import type { SupvisorsClient } from '../client/index.js';
import type { ExitCode } from './exit-codes.js';

/** What an argument names, for completion in the shell. */
export type ArgKind = 'application' | 'namespec' | 'program' | 'instance' | 'strategy' | 'conciliation' | 'loglevel' | 'actor' | 'event-header' | 'text';

/** One table column: its title and its width (`'var'`: the widest cell or title + 2, as Python's). */
export interface Column {
  readonly title: string;
  readonly width: number | 'var';
}

export interface Output {
  /** `--json`: the command writes one JSON document (`json`) instead of text. */
  readonly json: boolean;
  /** Colours allowed (a terminal, NO_COLOR unset, --json off). */
  readonly color: boolean;
  line(text: string): void;
  /** Python supvisorsctl's table layout (spec/cli.md §2). */
  table(columns: readonly Column[], rows: readonly (readonly string[])[]): void;
  /** The one JSON document of a `--json` run (stable keys, docs/cli.md). */
  document(value: unknown): void;
  /** One compact JSON document on a line (JSON Lines), for commands that follow a stream with `--json`. */
  jsonLine(value: unknown): void;
  /** An error line (stderr in text mode; `{"error": ...}` entries in JSON mode). */
  error(text: string): void;
  /** A transient progress line (terminal only; nothing in JSON mode or when piped). */
  progress(text: string): void;
}

export interface CommandContext {
  /** The node the command talks to. */
  readonly client: SupvisorsClient;
  /** Another node, same credentials (`all_start`), e.g. `http://host:port`. */
  connect(url: string): SupvisorsClient;
  readonly out: Output;
  /** Aborted on Ctrl-C: stop waiting (the operation goes on at the server), say so. */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** `start_application <strategy> [<app>...]` */
  readonly usage: string;
  /** The help lines after the usage (what it does, per-argument notes). */
  readonly help: readonly string[];
  /** The kinds of its positional arguments, the last one repeating when the command takes many. */
  readonly args: readonly ArgKind[];
  /** Supvisors' commands run the upcheck (supvisors.get_api_version) first; supervisorctl's do not. */
  readonly upcheck: boolean;
  run(context: CommandContext, args: readonly string[]): Promise<ExitCode>;
}
