import type { Clock } from '../clock/clock.js';
import type { SupervisorConfigInfo, SupervisorProcessInfo } from './records.js';
import type { SupervisorEvent } from './events.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';

/**
 * The bridge's model of one process of the local supervisord: Supervisor's own fields plus what
 * Supvisors adds (monotonic times, extra arguments, program and index, disability, log
 * channels, and whether an exit was expected — which Supervisor's getProcessInfo does not say,
 * Supervisor issue #763). Pure data; the functions below build and update it.
 */
export interface LocalProcess {
  readonly name: string;
  readonly group: string;
  readonly state: ProcessState;
  /** Epoch seconds of the last start / stop, 0 if never. */
  readonly start: number;
  readonly stop: number;
  readonly startMonotonic: number;
  readonly stopMonotonic: number;
  /** Monotonic time of the last change seen. */
  readonly changedMonotonic: number;
  readonly pid: number;
  readonly exitstatus: number;
  /** For EXITED: the exit status is in exitcodes; otherwise: no spawn error. */
  readonly expected: boolean;
  readonly spawnerr: string;
  readonly extraArgs: string;
  readonly programName: string;
  readonly processIndex: number;
  readonly disabled: boolean;
  readonly command: string;
  readonly autostart: boolean;
  /** Its program's `autorestart`, from the configuration file (supervisord's XML-RPC does not say). */
  readonly autorestart: Autorestart;
  readonly exitcodes: readonly number[];
  readonly startsecs: number;
  readonly stopwaitsecs: number;
  readonly hasStdout: boolean;
  readonly hasStderr: boolean;
}

/** Supervisor's `autorestart`: never, always, or when the exit code is not in `exitcodes`. */
export type Autorestart = 'false' | 'true' | 'unexpected';

/** Supervisor's default `autorestart`, for a process no program section explains. */
export const DEFAULT_AUTORESTART: Autorestart = 'unexpected';

/** Which program a process comes from, its index there, and what the program says of restarts. */
export interface ProgramRef {
  readonly programName: string;
  readonly processIndex: number;
  readonly autorestart: Autorestart;
}

/**
 * An EXITED process that supervisord spawns again by itself (its `autorestart`): supervisord does
 * it in its next loop, so EXITED is not where such a process stays.
 */
export function respawns(process: Pick<LocalProcess, 'state' | 'autorestart' | 'expected'>): boolean {
  return process.state === 'EXITED' && (process.autorestart === 'true' || (process.autorestart === 'unexpected' && !process.expected));
}

/** A process as supervisord reports it, with what the bridge knows besides. */
export function fromSupervisor(
  info: SupervisorProcessInfo,
  config: SupervisorConfigInfo | undefined,
  program: ProgramRef,
  extras: { extraArgs: string; disabled: boolean },
  clock: Clock,
): LocalProcess {
  // Supervisor gives epoch seconds; monotonic equivalents are derived from the offset to now.
  const toMonotonic = (epoch: number): number => (epoch === 0 ? 0 : clock.monotonic - (info.now - epoch));
  const exitcodes = config?.exitcodes ?? [0];
  return {
    name: info.name,
    group: info.group,
    state: info.state,
    start: info.start,
    stop: info.stop,
    startMonotonic: toMonotonic(info.start),
    stopMonotonic: toMonotonic(info.stop),
    changedMonotonic: clock.monotonic,
    pid: info.pid,
    exitstatus: info.exitstatus,
    expected: info.state === 'EXITED' ? exitcodes.includes(info.exitstatus) : info.spawnerr === '',
    spawnerr: info.spawnerr,
    extraArgs: extras.extraArgs,
    programName: program.programName,
    processIndex: program.processIndex,
    disabled: extras.disabled,
    command: config?.command ?? '',
    autostart: config?.autostart ?? false,
    autorestart: program.autorestart,
    exitcodes,
    startsecs: config?.startsecs ?? 1,
    stopwaitsecs: config?.stopwaitsecs ?? 10,
    hasStdout: config === undefined || config.stdoutLogfile !== 'none',
    hasStderr: config === undefined || (!config.redirectStderr && config.stderrLogfile !== 'none'),
  };
}

