import assert from 'node:assert/strict';
import type { Result } from '../../contract/index.js';
import { stateCell } from '../../cli/colors.js';
import {
  applicationRulesTable,
  applicationsTable,
  conflictsTable,
  instancesTable,
  localClock,
  localProcessesTable,
  matchLocalProcesses,
  namedInstances,
  processesTable,
  processRulesTable,
  stateModesTable,
  testStartTable,
  type Table,
} from '../../cli/supvisors-tables.js';
import { formatTable } from '../../cli/table.js';

const lines = (table: Table): string[] => formatTable(table.columns, table.rows);

type LocalProcessInfo = Result<'supvisors.get_all_local_process_info'>[number];

const stateModes: Result<'supvisors.get_supvisors_state'> = {
  identifier: 'svhost:60000',
  nick_identifier: 'nick1',
  now_monotonic: 12.5,
  fsm_statecode: 3,
  fsm_statename: 'OPERATION',
  degraded_mode: false,
  discovery_mode: false,
  master_identifier: 'svhost:60000',
  instance_states: { 'svhost:60000': 'RUNNING' },
  starting_jobs: [],
  stopping_jobs: [],
};

function local(group: string, name: string, extra: Partial<LocalProcessInfo> = {}): LocalProcessInfo {
  return {
    name,
    group,
    state: 20,
    statename: 'RUNNING',
    start: 0,
    stop: 0,
    now: 0,
    pid: 1234,
    description: '',
    spawnerr: '',
    expected: true,
    start_monotonic: 0,
    stop_monotonic: 0,
    now_monotonic: 0,
    extra_args: '',
    startsecs: 0,
    stopwaitsecs: 10,
    process_index: 0,
    program_name: name,
    disabled: false,
    has_stdout: true,
    has_stderr: false,
    ...extra,
  };
}

