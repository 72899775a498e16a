/**
 * The log reader (one per node, named `log-reader`): reads this node's supervisord logs for
 * `supvisors.tail_process_log` (api/supvisors/log-methods.ts), asked locally or by the other
 * nodes through the transport. A process's stdout / stderr by supervisord's tails; its main log
 * by `readLog` alone (main-log-tail.ts). Each request is answered or failed, never a crash.
 */
import type { ActorFactory, ReplyTo } from '../core/index.js';
import { MAIN_LOG, type LogStream } from '../../contract/supvisors-logs.js';
import { rpcFault, toError } from '../../errors/errors.js';
import type { SupervisorCalls } from '../../supervisor-bridge/bridge-state.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { atCharacterStart, tailMainLog, type LogPiece } from './main-log-tail.js';

export const LOG_READER = 'log-reader';

export type LogReaderMessage = {
  readonly type: 'tail';
  readonly namespec: string;
  readonly stream: LogStream;
  readonly offset: number;
  readonly length: number;
  readonly replyTo: ReplyTo<LogPiece>;
};

/** A supervisord tail answer, [text, offset, overflow], as a LogPiece. */
function pieceOf(answer: XmlRpcValue): LogPiece {
  if (!Array.isArray(answer)) throw rpcFault('FAILED', 'supervisord answered a tail that is not [text, offset, overflow]');
  const [text, offset, overflow] = answer;
  return { text: typeof text === 'string' ? text : '', offset: typeof offset === 'number' ? offset : 0, overflow: overflow === true };
}

/** Reads the local supervisord's logs; each request answered or failed, never a crash of the reader. */
export function logReader(supervisor: SupervisorCalls): ActorFactory<LogReaderMessage> {
  const tail = async ({ namespec, stream, offset, length }: LogReaderMessage): Promise<LogPiece> => {
    if (namespec === MAIN_LOG) {
      if (stream !== 'stdout') throw rpcFault('BAD_ARGUMENTS', `${MAIN_LOG} has one log: stdout`);
      return tailMainLog(async (from, size) => {
        const text = await supervisor.call('supervisor.readLog', [from, size]);
        return typeof text === 'string' ? text : '';
      }, offset, length);
    }
    const method = stream === 'stderr' ? 'supervisor.tailProcessStderrLog' : 'supervisor.tailProcessStdoutLog';
    // past an overflow supervisord reads the last `length` bytes: fewer of them start at the next character
    return pieceOf(await atCharacterStart(async (skip) => supervisor.call(method, [namespec, offset, length - skip])));
  };
  return () => ({
    async receive(message) {
      try {
        message.replyTo.reply(await tail(message));
      } catch (thrown) {
        message.replyTo.fail(toError(thrown));
      }
    },
  });
}
