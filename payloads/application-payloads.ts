/**
 * Payloads of the application and process status methods (spec/xmlrpc.md §5.3 S3, §5.4 S4,
 * §5.6 S6, §5.7 S7, §5.8 S8), built from the cluster model (model/cluster-model.ts) and the
 * application views (model/applications.ts). Pure: plain data in, plain data out.
 *
 * Each builder gives the payload and the keys whose values go out as XML-RPC doubles (Python
 * floats) whatever their value (`doubles`), the way `stateModesDoubles` (state-modes-payloads.ts)
 * and `instanceInfoDoubles` (instance-info.ts) do for S1/S2. Times are monotonic seconds.
 *
 * - S3/S4 keys in the order of the spec tables; S7/S8 in Python's order (the rules' own keys,
 *   then `application_name` / `process_name`, which 0.19 appends with `dict.update`).
 * - S4: the displayed state (a forced state first); `identifiers` = where it runs, in the order
 *   the instances were added; `extra_args` of the first running instance that reported it, else
 *   of the most recent report.
 * - S6: every S5 key (with our `exitstatus`), then `local_mtime`, `event_time`, `uptime`,
 *   `has_crashed`, `identifier`, `nick_identifier`. `now`, `now_monotonic`, `description` and
 *   `uptime` are read on the clock of the reporting instance (passed in).
 */
import type { ApplicationView } from '../model/applications.js';
import type { ProcessRecord, ReportedProcess } from '../model/cluster-model.js';
import { crashedOn, displayedState, uptime } from '../model/process-state.js';
import type { ProgramRules } from '../rules/types.js';
import type { Clock } from '../clock/clock.js';
import { describe } from '../supervisor/local-process.js';
import { type ProcessState, ProcessStates } from '../vocabulary/supervisor-states.js';
import { type ApplicationState, applicationStates } from '../vocabulary/supvisors-states.js';

/** A payload and its keys that are XML-RPC doubles. */
export interface Built<T extends object> {
  readonly payload: T;
  readonly doubles: readonly (keyof T & string)[];
}

// ---------------------------------------------------------------------------------------------
// S3 ApplicationInfo

export interface ApplicationInfoPayload {
  application_name: string;
  managed: boolean;
  now_monotonic: number;
  statecode: number;
  statename: ApplicationState;
  major_failure: boolean;
  minor_failure: boolean;
}

export function applicationInfoPayload(view: ApplicationView, nowMonotonic: number): Built<ApplicationInfoPayload> {
  const { state, majorFailure, minorFailure } = view.evaluation;
  return {
    payload: {
      application_name: view.name,
      managed: view.managed,
      now_monotonic: nowMonotonic,
      statecode: applicationStates.indexOf(state),
      statename: state,
      major_failure: majorFailure,
      minor_failure: minorFailure,
    },
    doubles: ['now_monotonic'],
  };
}

// ---------------------------------------------------------------------------------------------
// S4 ProcessInfo

export interface ProcessInfoPayload {
  application_name: string;
  process_name: string;
  now_monotonic: number;
  statecode: number;
  statename: ProcessState;
  expected_exit: boolean;
  last_event_mtime: number;
  identifiers: string[];
  extra_args: string;
}

/** The extra arguments of a running instance's report, else of the most recent report ('' when none). */
export function extraArgsOf(record: ProcessRecord): string {
  for (const identifier of record.synthesis.runningIdentifiers) {
    const info = record.infos.get(identifier);
    if (info !== undefined) return info.extraArgs;
  }
  let latest: ReportedProcess | undefined;
  for (const info of record.infos.values()) if (latest === undefined || info.localMtime > latest.localMtime) latest = info;
  return latest?.extraArgs ?? '';
}

export function processInfoPayload(record: ProcessRecord, nowMonotonic: number): Built<ProcessInfoPayload> {
  const state = displayedState(record.synthesis);
  return {
    payload: {
      application_name: record.application,
      process_name: record.name,
      now_monotonic: nowMonotonic,
      statecode: ProcessStates[state],
      statename: state,
      expected_exit: record.synthesis.expectedExit,
      last_event_mtime: record.lastEventMtime,
      identifiers: [...record.synthesis.runningIdentifiers],
      extra_args: extraArgsOf(record),
    },
    doubles: ['now_monotonic', 'last_event_mtime'],
  };
}

// ---------------------------------------------------------------------------------------------
// S6 InnerProcessInfo

/** S5 LocalProcessInfo (spec/xmlrpc.md §5.5), plus our `exitstatus`. */
export interface LocalProcessInfoPayload {
  name: string;
  group: string;
  state: number;
  statename: ProcessState;
  start: number;
  stop: number;
  now: number;
  pid: number;
  description: string;
  spawnerr: string;
  expected: boolean;
  start_monotonic: number;
  stop_monotonic: number;
  now_monotonic: number;
  extra_args: string;
  startsecs: number;
  stopwaitsecs: number;
  process_index: number;
  program_name: string;
  disabled: boolean;
  has_stdout: boolean;
  has_stderr: boolean;
  exitstatus: number;
}

