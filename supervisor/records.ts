import { isStruct, type XmlRpcValue } from '../xmlrpc/values.js';
import { SupvisorsError } from '../errors/errors.js';
import { type ProcessState, stateName } from '../vocabulary/supervisor-states.js';

/** A refusal, as the XML-RPC fault it would be: `text` is the faultString (`NAME: detail`). */
export interface BatchFault {
  readonly code: number;
  readonly text: string;
}

/**
 * supervisord's XML-RPC records (getProcessInfo, getAllConfigInfo of Supervisor 4.2), narrowed
 * from untyped XML-RPC values at the boundary: a record that lacks a field is an error naming it.
 */
export interface SupervisorProcessInfo {
  name: string;
  group: string;
  state: ProcessState;
  start: number;
  stop: number;
  now: number;
  pid: number;
  exitstatus: number;
  spawnerr: string;
}

export interface SupervisorConfigInfo {
  name: string;
  group: string;
  command: string;
  autostart: boolean;
  exitcodes: number[];
  startsecs: number;
  stopwaitsecs: number;
  stdoutLogfile: string;
  stderrLogfile: string;
  redirectStderr: boolean;
}

type Struct = { [key: string]: XmlRpcValue };

function asStruct(value: XmlRpcValue, what: string): Struct {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || Buffer.isBuffer(value)) {
    throw new SupvisorsError('RPC_FAULT', `supervisord sent a ${what} that is not a struct`);
  }
  return value as Struct;
}

function field<T>(record: Struct, key: string, what: string, check: (value: XmlRpcValue) => value is XmlRpcValue & T): T {
  const value = record[key];
  if (value === undefined || !check(value)) {
    throw new SupvisorsError('RPC_FAULT', `supervisord sent a ${what} without a valid '${key}': ${JSON.stringify(value)}`);
  }
  return value;
}

const isString = (value: XmlRpcValue): value is string => typeof value === 'string';
const isNumber = (value: XmlRpcValue): value is number => typeof value === 'number';
const isBoolean = (value: XmlRpcValue): value is boolean => typeof value === 'boolean';
const isNumberList = (value: XmlRpcValue): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');

export function toProcessInfo(value: XmlRpcValue): SupervisorProcessInfo {
  const what = 'process info';
  const record = asStruct(value, what);
  return {
    name: field(record, 'name', what, isString),
    group: field(record, 'group', what, isString),
    state: stateName(field(record, 'state', what, isNumber)),
    start: field(record, 'start', what, isNumber),
    stop: field(record, 'stop', what, isNumber),
    now: field(record, 'now', what, isNumber),
    pid: field(record, 'pid', what, isNumber),
    exitstatus: field(record, 'exitstatus', what, isNumber),
    spawnerr: field(record, 'spawnerr', what, isString),
  };
}

export function toConfigInfo(value: XmlRpcValue): SupervisorConfigInfo {
  const what = 'config info';
  const record = asStruct(value, what);
  return {
    name: field(record, 'name', what, isString),
    group: field(record, 'group', what, isString),
    command: field(record, 'command', what, isString),
    autostart: field(record, 'autostart', what, isBoolean),
    exitcodes: field(record, 'exitcodes', what, isNumberList),
    startsecs: field(record, 'startsecs', what, isNumber),
    stopwaitsecs: field(record, 'stopwaitsecs', what, isNumber),
    stdoutLogfile: field(record, 'stdout_logfile', what, isString),
    stderrLogfile: field(record, 'stderr_logfile', what, isString),
    redirectStderr: field(record, 'redirect_stderr', what, isBoolean),
  };
}

export function toList<T>(value: XmlRpcValue, convert: (item: XmlRpcValue) => T, what: string): T[] {
  if (!Array.isArray(value)) throw new SupvisorsError('RPC_FAULT', `supervisord sent ${what} that is not an array`);
  return value.map(convert);
}

/**
 * The faults of a system.multicall answer, one entry per call (undefined: the call returned).
 * Supervisor 4.2 appends each call's value as it is (its docstring's one-item array is not what
 * it sends) and each fault, deferred or not, as a `{faultCode, faultString}` struct.
 */
export function toMulticallFaults(value: XmlRpcValue, calls: number): (BatchFault | undefined)[] {
  const results = toList(value, (result) => result, 'a multicall answer');
  if (results.length !== calls) throw new SupvisorsError('RPC_FAULT', `supervisord answered a multicall of ${calls} calls with ${results.length} results`);
  return results.map((result) => {
    if (!isStruct(result)) return undefined;
    const { faultCode, faultString } = result;
    return typeof faultCode === 'number' && typeof faultString === 'string' ? { code: faultCode, text: faultString } : undefined;
  });
}
