/**
 * What supervisorctl's commands share here: its upcheck, its argument errors, fault lines, and
 * the report of a command looping over processes (text lines as they come, one JSON document).
 */
import { SupvisorsFault, UnknownMethodFault } from '../../client/index.js';
import type { Command, CommandContext, Output } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import type { ResultEntry } from '../supervisorctl.js';

/** The RPC API version supervisorctl 4.2 expects (supervisor.rpcinterface.API_VERSION). */
const API_VERSION = '3.0';

/**
 * A line supervisorctl prints on stdout about a failure: the same in text mode; in JSON mode an
 * entry of the `errors` of the document written at the end, when the command writes no other.
 */
export function problem(out: Output, line: string): void {
  if (out.json) out.error(line);
  else out.line(line);
}

/** An argument error: its message, then the command's help (supervisorctl's help_<name>). */
export function argumentError(out: Output, command: Command, message: string, code: ExitCode): ExitCode {
  out.error(message);
  for (const line of command.help) out.line(line);
  return code;
}

/**
 * supervisorctl's upcheck: supervisor.getVersion() must be '3.0'. Undefined when it passes,
 * else the exit code after supervisorctl's message. Our port answers it (forwarded to
 * supervisord). No answer at all escapes to the CLI, which tells it as supervisorctl does
 * (refused connection: exit 4).
 */
export async function upcheck(context: CommandContext): Promise<ExitCode | undefined> {
  const { client, out } = context;
  try {
    // no retry: a refused connection is reported at once, as supervisorctl does
    const api = await client.with({ retries: 0 }).supervisor.getVersion();
    if (api === API_VERSION) return undefined;
    problem(out, `Sorry, this version of supervisorctl expects to talk to a server with API version ${API_VERSION}, but the remote version is ${api}.`);
    return ExitCodes.NOT_INSTALLED;
  } catch (error) {
    if (!(error instanceof UnknownMethodFault)) throw error;
    problem(
      out,
      'Sorry, supervisord responded but did not recognize the supervisor namespace commands that supervisorctl uses to control it.  ' +
        'Please check that the [rpcinterface:supervisor] section is enabled in the configuration file (see sample.conf).',
    );
    return ExitCodes.UNIMPLEMENTED;
  }
}

/** The fault of a failed call, or the error rethrown when it is not one (no answer: the CLI's concern). */
export function faultOf(error: unknown): SupvisorsFault {
  if (error instanceof SupvisorsFault) return error;
  throw error;
}

/** The outcomes of a command looping over processes: printed as they come, kept for `--json`. */
export class ResultReport {
  readonly results: ResultEntry[] = [];
  readonly errors: string[] = [];

  constructor(private readonly out: Output) {}

  outcome({ line, entry }: { line: string; entry: ResultEntry }): void {
    this.results.push(entry);
    this.out.line(line);
  }

  error(line: string): void {
    this.errors.push(line);
    this.out.line(line);
  }

  document(): { results: ResultEntry[]; errors: string[] } {
    return { results: this.results, errors: this.errors };
  }
}
