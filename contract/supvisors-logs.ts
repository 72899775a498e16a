/**
 * Not in Python Supvisors: reading the logs of any instance through the node serving the
 * caller (the dashboard's Logs page follows another instance's log with it: one origin, no
 * CORS). The instance named reads its own supervisord's log (api/supvisors/log-methods.ts).
 */
import { Type } from '@sinclair/typebox';
import type { ContractTable } from './types.js';

/** The `namespec` naming supervisord's own main log. */
export const MAIN_LOG = 'supervisord';
export const logStreamNames = ['stdout', 'stderr'] as const;
export type LogStream = (typeof logStreamNames)[number];

export const LogTail = Type.Object(
  {
    text: Type.String({ description: 'the bytes read' }),
    offset: Type.Integer({ description: 'the offset to ask next: the log size' }),
    overflow: Type.Boolean({ description: 'the text does not follow on from offset: the log grew beyond offset + length (the text is its last length bytes) or was cleared' }),
  },
  { description: 'A piece of a log and where to read next' },
);

/** The most a call reads: a client cannot make a node (or a peer) hold a whole log in memory. */
export const MAX_TAIL_LENGTH = 1024 * 1024;

export const supvisorsLogContracts = {
  'supvisors.tail_process_log': {
    summary: "Not in Python Supvisors: tail a process's stdout / stderr log, or supervisord's main log, on any instance.",
    details:
      'The instance named reads its own supervisord: tailProcessStdoutLog / tailProcessStderrLog for a process, readLog for supervisord. ' +
      'Reads at most length bytes from offset; when the log holds more, overflow is true and the last length bytes are returned. ' +
      'Pass the offset answered to the next call to follow the log.',
    params: [
      { name: 'identifier', type: 'string', help: 'The instance (identifier or nick) whose log is read.' },
      { name: 'namespec', type: 'string', help: `A process (name or group:name), or '${MAIN_LOG}' for supervisord's main log.` },
      { name: 'stream', type: 'string', default: 'stdout', enum: logStreamNames, help: 'The process log: stdout or stderr (the main log has stdout only).' },
      { name: 'offset', type: 'int', default: 0, help: 'The offset to read from (the offset the previous call answered).' },
      { name: 'length', type: 'int', default: 65536, help: `The maximum number of bytes to return (at most ${MAX_TAIL_LENGTH}).` },
    ],
    result: LogTail,
    returns: '{text, offset, overflow}.',
    signature: ['dict[str, Any]', 'str', 'str', 'str', 'int', 'int'],
    faults: ['BAD_NAME', 'BAD_ARGUMENTS', 'NO_FILE', 'FAILED'],
    guard: 'ANY',
    rest: [{ verb: 'GET', path: '/process_log/{identifier}/{namespec}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
} as const satisfies ContractTable;
