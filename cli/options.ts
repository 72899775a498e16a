/**
 * supvisorsctl's command line, read as supervisorctl reads its own (Supervisor 4.2's
 * ClientOptions over Python's getopt), plus our `--json`, `--version` and `--timeout`:
 *
 * - options come first: the first word that is not an option (or `--`) starts the command, so
 *   `supvisorsctl status -h` gives `-h` to `status`;
 * - short options may be grouped and take their value attached or next (`-iuuser`, `-u user`);
 *   long ones as `--name value` or `--name=value`, and any unambiguous prefix of a long name
 *   works (`--server`), as getopt allows;
 * - an option given twice is an error ("conflicting command line option"), as in supervisorctl;
 * - precedence: the command line, then the `[supervisorctl]` section of the `-c` file, then the
 *   defaults (serverurl http://localhost:9001). supervisorctl reads no environment variable for
 *   these (SUPERVISOR_SERVER_URL is what supervisord gives its children, not what it reads).
 *
 * Pure: nothing here reads a file or the environment.
 */
import { accepted, rejected, type Parsed } from '../config/values.js';
import type { SupervisorctlSection } from './config-file.js';

export const DEFAULT_SERVER_URL = 'http://localhost:9001';
/** supervisorctl's is `supervisor`; the prompt is this followed by `> `. */
export const DEFAULT_PROMPT = 'supvisors';

export interface CommandLineOptions {
  readonly configFile?: string;
  readonly serverurl?: string;
  readonly username?: string;
  readonly password?: string;
  readonly historyFile?: string;
  readonly interactive: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  readonly timeoutMs?: number;
  /** The command and its arguments: every word from the first one that is not an option. */
  readonly args: readonly string[];
}

/** What a run uses, once the command line and the configuration file are merged. */
export interface Settings {
  readonly serverurl: string;
  readonly username?: string;
  readonly password?: string;
  /** The whole prompt, e.g. `supvisors> `. */
  readonly prompt: string;
  readonly historyFile?: string;
  /** The shell is started: `-i`, or no command given. */
  readonly interactive: boolean;
  readonly json: boolean;
  readonly timeoutMs?: number;
  readonly args: readonly string[];
}

type ValueKey = 'configFile' | 'serverurl' | 'username' | 'password' | 'historyFile' | 'timeout';
type FlagKey = 'interactive' | 'help' | 'version' | 'json';

type OptionSpec = ({ readonly key: ValueKey; readonly takesValue: true } | { readonly key: FlagKey; readonly takesValue: false }) & {
  readonly short?: string;
  /** Long names; the first is the documented one. */
  readonly long: readonly string[];
};

const optionSpecs: readonly OptionSpec[] = [
  { key: 'configFile', takesValue: true, short: 'c', long: ['configuration'] },
  { key: 'help', takesValue: false, short: 'h', long: ['help'] },
  { key: 'help', takesValue: false, short: '?', long: [] },
  { key: 'interactive', takesValue: false, short: 'i', long: ['interactive'] },
  { key: 'serverurl', takesValue: true, short: 's', long: ['serverurl'] },
  { key: 'username', takesValue: true, short: 'u', long: ['username'] },
  { key: 'password', takesValue: true, short: 'p', long: ['password'] },
  // supervisorctl's own long name is --history_file; its usage text says --history-file.
  { key: 'historyFile', takesValue: true, short: 'r', long: ['history-file', 'history_file'] },
  { key: 'json', takesValue: false, long: ['json'] },
  { key: 'version', takesValue: false, long: ['version'] },
  { key: 'timeout', takesValue: true, long: ['timeout'] },
];

/** One option as getopt returns it: the flag as the user spelled it (`-s`, `--serverurl`) and its value. */
interface Occurrence {
  readonly flag: string;
  readonly spec: OptionSpec;
  readonly value: string | undefined;
}

