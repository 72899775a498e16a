/**
 * supervisorctl 4.2's texts and rules (supervisor/supervisorctl.py), apart from any I/O: result
 * lines, the status and avail layouts, argument parsing of tail / maintail, and its exit status,
 * where the last assignment wins. The JSON entries of `--json` are built here too, next to the
 * text they stand for.
 */
import { namespecOf, splitNamespec } from '../supervisor/namespec.js';
import { Faults } from '../errors/faults.js';
import { stateCell } from './colors.js';
import { ExitCodes, type ExitCode } from './exit-codes.js';
import { STOPPED_STATES } from '../vocabulary/supervisor-states.js';
import { byCodePoint } from '../vocabulary/name-order.js';

/** supervisorctl's LSB *status* codes: `status` answers these instead of the init codes. */
export const StatusExitCodes = { NOT_RUNNING: 3, UNKNOWN: 4 } as const satisfies Record<string, ExitCode>;

/** Codes that mean "the program is dead", exit 7 (supervisorctl's DEAD_PROGRAM_FAULTS). */
const DEAD_PROGRAM_FAULTS: readonly number[] = [Faults.SPAWN_ERROR, Faults.ABNORMAL_TERMINATION, Faults.NOT_RUNNING];

/** supervisorctl's `exitstatus`: a command may set it several times, the last one counts. */
export class ExitStatus {
  code: ExitCode = ExitCodes.SUCCESS;

  set(code: ExitCode): void {
    this.code = code;
  }

  /** set_exitstatus_from_xmlrpc_fault: SUCCESS and the ignored code leave it as it is. */
  fromFault(faultCode: number, ignored?: number): void {
    if (faultCode === ignored || faultCode === Faults.SUCCESS) return;
    this.code = DEAD_PROGRAM_FAULTS.includes(faultCode) ? ExitCodes.NOT_RUNNING : ExitCodes.GENERIC;
  }
}

/** One process's outcome in a group or "all" answer (and a single call's fault, made into one). */
export interface ProcessResult {
  readonly name: string;
  readonly group: string;
  readonly status: number;
  readonly description: string;
}

/** A `--json` result entry: `{"name": "web:front", "status": "started"}`, or status `error`. */
export interface ResultEntry {
  readonly name: string;
  readonly status: string;
  readonly fault_code?: number;
  readonly error?: string;
}

export type ResultKind = 'start' | 'stop' | 'signal' | 'clear';

const SUCCESS_WORD: Record<ResultKind, string> = { start: 'started', stop: 'stopped', signal: 'signalled', clear: 'cleared' };

/** The words supervisorctl puts in `ERROR (...)` per fault code, per command. */
const ERROR_WORDS: Record<ResultKind, ReadonlyMap<number, string>> = {
  start: new Map([
    [Faults.BAD_NAME, 'no such process'],
    [Faults.NO_FILE, 'no such file'],
    [Faults.NOT_EXECUTABLE, 'file is not executable'],
    [Faults.ALREADY_STARTED, 'already started'],
    [Faults.SPAWN_ERROR, 'spawn error'],
    [Faults.ABNORMAL_TERMINATION, 'abnormal termination'],
  ]),
  stop: new Map([
    [Faults.BAD_NAME, 'no such process'],
    [Faults.BAD_SIGNAL, 'bad signal name'],
    [Faults.NOT_RUNNING, 'not running'],
  ]),
  signal: new Map([
    [Faults.BAD_NAME, 'no such process'],
    [Faults.BAD_SIGNAL, 'bad signal name'],
    [Faults.NOT_RUNNING, 'not running'],
  ]),
  clear: new Map([
    [Faults.BAD_NAME, 'no such process'],
    [Faults.FAILED, 'failed'],
  ]),
};

/**
 * supervisorctl's _startresult / _stopresult / _signalresult / _clearresult: the text line and
 * the JSON entry of one outcome. Two additions: Supvisors' DISABLED (`ERROR disabled`, its
 * plugin's patch of start), and a code supervisorctl does not expect, which it would crash on,
 * printed as `ERROR (<faultString>)`.
 */
export function processOutcome(kind: ResultKind, result: ProcessResult, name = namespecOf(result.group, result.name)): { line: string; entry: ResultEntry } {
  if (result.status === Faults.SUCCESS) return { line: `${name}: ${SUCCESS_WORD[kind]}`, entry: { name, status: SUCCESS_WORD[kind] } };
  const failed = (line: string, error: string): { line: string; entry: ResultEntry } => ({ line, entry: { name, status: 'error', fault_code: result.status, error } });
  if (kind === 'start' && result.status === Faults.DISABLED) return failed(`${name}: ERROR disabled`, 'disabled');
  // stop and signal print a FAILED result's faultString alone (it names the process itself)
  if ((kind === 'stop' || kind === 'signal') && result.status === Faults.FAILED) return failed(result.description, result.description);
  const word = ERROR_WORDS[kind].get(result.status) ?? result.description;
  return failed(`${name}: ERROR (${word})`, word);
}

/** The fields of a process info the status layout reads. */
export interface StatusInfo {
  readonly name: string;
  readonly group: string;
  readonly statename: string;
  readonly description: string;
}

/**
 * do_status's selection: every info for no name or `all`, else the infos each name designates,
 * in the order of the names (a name given twice shows twice, as in supervisorctl).
 */
export function selectStatus<T extends StatusInfo>(all: readonly T[], names: readonly string[]): { infos: T[]; errors: string[] } {
  if (names.length === 0 || names.includes('all')) return { infos: [...all], errors: [] };
  const infos: T[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const { application: group, process } = splitNamespec(name);
    const matching = all.filter((info) => info.group === group && (process === undefined || info.name === process));
    if (matching.length === 0) errors.push(process === undefined ? `${group}: ERROR (no such group)` : `${name}: ERROR (no such process)`);
    infos.push(...matching);
  }
  return { infos, errors };
}

