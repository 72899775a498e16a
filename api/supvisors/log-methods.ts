/**
 * `supvisors.tail_process_log` (contract/supvisors-logs.ts): the logs of any instance through
 * the node asked. Each node runs a log reader actor (actors/log-reader/) that reads its own
 * supervisord; a call naming another instance asks that instance's reader through the
 * transport, so that the dashboard follows every log of the cluster from the one origin that
 * served it.
 */
import type { ActorRef, ActorSystem } from '../../actors/core/index.js';
import { LOG_READER, logReader, type LogReaderMessage } from '../../actors/log-reader/log-reader.js';
import type { LogPiece } from '../../actors/log-reader/main-log-tail.js';
import { resolveName, type InstanceList } from '../../cluster/instances.js';
import { MAX_TAIL_LENGTH } from '../../contract/supvisors-logs.js';
import { rpcFault } from '../../errors/errors.js';
import type { SupervisorCalls } from '../../supervisor-bridge/bridge-state.js';
import { implement, type Implementation } from '../xmlrpc/method.js';

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
      if (length > MAX_TAIL_LENGTH) throw rpcFault('BAD_ARGUMENTS', `length=${length}: at most ${MAX_TAIL_LENGTH} bytes a call`);
      const [identifier, ...others] = resolveName(context.list, name);
      if (identifier === undefined || others.length > 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
      const reader = context.reader(identifier);
      const piece = await reader.ask<LogPiece>((replyTo) => ({ type: 'tail', namespec, stream, offset, length, replyTo }));
      return { text: piece.text, offset: piece.offset, overflow: piece.overflow };
    }),
  ];
}