function findLong(name: string): Parsed<{ spec: OptionSpec; long: string }> {
  const exact = optionSpecs.find((spec) => spec.long.includes(name));
  if (exact !== undefined) return accepted({ spec: exact, long: name });
  const candidates = optionSpecs.flatMap((spec) => spec.long.filter((long) => long.startsWith(name)).map((long) => ({ spec, long })));
  const specs = new Set(candidates.map((candidate) => candidate.spec));
  const [first] = candidates;
  if (first === undefined) return rejected(`option --${name} not recognized`);
  if (specs.size > 1) return rejected(`option --${name} not a unique prefix`);
  return accepted(first);
}

/** Python's getopt.getopt: the options up to the first non-option word, and the words left. */
function getopt(argv: readonly string[]): Parsed<{ occurrences: Occurrence[]; rest: string[] }> {
  const occurrences: Occurrence[] = [];
  let index = 0;
  while (index < argv.length) {
    const word = argv[index] ?? '';
    if (word === '--') {
      index += 1;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    index += 1;
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      const name = equals < 0 ? word.slice(2) : word.slice(2, equals);
      const found = findLong(name);
      if (!found.ok) return found;
      const { spec, long } = found.value;
      let value = equals < 0 ? undefined : word.slice(equals + 1);
      if (spec.takesValue && value === undefined) {
        if (index >= argv.length) return rejected(`option --${long} requires argument`);
        value = argv[index];
        index += 1;
      } else if (!spec.takesValue && value !== undefined) {
        return rejected(`option --${long} must not have an argument`);
      }
      occurrences.push({ flag: `--${long}`, spec, value });
      continue;
    }
    for (let position = 1; position < word.length; position += 1) {
      const letter = word.charAt(position);
      const spec = optionSpecs.find((candidate) => candidate.short === letter);
      if (spec === undefined) return rejected(`option -${letter} not recognized`);
      if (!spec.takesValue) {
        occurrences.push({ flag: `-${letter}`, spec, value: undefined });
        continue;
      }
      let value = word.slice(position + 1);
      if (value === '') {
        if (index >= argv.length) return rejected(`option -${letter} requires argument`);
        value = argv[index] ?? '';
        index += 1;
      }
      occurrences.push({ flag: `-${letter}`, spec, value });
      break;
    }
  }
  return accepted({ occurrences, rest: argv.slice(index) });
}

/** `--timeout SECONDS`: a positive number of seconds. */
function parseTimeout(text: string): Parsed<number> {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) return rejected(`value ${pyRepr(text)} is not a number of seconds > 0`);
  return accepted(Math.round(seconds * 1000));
}

/** Python's repr of a string, as supervisorctl's messages quote values. */
export function pyRepr(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replaceAll("'", "\\'")}'`;
}

/**
 * The command line, or the problem supervisorctl would print after `Error: ` (then exit 2).
 * `-h` wins over what follows it, as supervisorctl prints its help as soon as it meets `-h`.
 */
