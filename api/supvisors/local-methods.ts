import { PEEK_DEFAULT, type ActorRef, type ActorSystem } from '../../actors/core/index.js';
import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import { readClock } from '../../supervisor-bridge/clock.js';
import { namespec as toNamespec, type LocalProcess } from '../../supervisor-bridge/local-process.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalModel } from '../../supervisor-bridge/model.js';
import type { XmlRpcMethod } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import { localProcessInfo } from '../../payloads/local-process-info.js';
import { logLevelParam } from './log-level-param.js';
import { plainToXmlRpc } from './plain-data.js';

export interface LocalMethodsContext {
  system: ActorSystem;
  bridge: ActorRef<BridgeMessage>;
  /** What get_api_version answers (supvisorsctl needs its own version, exactly). */
  apiVersion: string;
  log: Logger;
  /** The peer links (transport.links()), shown as `peers` in get_actor_diagnostics. */
  peers?: () => unknown;
  /** The event publisher's figures (subscribers, sent, dropped), shown as `events`; undefined without a publisher. */
  events?: () => Promise<unknown>;
  /**
   * The diagnostics of the node named (identifier or nick), asked through the transport;
   * undefined when the name is this node. Throws BAD_NAME for an unknown name.
   */
  remoteDiagnostics?: (name: string, peek: number) => Promise<unknown>;
  /**
   * The bridges of every RUNNING instance (this one included): update_numprocs, enable and
   * disable act on all of them. Default: this node's only.
   */
  bridges?: () => readonly ActorRef<BridgeMessage>[];
}

/** How long a deferred answer (wait=true) may take before the call fails: Supervisor's own waits are shorter. */
const DEFERRED_TIMEOUT_MS = 10 * 60 * 1000;

/** Python's int() of an XML-RPC value, as update_numprocs converts numprocs. */
function pythonInt(value: XmlRpcValue, program: string): number {
  const raw = value instanceof XmlRpcDouble ? value.value : value;
  const number = typeof raw === 'number' ? Math.trunc(raw) : typeof raw === 'string' && /^\s*[-+]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(number)) throw rpcFault('INCORRECT_PARAMETERS', `program=${program} incorrect numprocs=${JSON.stringify(raw)} - integer > 0 expected`);
  return number;
}

const byGroupThenName = (a: LocalProcess, b: LocalProcess): number =>
  a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1;

/**
 * The node-local `supvisors.*` methods (spec/xmlrpc.md §7), answered from the Supervisor bridge,
 * and our own `supvisors.get_actor_diagnostics`.
 */