/** do_status's exit code: 4 for a bad name, then 3 if a shown process is stopped (last wins). */
export function statusExitCode(infos: readonly StatusInfo[], errors: readonly string[]): ExitCode {
  if (infos.some((info) => (STOPPED_STATES as readonly string[]).includes(info.statename))) return StatusExitCodes.NOT_RUNNING;
  return errors.length > 0 ? StatusExitCodes.UNKNOWN : ExitCodes.SUCCESS;
}

/**
 * _show_statuses: the namespec padded to the longest one (at least 30) + 3, the state to 10,
 * then the description. The padding is kept as supervisorctl prints it.
 */
export function statusLines(infos: readonly StatusInfo[], color = false): string[] {
  const namespecs = infos.map((info) => namespecOf(info.group, info.name));
  const width = Math.max(30, ...namespecs.map((namespec) => namespec.length)) + 3;
  return infos.map((info, index) => {
    // stateCell pads only what it colours
    const cell = stateCell(info.statename, 10, color);
    return `${(namespecs[index] ?? '').padEnd(width)}${cell === info.statename ? cell.padEnd(10) : cell}${info.description}`;
  });
}

/** The fields of a config info the avail layout reads. */
export interface AvailInfo {
  readonly name: string;
  readonly group: string;
  readonly inuse: boolean;
  readonly autostart: boolean;
  readonly group_prio: number;
  readonly process_prio: number;
}

/** _formatConfigInfo: `%(name)-32s %(inuse)-9s %(autostart)-9s %(priority)s`. */
export function availLine(info: AvailInfo): string {
  const name = namespecOf(info.group, info.name);
  return `${name.padEnd(32)} ${(info.inuse ? 'in use' : 'avail').padEnd(9)} ${(info.autostart ? 'auto' : 'manual').padEnd(9)} ${info.group_prio}:${info.process_prio}`;
}

/** _formatChanges: one `name: available|changed|disappeared` line per group, sorted, or the no-change line. */
export function changeLines([added, changed, removed]: readonly [readonly string[], readonly string[], readonly string[]]): string[] {
  const changes = new Map<string, string>();
  for (const [names, word] of [
    [added, 'available'],
    [changed, 'changed'],
    [removed, 'disappeared'],
  ] as const) {
    for (const name of names) changes.set(name, word);
  }
  if (changes.size === 0) return ['No config updates to processes'];
  return [...changes.keys()].sort(byCodePoint).map((name) => `${name}: ${changes.get(name) ?? ''}`);
}

/** Python's int() of a command-line word (underscores between digits, spaces around). */
export function pythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[+-]?\d+(_\d+)*$/.test(trimmed) ? Number(trimmed.replaceAll('_', '')) : undefined;
}

/** Python's repr() of a string, as `Error: bad channel %r` prints it. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) body += `\\${char}`;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, '0')}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** How many bytes to show: a count from the end, or `follow` (`-f`). */
export type TailAmount = number | 'follow';

/** The default count of tail and maintail. */
export const TAIL_BYTES = 1600;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly help: boolean };

/** do_tail's parsing: `[-f|-<bytes>] <name> [stdout|stderr]`. Every error exits 1 in supervisorctl. */
export function parseTailArgs(given: readonly string[]): Parsed<{ name: string; channel: 'stdout' | 'stderr'; amount: TailAmount }> {
  if (given.length < 1) return { ok: false, message: 'Error: too few arguments', help: true };
  if (given.length > 3) return { ok: false, message: 'Error: too many arguments', help: true };
  const args = [...given];
  const modifier = args[0]?.startsWith('-') === true ? args.shift() : undefined;
  let name: string;
  let channel: string;
  if (args.length === 1) {
    name = args[0] ?? '';
    channel = 'stdout';
  } else if (args.length > 0) {
    // as supervisorctl: the first word is the name, the last the channel (a middle one is ignored)
    name = args[0] ?? '';
    channel = (args[args.length - 1] ?? '').toLowerCase();
    if (channel !== 'stdout' && channel !== 'stderr') return { ok: false, message: `Error: bad channel ${pythonRepr(channel)}`, help: false };
  } else {
    return { ok: false, message: 'Error: tail requires process name', help: false };
  }
  const amount = modifier === undefined ? TAIL_BYTES : modifierAmount(modifier);
  if (amount === undefined) return { ok: false, message: `Error: bad argument ${modifier ?? ''}`, help: false };
  return { ok: true, value: { name, channel: channel === 'stderr' ? 'stderr' : 'stdout', amount } };
}

/** do_maintail's parsing: `[-f|-<bytes>]`. */
export function parseMaintailArgs(args: readonly string[]): Parsed<TailAmount> {
  if (args.length > 1) return { ok: false, message: 'Error: too many arguments', help: true };
  const word = args[0];
  if (word === undefined) return { ok: true, value: TAIL_BYTES };
  const amount = word.startsWith('-') ? modifierAmount(word) : undefined;
  return amount === undefined ? { ok: false, message: `Error: bad argument ${word}`, help: false } : { ok: true, value: amount };
}

function modifierAmount(modifier: string): TailAmount | undefined {
  const what = modifier.slice(1);
  return what === 'f' ? 'follow' : pythonInt(what);
}

/**
 * The offset readFile is given for "the last `bytes` bytes": `-bytes`, with `0` for 0 (Python's
 * -0 is 0, so `tail -0` reads the whole log) and a negative count giving a positive offset.
 */
export function tailOffset(bytes: number): number {
  return bytes === 0 ? 0 : -bytes;
}
