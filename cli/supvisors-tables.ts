/**
 * The tables of supvisorsctl's Supvisors status commands (spec/cli.md §3.1), exactly as Python's
 * supvisorsctl lays them out: the columns (fixed or `'var'` widths) and each row's cells as
 * Python's str() renders the values (cli/table.ts pythonText). Pure: the commands fetch, these
 * format, `out.table` prints.
 */
import type { Result } from '../contract/index.js';
import { splitNamespec } from '../supervisor/namespec.js';
import { stateCell } from './colors.js';
import { clockText } from './clock-text.js';
import type { Column } from './command.js';
import { pythonText } from './table.js';

export interface Table {
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
}

type StateModes = Result<'supvisors.get_supvisors_state'> | Result<'supvisors.get_all_instances_state_modes'>[number];
type InstanceInfo = Result<'supvisors.get_all_instances_info'>[number];
type ApplicationInfo = Result<'supvisors.get_all_applications_info'>[number];
type ApplicationRules = Result<'supvisors.get_application_rules'>;
type ProcessInfo = Result<'supvisors.get_all_process_info'>[number];
type LocalProcessInfo = Result<'supvisors.get_all_local_process_info'>[number];
type ProcessRules = Result<'supvisors.get_process_rules'>[number];
type TestStartEntry = Result<'supvisors.test_start_process'>[number];

const PROCESS_EXITED = 100;

const column = (title: string, width: number | 'var'): Column => ({ title, width });

/** Python's simple_localtime: `HH:MM:SS` of epoch seconds, local time. */
export function localClock(epochSeconds: number): string {
  return clockText(new Date(epochSeconds * 1000));
}

/** `sstate` (one row, jobs as lists) and `sstate all` (jobs as booleans): the same table. */
export function stateModesTable(states: readonly StateModes[], color = false): Table {
  return {
    columns: [
      column('Nickname', 'var'),
      column('Supvisors identifier', 'var'),
      column('State', 16),
      column('Degraded', 10),
      column('Discovery', 11),
      column('Master', 'var'),
      column('Starting', 'var'),
      column('Stopping', 'var'),
    ],
    rows: states.map((state) => [
      state.nick_identifier,
      state.identifier,
      stateCell(state.fsm_statename, 16, color),
      pythonText(state.degraded_mode),
      pythonText(state.discovery_mode),
      state.master_identifier,
      pythonText(state.starting_jobs),
      pythonText(state.stopping_jobs),
    ]),
  };
}

/** The items named by their identifier or nick (all for "all"). */
export function namedInstances<T extends { identifier: string; nick_identifier: string }>(items: readonly T[], args: readonly string[], all: boolean): T[] {
  return items.filter((item) => all || args.includes(item.identifier) || args.includes(item.nick_identifier));
}

export function instancesTable(infos: readonly InstanceInfo[], color = false): Table {
  return {
    columns: [
      column('Nickname', 'var'),
      column('Supvisors identifier', 'var'),
      column('Host', 'var'),
      column('Port', 7),
      column('State', 11),
      column('Load', 6),
      column('Time', 10),
      column('Counter', 9),
      column('Processes', 11),
    ],
    rows: infos.map((info) => [
      info.nick_identifier,
      info.identifier,
      info.node_name,
      pythonText(info.port),
      stateCell(info.statename, 11, color),
      `${info.loading}%`,
      localClock(info.local_time),
      pythonText(info.remote_sequence_counter),
      info.process_failure ? 'error' : 'ok',
    ]),
  };
}

export function applicationsTable(infos: readonly ApplicationInfo[], color = false): Table {
  return {
    columns: [column('Application', 'var'), column('State', 10), column('Major', 7), column('Minor', 7)],
    rows: infos.map((info) => [info.application_name, stateCell(info.statename, 10, color), pythonText(info.major_failure), pythonText(info.minor_failure)]),
  };
}

