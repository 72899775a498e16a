/**
 * JSON Schemas (TypeBox) of the structured `supervisor.*` results, exactly as Supervisor 4.2's
 * rpcinterface builds them (spec/xmlrpc.md §9). supervisord answers these itself; our runtime
 * forwards them, or builds the same shapes (api/supvisors/supervisor-overrides.ts).
 */
import { Type } from '@sinclair/typebox';
import { type ProcessState, ProcessStates } from '../../vocabulary/supervisor-states.js';

/** Supervisor's `SupervisorStates`. */
export const SupervisorState = Type.Object(
  {
    statecode: Type.Integer({ description: '2 FATAL, 1 RUNNING, 0 RESTARTING, -1 SHUTDOWN' }),
    statename: Type.Union([Type.Literal('FATAL'), Type.Literal('RUNNING'), Type.Literal('RESTARTING'), Type.Literal('SHUTDOWN')]),
  },
  { additionalProperties: false, description: 'The state of supervisord' },
);

/** Supervisor's `ProcessStates` names (spec/xmlrpc.md §3.4). */
export const processStateNames = Object.keys(ProcessStates) as ProcessState[];
const ProcessStateNameSchema = Type.Union(processStateNames.map((name) => Type.Literal(name)));

/**
 * One process as supervisord sees it (getProcessInfo, getAllProcessInfo). Named apart from
 * Supvisors' cluster-wide `ProcessInfo` (schemas/supvisors.ts).
 */
export const SupervisorProcessInfo = Type.Object(
  {
    name: Type.String({ description: 'the process name' }),
    group: Type.String({ description: 'the name of its group' }),
    start: Type.Integer({ description: 'epoch seconds of the last start; 0 if never started' }),
    stop: Type.Integer({ description: 'epoch seconds of the last stop; 0 if never stopped' }),
    now: Type.Integer({ description: 'epoch seconds when the answer was made' }),
    state: Type.Integer({ description: 'process state code: 0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN' }),
    statename: ProcessStateNameSchema,
    spawnerr: Type.String({ description: "the last spawn error; '' if none" }),
    exitstatus: Type.Integer({ description: 'the exit status of the last run; 0 if none' }),
    logfile: Type.String({ description: 'alias of stdout_logfile' }),
    stdout_logfile: Type.String({ description: "the stdout log file; '' if none" }),
    stderr_logfile: Type.String({ description: "the stderr log file; '' if none" }),
    pid: Type.Integer({ description: '0 when not running' }),
    description: Type.String({ description: "e.g. 'pid 11865, uptime 0:00:14', 'Not started', or the spawn error" }),
  },
  { additionalProperties: false, description: 'A process as supervisord sees it' },
);

/**
 * The configuration of one process (getAllConfigInfo; groups flattened). Values XML-RPC cannot
 * carry are strings: `none` for an unset value, `auto` for AUTO.
 */
export const SupervisorConfigInfo = Type.Object(
  {
    autostart: Type.Boolean(),
    directory: Type.String({ description: "the working directory, or 'none'" }),
    uid: Type.Union([Type.Integer(), Type.Literal('none')], { description: "the uid of the user option, or 'none'" }),
    command: Type.String(),
    exitcodes: Type.Array(Type.Integer()),
    group: Type.String(),
    group_prio: Type.Integer(),
    inuse: Type.Boolean({ description: 'the group is active in supervisord (not only in the configuration)' }),
    killasgroup: Type.Boolean(),
    name: Type.String(),
    process_prio: Type.Integer(),
    redirect_stderr: Type.Boolean(),
    startretries: Type.Integer(),
    startsecs: Type.Integer(),
    stdout_capture_maxbytes: Type.Integer(),
    stdout_events_enabled: Type.Boolean(),
    stdout_logfile: Type.String({ description: "a path, 'auto' or 'none'" }),
    stdout_logfile_backups: Type.Integer(),
    stdout_logfile_maxbytes: Type.Integer(),
    stdout_syslog: Type.Boolean(),
    stopsignal: Type.Integer({ description: 'the signal number' }),
    stopwaitsecs: Type.Integer(),
    stderr_capture_maxbytes: Type.Integer(),
    stderr_events_enabled: Type.Boolean(),
    stderr_logfile: Type.String({ description: "a path, 'auto' or 'none'" }),
    stderr_logfile_backups: Type.Integer(),
    stderr_logfile_maxbytes: Type.Integer(),
    stderr_syslog: Type.Boolean(),
    serverurl: Type.String({ description: "a URL, 'auto' or 'none'" }),
  },
  { additionalProperties: false, description: 'The configuration of a process' },
);

/**
 * The outcome for one process of a group or "all" command (start/stop/signal group or all,
 * clearAllProcessLogs): `status` 80 (SUCCESS) with `OK`, or a fault code with its faultString.
 */
export const SupervisorProcessResult = Type.Object(
  {
    name: Type.String({ description: 'the process name' }),
    group: Type.String({ description: 'the name of its group' }),
    status: Type.Integer({ description: '80 (SUCCESS) or a fault code' }),
    description: Type.String({ description: "'OK' or the faultString" }),
  },
  { additionalProperties: false, description: 'The outcome of a command for one process' },
);

export const SupervisorProcessResults = Type.Array(SupervisorProcessResult);

/** tailProcessStdoutLog / tailProcessStderrLog: `[bytes, offset, overflow]`. */
export const SupervisorTailResult = Type.Tuple(
  [
    Type.String({ description: 'the bytes read' }),
    Type.Integer({ description: 'the offset to ask next: the log size' }),
    Type.Boolean({ description: 'the log grew beyond offset + length: the bytes are its last ones' }),
  ],
  { description: '[bytes, next offset, overflow]' },
);

/** reloadConfig: one element, the names of the groups added, changed and removed. */
export const SupervisorReloadResult = Type.Tuple(
  [
    Type.Tuple([
      Type.Array(Type.String(), { description: 'groups added' }),
      Type.Array(Type.String(), { description: 'groups changed' }),
      Type.Array(Type.String(), { description: 'groups removed' }),
    ]),
  ],
  { description: '[[added, changed, removed]]' },
);