describe("cli/supvisors-tables: Python supvisorsctl's status tables", () => {
  it("sstate: the spec's observed line (jobs as lists)", () => {
    assert.deepEqual(lines(stateModesTable([stateModes])), [
      'Nickname  Supvisors identifier  State           Degraded  Discovery  Master        Starting  Stopping',
      'nick1     svhost:60000          OPERATION       False     False      svhost:60000  []        []',
    ]);
  });

  it('sstate all: jobs as booleans; rows named by identifier or nick', () => {
    const other = { ...stateModes, identifier: 'other:60000', nick_identifier: 'nick2', starting_jobs: true, stopping_jobs: false };
    const named = namedInstances([{ ...stateModes, starting_jobs: false, stopping_jobs: false }, other], ['nick2'], false);
    assert.deepEqual(lines(stateModesTable(named)), [
      'Nickname  Supvisors identifier  State           Degraded  Discovery  Master        Starting  Stopping',
      'nick2     other:60000           OPERATION       False     False      svhost:60000  True      False',
    ]);
    assert.equal(namedInstances([other], [], true).length, 1);
    assert.equal(namedInstances([other], ['other:60000'], false).length, 1);
  });

  it('instance_status: load in %, local time of the last heartbeat, error / ok', () => {
    const time = new Date(2026, 0, 2, 9, 5, 7).getTime() / 1000;
    assert.equal(localClock(time), '09:05:07');
    const info: Result<'supvisors.get_all_instances_info'>[number] = {
      identifier: 'svhost:60000',
      nick_identifier: 'nick1',
      node_name: 'svhost',
      port: 60000,
      statecode: 3,
      statename: 'RUNNING',
      loading: 35,
      process_failure: true,
      remote_sequence_counter: 42,
      remote_time: time,
      remote_mtime: 1,
      local_sequence_counter: 40,
      local_time: time,
      local_mtime: 1,
    };
    assert.deepEqual(lines(instancesTable([info, { ...info, process_failure: false }])), [
      'Nickname  Supvisors identifier  Host    Port   State      Load  Time      Counter  Processes',
      'nick1     svhost:60000          svhost  60000  RUNNING    35%   09:05:07  42       error',
      'nick1     svhost:60000          svhost  60000  RUNNING    35%   09:05:07  42       ok',
    ]);
  });

  it('application_info and application_rules (unmanaged: False then n/a)', () => {
    assert.deepEqual(
      lines(
        applicationsTable([{ application_name: 'web', managed: true, now_monotonic: 1, statecode: 2, statename: 'RUNNING', major_failure: false, minor_failure: true }]),
      ),
      ['Application  State     Major  Minor', 'web          RUNNING   False  True'],
    );
    assert.deepEqual(
      lines(
        applicationRulesTable([
          {
            application_name: 'web',
            managed: true,
            distribution: 'ALL_INSTANCES',
            identifiers: ['*'],
            start_sequence: 1,
            stop_sequence: 2,
            starting_strategy: 'CONFIG',
            starting_failure_strategy: 'ABORT',
            running_failure_strategy: 'CONTINUE',
            status_formula: '',
          },
          { application_name: 'misc', managed: false },
        ]),
      ),
      [
        'Application  Managed  Distribution     Supervisor  Start  Stop   Starting          Starting_Failure  Running_Failure',
        "web          True     ALL_INSTANCES    ['*']       1      2      CONFIG            ABORT             CONTINUE",
        'misc         False    n/a              n/a         n/a    n/a    n/a               n/a               n/a',
      ],
    );
  });

  it('sstatus: Expected only for EXITED; process_rules; conflicts; test_start', () => {
    const info: Result<'supvisors.get_all_process_info'>[number] = {
      application_name: 'web',
      process_name: 'front',
      now_monotonic: 1,
      statecode: 100,
      statename: 'EXITED',
      expected_exit: false,
      last_event_mtime: 1,
      identifiers: [],
      extra_args: '',
    };
    const running = { ...info, statecode: 20, statename: 'RUNNING' as const, identifiers: ['a:1', 'b:2'] };
    assert.deepEqual(lines(processesTable([info, running])), [
      'Application  Process  State       Expected  Supervisor',
      'web          front    EXITED      False     []',
      "web          front    RUNNING     n/a       ['a:1', 'b:2']",
    ]);
    assert.deepEqual(lines(conflictsTable([running])), ['Application  Process  State       Supervisor', "web          front    RUNNING     ['a:1', 'b:2']"]);
    assert.deepEqual(
      lines(
        processRulesTable([
          {
            application_name: 'web',
            process_name: 'front',
            identifiers: ['*'],
            start_sequence: 1,
            stop_sequence: 1,
            required: true,
            wait_exit: false,
            expected_loading: 5,
            starting_failure_strategy: 'ABORT',
            running_failure_strategy: 'RESTART_PROCESS',
          },
        ]),
      ),
      [
        'Application  Process  Start  Stop   Required    WaitExit    Loading     Strategy              Supervisor',
        "web          front    1      1      True        False       5%          RESTART_PROCESS       ['*']",
      ],
    );
    assert.deepEqual(lines(testStartTable([{ application_name: 'web', process_name: 'front', state: 'FATAL', forced_reason: 'No resource available', running_identifiers: [] }])), [
      'Application  Process  State       Supervisor  Reason',
      'web          front    FATAL       []          No resource available',
    ]);
  });

  it("local_status: Python's filter and the times as HH:MM:SS or 0", () => {
    const now = new Date(2026, 0, 2, 10, 0, 0).getTime() / 1000;
    const infos = [local('web', 'front', { start: now - 61, now, extra_args: '-x 1' }), local('web', 'back', { statename: 'STOPPED', state: 0, pid: 0 }), local('solo', 'solo')];
    assert.deepEqual(
      matchLocalProcesses(infos, ['web:*', 'solo', 'web:front', 'front']).map((info) => `${info.group}:${info.name}`),
      ['web:front', 'web:back', 'solo:solo', 'web:front'],
    );
    assert.deepEqual(lines(localProcessesTable(infos)), [
      'Application  Process  Disabled  State       Start       Now         PID     Extra args',
      'web          front    False     RUNNING     09:58:59    10:00:00    1234    -x 1',
      'web          back     False     STOPPED     0           0           0',
      'solo         solo     False     RUNNING     0           0           1234',
    ]);
  });

  it('colours a state in its fixed width, nothing when not allowed', () => {
    assert.equal(stateCell('RUNNING', 12, false), 'RUNNING');
    assert.equal(stateCell('RUNNING', 12, true), '\x1b[32mRUNNING\x1b[0m     ');
    assert.equal(stateCell('STOPPED', 12, true), 'STOPPED');
    const [, row] = lines(applicationsTable([{ application_name: 'web', managed: true, now_monotonic: 1, statecode: 2, statename: 'RUNNING', major_failure: false, minor_failure: false }], true));
    assert.equal(row, 'web          \x1b[32mRUNNING\x1b[0m   False  False', 'the columns after it keep their place');
  });
});
