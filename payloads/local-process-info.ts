import type { Clock } from '../clock/clock.js';
import { describe, type LocalProcess } from '../supervisor/local-process.js';
import { XmlRpcDouble, type XmlRpcValue } from '../xmlrpc/values.js';
import { ProcessStates } from '../vocabulary/supervisor-states.js';

/**
 * LocalProcessInfo (spec/xmlrpc.md §5.5, "S5"), in the key order Python Supvisors uses, plus our
 * `exitstatus` (Supervisor's own key). `expected` is exact for EXITED (the exit code against
 * exitcodes, Supervisor #763) and `not spawnerr` otherwise, as in Supvisors.
 */
export function localProcessInfo(process: LocalProcess, clock: Clock): { [key: string]: XmlRpcValue } {
  return {
    name: process.name,
    group: process.group,
    state: ProcessStates[process.state],
    statename: process.state,
    start: process.start,
    stop: process.stop,
    now: Math.floor(clock.epoch),
    pid: process.pid,
    description: describe(process, clock.epoch),
    spawnerr: process.spawnerr,
    expected: process.expected,
    start_monotonic: new XmlRpcDouble(process.startMonotonic),
    stop_monotonic: new XmlRpcDouble(process.stopMonotonic),
    now_monotonic: new XmlRpcDouble(clock.monotonic),
    extra_args: process.extraArgs,
    startsecs: process.startsecs,
    stopwaitsecs: process.stopwaitsecs,
    process_index: process.processIndex,
    program_name: process.programName,
    disabled: process.disabled,
    has_stdout: process.hasStdout,
    has_stderr: process.hasStderr,
    exitstatus: process.exitstatus,
  };
}
