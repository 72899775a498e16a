/**
 * supvisorsctl (docs/cli.md): the command line read as supervisorctl's (cli/options.ts), one
 * command run and its exit code returned, or the interactive shell (cli/shell.ts).
 *
 * A command line goes as supervisorctl's onecmd: `help [topic]`, `exit` / `quit`, a command of
 * the registry (cli/commands/index.ts), else `*** Unknown syntax: <line>` (exit 1). A Supvisors
 * command (`upcheck: true`) first checks the node's API version (cli/upcheck.ts). An error
 * escaping a command is told as supervisorctl tells it: refused connection exit 4, HTTP 401
 * `Server requires authentication` exit 1, anything else `error: ...` exit 1.
 *
 * Ctrl-C while a command runs aborts its context's signal: the command stops waiting and says
 * that the operation goes on at the server. A second Ctrl-C during the same command ends
 * supvisorsctl at once with exit status 130.
 */
import { homedir } from 'node:os';
import { SupvisorsClient } from '../client/index.js';
import type { Command, CommandContext } from './command.js';
import { commands as registry } from './commands/index.js';
import { clientFetcher, Completer } from './completion.js';
import { readSupervisorctlSection, type SupervisorctlSection } from './config-file.js';
import { ExitCodes, type ExitCode } from './exit-codes.js';
import { Interrupts } from './interrupts.js';
import { helpIndex, helpLines, noHelp, topicHelp } from './help.js';
import { parseCommandLine, resolveSettings, usageText, type Settings } from './options.js';
import { colorAllowed, StreamOutput } from './output.js';
import { runShell } from './shell.js';
import { describeFailure, upcheck } from './upcheck.js';
import { packageVersion } from './version.js';

export const PROGNAME = 'supvisorsctl';
/** The exit status after a second Ctrl-C (128 + SIGINT, as a shell reports it). */
export const EXIT_INTERRUPTED = 130;

type Input = NodeJS.ReadableStream & { readonly isTTY?: boolean };
type Output = NodeJS.WritableStream & { readonly isTTY?: boolean };

export interface MainIo {
  readonly stdin: Input;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Ends the process at once (second Ctrl-C). */
  readonly exit: (code: number) => void;
  /** Where SIGINT comes from when it is a signal (not a key read by the shell's readline). */
  readonly signals: NodeJS.EventEmitter;
}

export interface MainOptions {
  /** The commands (default: the registry, cli/commands/index.ts); tests inject their own. */
  readonly commands?: readonly Command[];
  readonly io?: Partial<MainIo>;
}

function defaultIo(): MainIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), exit: (code) => process.exit(code), signals: process };
}

/** What one command line did: its exit code, and whether it asked to leave the shell. */
export interface LineOutcome {
  readonly code: ExitCode;
  readonly quit: boolean;
}

/** The connection to the node and the dispatch of command lines, for single-command mode and the shell. */
export class Session {
  private main: SupvisorsClient | undefined;

  constructor(
    readonly settings: Settings,
    readonly commands: readonly Command[],
    private readonly io: MainIo,
  ) {}

  /** A client of `url` with the session's credentials and timeouts. */
  connect(url: string): SupvisorsClient {
    const { username, password, timeoutMs } = this.settings;
    return new SupvisorsClient({
      url,
      ...(username === undefined ? {} : { username, password: password ?? '' }),
      ...(timeoutMs === undefined ? {} : { timeoutMs, blockingTimeoutMs: timeoutMs }),
    });
  }

  get client(): SupvisorsClient {
    this.main ??= this.connect(this.settings.serverurl);
    return this.main;
  }

  completer(): Completer {
    return new Completer(this.commands, clientFetcher(this.client));
  }

  /** One command line, as words: the arguments (single-command mode) or a line split (shell). */
  async run(words: readonly string[], signal: AbortSignal): Promise<LineOutcome> {
    const streams = { stdout: this.io.stdout, stderr: this.io.stderr };
    const out = new StreamOutput(streams, this.settings.json, colorAllowed(streams, this.io.env, this.settings.json));
    try {
      return await this.dispatch(words, out, signal);
    } finally {
      out.finish();
    }
  }

  close(): void {
    this.main?.close();
    this.main = undefined;
  }

  private async dispatch(words: readonly string[], out: StreamOutput, signal: AbortSignal): Promise<LineOutcome> {
    const line = words.join(' ').trim();
    if (line === '') return { code: ExitCodes.SUCCESS, quit: false };
    // cmd.Cmd: `?` is `help`.
    const [name = '', ...args] = line.startsWith('?') ? ['help', ...splitWords(line.slice(1))] : words;
    if (name === 'help') return { code: this.help(args, out), quit: false };
    if (name === 'exit' || name === 'quit' || name === 'EOF') {
      out.line('');
      return { code: ExitCodes.SUCCESS, quit: true };
    }
    const command = this.commands.find((candidate) => candidate.name === name);
    if (command === undefined) {
      out.error(`*** Unknown syntax: ${line}`);
      return { code: ExitCodes.GENERIC, quit: false };
    }
    return { code: await this.runCommand(command, args, out, signal), quit: false };
  }