export function parseCommandLine(argv: readonly string[]): Parsed<CommandLineOptions> {
  const parsed = getopt(argv);
  if (!parsed.ok) return parsed;
  const values: Partial<Record<ValueKey, string>> = {};
  const flags: Partial<Record<FlagKey, boolean>> = {};
  let timeoutMs: number | undefined;
  for (const { flag, spec, value } of parsed.value.occurrences) {
    if (spec.key === 'help') return accepted({ interactive: false, help: true, version: false, json: false, args: [] });
    if (spec.key === 'timeout') {
      const timeout = parseTimeout(value ?? '');
      if (!timeout.ok) return rejected(`invalid value for ${flag} ${pyRepr(value ?? '')}: ${timeout.problem}`);
      timeoutMs = timeout.value;
    }
    const seen = spec.takesValue ? values[spec.key] !== undefined : flags[spec.key] === true;
    if (seen) return rejected(`conflicting command line option ${pyRepr(flag)}`);
    if (spec.takesValue) values[spec.key] = value ?? '';
    else flags[spec.key] = true;
  }
  if (values.serverurl !== undefined) {
    const url = checkServerUrl(values.serverurl);
    if (!url.ok) return rejected(`invalid value for -s ${pyRepr(values.serverurl)}: ${url.problem}`);
  }
  return accepted({
    ...(values.configFile === undefined ? {} : { configFile: values.configFile }),
    ...(values.serverurl === undefined ? {} : { serverurl: values.serverurl }),
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(values.password === undefined ? {} : { password: values.password }),
    ...(values.historyFile === undefined ? {} : { historyFile: values.historyFile }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    interactive: flags.interactive === true,
    help: false,
    version: flags.version === true,
    json: flags.json === true,
    args: parsed.value.rest,
  });
}

/**
 * A serverurl our client can use: `http://host[:port]` or `https://...` (no path besides /RPC2).
 * supervisorctl's `unix://` is refused with a sentence saying so: the client speaks HTTP over TCP
 * only, and supvisorsd listens on a TCP port (its `http_port`).
 */
export function checkServerUrl(url: string): Parsed<string> {
  if (url.startsWith('unix://')) {
    return rejected(`supvisorsctl does not support unix:// server URLs; give the node's http://host:port (supvisorsd's http_port) with -s or in [supervisorctl] serverurl`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return rejected(`value ${pyRepr(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return rejected(`value ${pyRepr(url)} is not an http:// or https:// URL`);
  if (parsed.hostname === '') return rejected(`value ${pyRepr(url)} has no host`);
  if (!['', '/', '/RPC2'].includes(parsed.pathname) || parsed.search !== '') return rejected(`value ${pyRepr(url)} has a path: give http://host:port (XML-RPC is at /RPC2)`);
  return accepted(url);
}

/** The command line over the `[supervisorctl]` section over the defaults; the serverurl checked. */
export function resolveSettings(line: CommandLineOptions, section: SupervisorctlSection | undefined): Parsed<Settings> {
  const serverurl = line.serverurl ?? section?.serverurl ?? DEFAULT_SERVER_URL;
  if (line.serverurl === undefined) {
    const url = checkServerUrl(serverurl);
    if (!url.ok) return rejected(`${section?.file ?? ''}: [supervisorctl] serverurl ${pyRepr(serverurl)}: ${url.problem}`);
  }
  const username = line.username ?? section?.username;
  const password = line.password ?? section?.password;
  const historyFile = line.historyFile ?? section?.historyFile;
  return accepted({
    serverurl,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    prompt: `${section?.prompt ?? DEFAULT_PROMPT}> `,
    ...(historyFile === undefined || historyFile === '' ? {} : { historyFile }),
    interactive: line.interactive || line.args.length === 0,
    json: line.json,
    ...(line.timeoutMs === undefined ? {} : { timeoutMs: line.timeoutMs }),
    args: line.args,
  });
}

/** `supvisorsctl -h`: supervisorctl's usage text, with our options. */
export function usageText(progname: string): string {
  return `${progname} -- control Supvisors and the supervisord of its nodes from the command line.

Usage: ${progname} [options] [action [arguments]]

Options:
-c/--configuration FILENAME -- configuration file path (its [supervisorctl] section:
     serverurl, username, password, prompt, history_file)
-h/--help -- print usage message and exit
-i/--interactive -- start an interactive shell after executing commands
-s/--serverurl URL -- URL on which the Supvisors node (supvisorsd) is listening
     (default "${DEFAULT_SERVER_URL}"); http:// or https://
-u/--username USERNAME -- username to use for authentication with server
-p/--password PASSWORD -- password to use for authentication with server
-r/--history-file FILENAME -- keep a readline history in this file
--json -- each command writes one JSON document instead of text
--timeout SECONDS -- the longest wait for any answer (default: 10 for a call,
     none for a call waiting for a job to end)
--version -- print the version and exit

action [arguments] -- see below

Actions are commands like "sstatus" or "start_application".  If -i is specified
or no action is specified on the command line, a "shell" interpreting actions
typed interactively is started.  Use the action "help" to find out about
available actions.
`;
}
