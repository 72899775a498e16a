/**
 * `supvisors.tail_process_log` (contract/supvisors-logs.ts): the logs of any instance through
 * the node asked. Each node runs a log reader actor that reads its own supervisord; a call
 * naming another instance asks that instance's reader through the transport, so that the
 * dashboard follows every log of the cluster from the one origin that served it.
 */
import type { ActorFactory, ActorRef, ActorSystem, ReplyTo } from '../../actors/core/index.js';
import { resolveName, type InstanceList } from '../../cluster/instances.js';
import { MAIN_LOG, type LogStream } from '../../contract/supvisors-logs.js';
import { rpcFault, toError } from '../../errors/errors.js';
import type { SupervisorCalls } from '../../supervisor-bridge/bridge-state.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
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

export interface LogMethodsContext {
  readonly system: ActorSystem;
  readonly supervisor: SupervisorCalls;
  readonly list: InstanceList;
  /** The log reader of an instance (this node's own included). */
  readonly reader: (identifier: string) => ActorRef<LogReaderMessage>;
}

/** Spawns this node's log reader (what the other nodes ask) and answers the method. */
export function logMethods(context: LogMethodsContext): Implementation[] {
  context.system.spawn<LogReaderMessage>(LOG_READER, logReader(context.supervisor));
  return [
    implement('supvisors.tail_process_log', async ([name, namespec, stream, offset, length]) => {
      if (stream !== 'stdout' && stream !== 'stderr') throw rpcFault('BAD_ARGUMENTS', `stream=${stream}: stdout or stderr expected`);
      if (offset < 0 || length < 0) throw rpcFault('BAD_ARGUMENTS', `offset=${offset} length=${length}: not negative expected`);
      const [identifier, ...others] = resolveName(context.list, name);
      if (identifier === undefined || others.length > 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
      const reader = context.reader(identifier);
      const piece = await reader.ask<LogPiece>((replyTo) => ({ type: 'tail', namespec, stream, offset, length, replyTo }));
      return { text: piece.text, offset: piece.offset, overflow: piece.overflow };
    }),
  ];
}