/** S6: S5 and what the instance's record adds. */
export interface InnerProcessInfoPayload extends LocalProcessInfoPayload {
  local_mtime: number;
  event_time: number;
  uptime: number;
  has_crashed: boolean;
  identifier: string;
  nick_identifier: string;
}

/**
 * What `identifier` (nick `nick`) reported of a process. `clock` is now on the reporting
 * instance's clocks (the methods derive it from its last heartbeat): `now`, `now_monotonic`, the
 * description's uptime and `uptime` are read on it. `event_time` is the reporter's monotonic time
 * of the last change it reported; `has_crashed` tells whether the last report is a crash.
 */
export function innerProcessInfoPayload(identifier: string, nick: string, info: ReportedProcess, clock: Clock): Built<InnerProcessInfoPayload> {
  const running = info.state === 'RUNNING' || info.state === 'STOPPING';
  return {
    payload: {
      // S5, as payloads/local-process-info.ts builds it
      name: info.name,
      group: info.group,
      state: ProcessStates[info.state],
      statename: info.state,
      start: info.start,
      stop: info.stop,
      now: Math.floor(clock.epoch),
      pid: info.pid,
      description: describe(info, clock.epoch),
      spawnerr: info.spawnerr,
      expected: info.expected,
      start_monotonic: info.startMonotonic,
      stop_monotonic: info.stopMonotonic,
      now_monotonic: clock.monotonic,
      extra_args: info.extraArgs,
      startsecs: info.startsecs,
      stopwaitsecs: info.stopwaitsecs,
      process_index: info.processIndex,
      program_name: info.programName,
      disabled: info.disabled,
      has_stdout: info.hasStdout,
      has_stderr: info.hasStderr,
      exitstatus: info.exitstatus,
      // what Supvisors keeps besides
      local_mtime: info.localMtime,
      event_time: info.changedMonotonic,
      uptime: uptime({ state: info.state, nowMonotonic: clock.monotonic, startMonotonic: info.startMonotonic }),
      has_crashed: crashedOn(info),
      identifier,
      nick_identifier: nick,
    },
    // uptime is a float while RUNNING / STOPPING, the int 0 otherwise (as in Supvisors)
    doubles: ['start_monotonic', 'stop_monotonic', 'now_monotonic', 'local_mtime', 'event_time', ...(running ? (['uptime'] as const) : [])],
  };
}

// ---------------------------------------------------------------------------------------------
// S7 ApplicationRules

export interface ManagedApplicationRulesPayload {
  managed: true;
  distribution: string;
  identifiers: string[];
  start_sequence: number;
  stop_sequence: number;
  starting_strategy: string;
  starting_failure_strategy: string;
  running_failure_strategy: string;
  status_formula: string;
  application_name: string;
}

export type ApplicationRulesPayload = ManagedApplicationRulesPayload | { managed: false; application_name: string };

/**
 * An unmanaged application (no rules, or rules refused) gives exactly `{managed: false,
 * application_name}`. An application `#` must already be resolved in `view.rules`
 * (rules/resolve.ts resolveApplicationHash): its identifiers are then the chosen one, or none.
 */
export function applicationRulesPayload(view: ApplicationView): Built<ApplicationRulesPayload> {
  const { rules } = view;
  if (!view.managed) return { payload: { managed: false, application_name: view.name }, doubles: [] };
  return {
    payload: {
      managed: true,
      distribution: rules.distribution,
      identifiers: [...rules.identifiers],
      start_sequence: rules.startSequence,
      stop_sequence: rules.stopSequence,
      starting_strategy: rules.startingStrategy,
      starting_failure_strategy: rules.startingFailureStrategy,
      running_failure_strategy: rules.runningFailureStrategy,
      status_formula: rules.statusFormulaText,
      application_name: view.name,
    },
    doubles: [],
  };
}

// ---------------------------------------------------------------------------------------------
// S8 ProcessRules

export interface ProcessRulesPayload {
  identifiers: string[];
  start_sequence: number;
  stop_sequence: number;
  required: boolean;
  wait_exit: boolean;
  expected_loading: number;
  starting_failure_strategy: string;
  running_failure_strategy: string;
  application_name: string;
  process_name: string;
}

/**
 * `rules` as model/applications.ts gives them (`required` off outside the start sequence).
 * Identifiers are the names as written after alias expansion; `[]` while a `@` / `#` sign is
 * unresolved.
 */
export function processRulesPayload(application: string, process: string, rules: ProgramRules): Built<ProcessRulesPayload> {
  return {
    payload: {
      identifiers: [...rules.identifiers],
      start_sequence: rules.startSequence,
      stop_sequence: rules.stopSequence,
      required: rules.required,
      wait_exit: rules.waitExit,
      expected_loading: rules.expectedLoading,
      starting_failure_strategy: rules.startingFailureStrategy,
      running_failure_strategy: rules.runningFailureStrategy,
      application_name: application,
      process_name: process,
    },
    doubles: [],
  };
}