export function localMethods(context: LocalMethodsContext): XmlRpcMethod[] {
  /**
   * A change made on every RUNNING instance at once. An instance that does not know the program
   * (BAD_NAME) is left out; the first other fault wins; when all fail, the first fault is the answer.
   */
  const everywhere = async (change: (bridge: ActorRef<BridgeMessage>) => Promise<boolean>): Promise<boolean> => {
    const running = context.bridges?.() ?? [];
    const results = await Promise.allSettled((running.length > 0 ? running : [context.bridge]).map(change));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [toError(result.reason)] : []));
    if (failures.length === results.length && failures[0] !== undefined) throw failures[0];
    const other = failures.find((failure) => !(isSupvisorsError(failure) && failure.fault === 'BAD_NAME'));
    if (other !== undefined) throw other;
    return true;
  };

  const model = (): Promise<LocalModel> => context.bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
  const bool = (value: XmlRpcValue | undefined): boolean => value === true;

  return [
    {
      name: 'supvisors.get_api_version',
      params: [],
      signature: ['str'],
      help: 'Return the version of the Supvisors API (configurable with api_version).\n@return str',
      call: () => context.apiVersion,
    },
    {
      name: 'supvisors.get_all_local_process_info',
      params: [],
      signature: ['list[dict[str, Any]]'],
      help: 'Get information about all processes of the local Supervisor, in lexical order.\n@return list[dict[str, Any]]',
      call: async () => {
        const clock = readClock();
        return [...(await model()).values()].sort(byGroupThenName).map((process) => localProcessInfo(process, clock));
      },
    },
    {
      name: 'supvisors.get_local_process_info',
      params: [{ name: 'namespec', type: 'string' }],
      signature: ['dict[str, Any]', 'str'],
      help: 'Get information about one process of the local Supervisor.\n@param str namespec\n@return dict[str, Any]',
      call: async ([namespec]) => {
        const spec = str(namespec);
        const colon = spec.indexOf(':');
        const key = colon < 0 ? spec : toNamespec(spec.slice(0, colon), spec.slice(colon + 1));
        const process = (await model()).get(key);
        if (process === undefined) throw rpcFault('BAD_NAME', spec);
        return localProcessInfo(process, readClock());
      },
    },
    {
      name: 'supvisors.start_args',
      params: [
        { name: 'namespec', type: 'string' },
        { name: 'extra_args', type: 'string' },
        { name: 'wait', type: 'boolean', default: true },
      ],
      signature: ['bool', 'str', 'str', 'bool'],
      help:
        'Start a local process with extra arguments appended to its command (the program must use the supvisors-args shim).\n' +
        '@param str namespec\n@param str extra_args\n@param bool wait\n@return bool',
      call: ([namespec, extraArgs, wait]) =>
        context.bridge.ask<boolean>(
          (replyTo) => ({ type: 'start-args', namespec: str(namespec), extraArgs: str(extraArgs), wait: bool(wait), replyTo }),
          DEFERRED_TIMEOUT_MS,
        ),
    },
    {
      name: 'supvisors.change_log_level',
      params: [{ name: 'level_param', type: 'any' }],
      signature: ['bool', 'Union[str, int]'],
      help: 'Change the log level of supvisorsd.\n@param Union[str, int] level_param\n@return bool',
      call: ([level]) => {
        const parsed = logLevelParam(level ?? '');
        context.log.setLevel(parsed);
        context.log.info(`log level set to ${parsed}`);
        return true;
      },
    },
    ...(['enable', 'disable'] as const).map(
      (verb): XmlRpcMethod => ({
        name: `supvisors.${verb}`,
        params: [
          { name: 'program_name', type: 'string' },
          { name: 'wait', type: 'boolean', default: true },
        ],
        signature: ['bool', 'str', 'bool'],
        help:
          `${verb === 'enable' ? 'Enable' : 'Disable'} the processes of a program on this node (persisted in disabilities_file).\n` +
          '@param str program_name\n@param bool wait\n@return bool',
        call: ([program, wait]) =>
          everywhere((bridge) =>
            bridge.ask<boolean>((replyTo) => ({ type: 'set-disabled', program: str(program), disabled: verb === 'disable', wait: bool(wait), replyTo }), DEFERRED_TIMEOUT_MS),
          ),
      }),
    ),
    {
      name: 'supvisors.update_numprocs',
      params: [
        { name: 'program_name', type: 'string' },
        { name: 'numprocs', type: 'any' },
        { name: 'wait', type: 'boolean', default: true },
        { name: 'lazy', type: 'boolean', default: false },
      ],
      signature: ['bool', 'str', 'int', 'bool', 'bool'],
      help:
        "Change the number of processes of a program on this node, up to the numprocs of its section.\n" +
        '@param str program_name\n@param int numprocs\n@param bool wait\n@param bool lazy\n@return bool',
      call: ([program, numprocs, wait, lazy]) => {
        const count = pythonInt(numprocs ?? '', str(program));
        return everywhere((bridge) =>
          bridge.ask<boolean>((replyTo) => ({ type: 'update-numprocs', program: str(program), numprocs: count, wait: bool(wait), lazy: bool(lazy), replyTo }), DEFERRED_TIMEOUT_MS),
        );
      },
    },
    {
      name: 'supvisors.get_actor_diagnostics',
      params: [
        { name: 'peek', type: 'int', default: PEEK_DEFAULT },
        { name: 'identifier', type: 'string', default: '' },
      ],
      signature: ['dict[str, Any]', 'int', 'str'],
      help:
        'Not in Python Supvisors: the actor diagnostics of a node (mailbox metrics, queued messages, dead letters).\n' +
        '@param int peek: number of queued messages shown per actor\n' +
        '@param str identifier: the node (identifier or nick); this node when empty\n@return dict[str, Any]',
      call: async ([peek, identifier]) => {
        const count = typeof peek === 'number' ? peek : PEEK_DEFAULT;
        const name = str(identifier);
        if (name !== '' && context.remoteDiagnostics !== undefined) {
          const remote = await context.remoteDiagnostics(name, count);
          if (remote !== undefined) return plainToXmlRpc(remote);
        }
        return plainToXmlRpc({
          ...context.system.diagnostics({ peek: count }),
          ...(context.peers === undefined ? {} : { peers: context.peers() }),
          ...(context.events === undefined ? {} : { events: await context.events() }),
        });
      },
    },
  ];
}