/** The process after a PROCESS_STATE event, the way supervisord itself moved it. */
export function applyStateEvent(
  process: LocalProcess,
  event: Extract<SupervisorEvent, { kind: 'process-state' }>,
  clock: Clock,
): LocalProcess {
  const epoch = Math.floor(clock.epoch);
  const changed = { state: event.state, changedMonotonic: clock.monotonic };
  switch (event.state) {
    case 'STARTING':
      // supervisord's spawn() forgets the last exit status and spawn error.
      return { ...process, ...changed, start: epoch, startMonotonic: clock.monotonic, pid: 0, exitstatus: 0, spawnerr: '', expected: true };
    case 'RUNNING':
      return { ...process, ...changed, pid: event.pid ?? process.pid, spawnerr: '', expected: true };
    case 'BACKOFF':
    case 'FATAL':
      return { ...process, ...changed, pid: 0, expected: false };
    case 'STOPPING':
      return { ...process, ...changed };
    case 'EXITED':
      return { ...process, ...changed, pid: 0, stop: epoch, stopMonotonic: clock.monotonic, expected: event.expected ?? false };
    case 'STOPPED':
      return { ...process, ...changed, pid: 0, stop: epoch, stopMonotonic: clock.monotonic, expected: true };
    case 'UNKNOWN':
      return { ...process, ...changed };
  }
}

/** States whose event says less than supervisord knows: the exit status, the spawn error, the stop time. */
export const DETAILED_STATES: readonly ProcessState[] = ['BACKOFF', 'FATAL', 'EXITED', 'STOPPED'];

/**
 * The process completed from supervisord's record, read while it is in the same state: exit
 * status, spawn error (e.g. `Bad exit code 3`) and supervisord's own start and stop times.
 * Monotonic times stamped from events are finer than whole epoch seconds, so they are kept
 * unless supervisord's time is another moment (e.g. no stop stamped for a spawn error).
 */
export function withDetails(process: LocalProcess, info: SupervisorProcessInfo, clock: Clock): LocalProcess {
  const monotonic = (epoch: number, ourEpoch: number, ourMonotonic: number): number =>
    epoch === 0 ? 0 : Math.abs(epoch - ourEpoch) <= 1 ? ourMonotonic : clock.monotonic - (info.now - epoch);
  return {
    ...process,
    exitstatus: info.exitstatus,
    spawnerr: info.spawnerr,
    start: info.start,
    stop: info.stop,
    startMonotonic: monotonic(info.start, process.start, process.startMonotonic),
    stopMonotonic: monotonic(info.stop, process.stop, process.stopMonotonic),
  };
}

function uptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const clock = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
  return days === 0 ? clock : `${days} day${days === 1 ? '' : 's'}, ${clock}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `strftime('%b %d %I:%M %p')` in local time, as Supervisor prints a stop time. */
function stopTime(epoch: number): string {
  const date = new Date(epoch * 1000);
  const hours = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${MONTHS[date.getMonth()] ?? ''} ${pad(date.getDate())} ${pad(hours)}:${pad(date.getMinutes())} ${date.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** Supervisor's description text (rpcinterface._interpretProcessInfo). */
export function describe(process: LocalProcess, nowEpoch: number): string {
  switch (process.state) {
    case 'RUNNING':
      return `pid ${process.pid}, uptime ${uptime(Math.floor(nowEpoch) - process.start)}`;
    case 'FATAL':
    case 'BACKOFF':
      return process.spawnerr === '' ? `unknown error (try "tail ${process.name}")` : process.spawnerr;
    case 'STOPPED':
    case 'EXITED':
      return process.start === 0 ? 'Not started' : stopTime(process.stop);
    default:
      return '';
  }
}