  private async runCommand(command: Command, args: readonly string[], out: StreamOutput, signal: AbortSignal): Promise<ExitCode> {
    const { serverurl } = this.settings;
    const others: SupvisorsClient[] = [];
    const context: CommandContext = {
      client: this.client,
      connect: (url) => {
        const other = this.connect(url);
        others.push(other);
        return other;
      },
      out,
      signal,
    };
    try {
      if (command.upcheck) {
        const failure = await upcheck(this.client, serverurl, signal);
        if (failure !== undefined) {
          out.error(failure.message);
          return failure.code;
        }
      }
      return await command.run(context, args);
    } catch (error) {
      const failure = describeFailure(error, serverurl);
      out.error(failure.message);
      return failure.code;
    } finally {
      for (const other of others) other.close();
    }
  }

  private help(args: readonly string[], out: StreamOutput): ExitCode {
    const [topic] = args;
    if (topic === undefined) {
      const index = helpIndex(this.commands);
      if (out.json) out.document({ default_commands: index.default, supvisors_commands: index.supvisors });
      else for (const text of helpLines(index)) out.line(text);
      return ExitCodes.SUCCESS;
    }
    const lines = topicHelp(topic, this.commands);
    if (out.json) {
      if (lines === undefined) out.error(noHelp(topic));
      else out.document({ topic, usage: lines[0] ?? '', help: lines.slice(1) });
    } else {
      for (const text of lines ?? [noHelp(topic)]) out.line(text);
    }
    return ExitCodes.SUCCESS;
  }
}

export function splitWords(line: string): string[] {
  return line.split(/\s+/).filter((word) => word !== '');
}

/** supervisorctl's usage error: `Error: <problem>` and where the help is, on stderr; exit 2. */
function usageError(io: MainIo, problem: string): ExitCode {
  io.stderr.write(`Error: ${problem}\nFor help, use ${PROGNAME} -h\n`);
  return ExitCodes.INVALID_ARGS;
}

/** One command with Ctrl-C wired to its signal (first: abort; second: exit 130). */
async function runSingle(session: Session, io: MainIo, words: readonly string[]): Promise<LineOutcome> {
  const interrupts = new Interrupts();
  const onSignal = (): void => {
    if (interrupts.interrupt() !== 'aborted') io.exit(EXIT_INTERRUPTED);
  };
  io.signals.on('SIGINT', onSignal);
  try {
    return await session.run(words, interrupts.begin());
  } finally {
    interrupts.end();
    io.signals.off('SIGINT', onSignal);
  }
}

/** Runs supvisorsctl with `argv` (the arguments after the program); resolves to the exit status. */
export async function runMain(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io: MainIo = { ...defaultIo(), ...options.io };
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) return usageError(io, parsed.problem);
  const line = parsed.value;
  if (line.help) {
    io.stdout.write(usageText(PROGNAME));
    return ExitCodes.SUCCESS;
  }
  if (line.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCodes.SUCCESS;
  }
  let section: SupervisorctlSection | undefined;
  if (line.configFile !== undefined) {
    const read = readSupervisorctlSection(line.configFile, { env: io.env, cwd: io.cwd, home: homedir() });
    if (!read.ok) return usageError(io, read.problem);
    section = read.value;
  }
  const settings = resolveSettings(line, section);
  if (!settings.ok) return usageError(io, settings.problem);
  const session = new Session(settings.value, options.commands ?? registry, io);
  try {
    if (!settings.value.interactive) return (await runSingle(session, io, settings.value.args)).code;
    // The shell starts with the command given (-i CMD), else with `status` as supervisorctl's does.
    const hasStatus = session.commands.some((command) => command.name === 'status');
    const first = settings.value.args.length > 0 ? [settings.value.args.join(' ')] : hasStatus ? ['status'] : [];
    await runShell({
      prompt: settings.value.prompt,
      ...(settings.value.historyFile === undefined ? {} : { historyFile: settings.value.historyFile }),
      input: io.stdin,
      output: io.stdout,
      signals: io.signals,
      completer: session.completer(),
      first,
      run: (text, signal) => session.run(splitWords(text), signal),
      exit: () => io.exit(EXIT_INTERRUPTED),
    });
    // Interactive mode always exits 0, as supervisorctl's.
    return ExitCodes.SUCCESS;
  } finally {
    session.close();
  }
}