export function applicationRulesTable(rules: readonly ApplicationRules[]): Table {
  return {
    columns: [
      column('Application', 'var'),
      column('Managed', 9),
      column('Distribution', 17),
      column('Supervisor', 'var'),
      column('Start', 7),
      column('Stop', 7),
      column('Starting', 18),
      column('Starting_Failure', 18),
      column('Running_Failure', 'var'),
    ],
    rows: rules.map((rule) =>
      rule.managed
        ? [
            rule.application_name,
            'True',
            rule.distribution,
            pythonText(rule.identifiers),
            pythonText(rule.start_sequence),
            pythonText(rule.stop_sequence),
            rule.starting_strategy,
            rule.starting_failure_strategy,
            rule.running_failure_strategy,
          ]
        : [rule.application_name, 'False', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'],
    ),
  };
}

export function processesTable(infos: readonly ProcessInfo[], color = false): Table {
  return {
    columns: [column('Application', 'var'), column('Process', 'var'), column('State', 12), column('Expected', 10), column('Supervisor', 'var')],
    rows: infos.map((info) => [
      info.application_name,
      info.process_name,
      stateCell(info.statename, 12, color),
      info.statecode === PROCESS_EXITED ? pythonText(info.expected_exit) : 'n/a',
      pythonText(info.identifiers),
    ]),
  };
}

/**
 * local_status's filter, Python's: per argument in order, `g:p` the process, `g:*` (or `g:`) the
 * group, a bare `x` the process x of group x; a process named twice is listed twice.
 */
export function matchLocalProcesses(infos: readonly LocalProcessInfo[], args: readonly string[]): LocalProcessInfo[] {
  return args.flatMap((arg) => {
    const { application, process } = splitNamespec(arg);
    return infos.filter((info) => info.group === application && (process === undefined || info.name === process));
  });
}

export function localProcessesTable(infos: readonly LocalProcessInfo[], color = false): Table {
  const clock = (seconds: number): string => (seconds === 0 ? '0' : localClock(seconds));
  return {
    columns: [
      column('Application', 'var'),
      column('Process', 'var'),
      column('Disabled', 10),
      column('State', 12),
      column('Start', 12),
      column('Now', 12),
      column('PID', 8),
      column('Extra args', 'var'),
    ],
    rows: infos.map((info) => [
      info.group,
      info.name,
      pythonText(info.disabled),
      stateCell(info.statename, 12, color),
      clock(info.start),
      clock(info.now),
      pythonText(info.pid),
      info.extra_args,
    ]),
  };
}

export function processRulesTable(rules: readonly ProcessRules[]): Table {
  return {
    columns: [
      column('Application', 'var'),
      column('Process', 'var'),
      column('Start', 7),
      column('Stop', 7),
      column('Required', 12),
      column('WaitExit', 12),
      column('Loading', 12),
      column('Strategy', 22),
      column('Supervisor', 'var'),
    ],
    rows: rules.map((rule) => [
      rule.application_name,
      rule.process_name,
      pythonText(rule.start_sequence),
      pythonText(rule.stop_sequence),
      pythonText(rule.required),
      pythonText(rule.wait_exit),
      `${rule.expected_loading}%`,
      rule.running_failure_strategy,
      pythonText(rule.identifiers),
    ]),
  };
}

export function conflictsTable(conflicts: readonly ProcessInfo[], color = false): Table {
  return {
    columns: [column('Application', 'var'), column('Process', 'var'), column('State', 12), column('Supervisor', 'var')],
    rows: conflicts.map((info) => [info.application_name, info.process_name, stateCell(info.statename, 12, color), pythonText(info.identifiers)]),
  };
}

/** test_start_application / test_start_process. */
export function testStartTable(entries: readonly TestStartEntry[], color = false): Table {
  return {
    columns: [column('Application', 'var'), column('Process', 'var'), column('State', 12), column('Supervisor', 'var'), column('Reason', 'var')],
    rows: entries.map((entry) => [entry.application_name, entry.process_name, stateCell(entry.state, 12, color), pythonText(entry.running_identifiers), entry.forced_reason]),
  };
}
