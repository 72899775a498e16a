import type { ActorRef, ActorSystem } from '../../actors/core/index.js';
import type { NodeFigures } from '../../actors/diagnostics/diagnostics.js';
import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import { readClock } from '../../clock/clock.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { namespecKey, namespecOf } from '../../supervisor/namespec.js';
import { isOwnProcess, type OwnProcess } from '../../supervisor/own-process.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalModel } from '../../supervisor-bridge/model.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import { localProcessInfo } from '../../payloads/local-process-info.js';
import { logLevelParam } from './log-level-param.js';
import { resolveNamespec } from './control-methods.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import { plainToXmlRpc } from '../../xmlrpc/plain-data.js';

export interface LocalMethodsContext {
  system: ActorSystem;
  bridge: ActorRef<BridgeMessage>;
  /** What get_api_version answers (supvisorsctl needs its own version, exactly). */
  apiVersion: string;
  log: Logger;
  /** The cluster model: start_args knows the process there before asking the local supervisord, as Supvisors does. */
  clusterModel: () => Promise<ClusterModel>;
  /** The node's figures beside its actors (`peers`: transport.links(), `eventLoop`), as the diagnostics actor adds them. */
  nodeFigures?: NodeFigures;
  /** The event publisher's figures (subscribers, sent, dropped), shown as `events`; undefined without a publisher. */
  events?: () => Promise<unknown>;
  /**
   * The diagnostics of the node named (identifier or nick), asked through the transport;
   * undefined when the name is this node. Throws BAD_NAME for an unknown name.
   */
  remoteDiagnostics?: (name: string, peek: number) => Promise<unknown>;
  /**
   * The bridges of every RUNNING instance (this one included), for update_numprocs, enable and
   * disable called with our `everywhere` argument. Default: this node's only.
   */
  bridges?: () => readonly ActorRef<BridgeMessage>[];
  /**
   * This runtime as one of supervisord's processes (its `[eventlistener:x]`), left out of the
   * local process info as it is of the cluster's model; undefined when not started by supervisord.
   */
  ownProcess?: OwnProcess;
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
export function localMethods(context: LocalMethodsContext): Implementation[] {
  /**
   * A change made on this instance only, as Supvisors 0.19 does, or with our `everywhere`
   * argument on every RUNNING instance at once. There, an instance that does not know the program
   * (BAD_NAME) is left out; the first other fault wins; when all fail, the first fault is the answer.
   */
  const onInstances = async (everywhere: XmlRpcValue | undefined, change: (bridge: ActorRef<BridgeMessage>) => Promise<boolean>): Promise<boolean> => {
    if (everywhere !== true) return change(context.bridge);
    const running = context.bridges?.() ?? [];
    const results = await Promise.allSettled((running.length > 0 ? running : [context.bridge]).map(change));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [toError(result.reason)] : []));
    if (failures.length === results.length && failures[0] !== undefined) throw failures[0];
    const other = failures.find((failure) => !(isSupvisorsError(failure) && failure.fault === 'BAD_NAME'));
    if (other !== undefined) throw other;
    return true;
  };

  const model = (): Promise<LocalModel> => context.bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }));
  /** This runtime's own listener is shown nowhere, as Python Supvisors (inside supervisord) has none. */
  const shown = (process: LocalProcess | undefined): process is LocalProcess => process !== undefined && !isOwnProcess(process, context.ownProcess);
  const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
  const bool = (value: XmlRpcValue | undefined): boolean => value === true;
  /** The runtime's own program is no program of Supvisors: enable, disable and update_numprocs do not know it. */
  const notOwnProgram = async (program: string): Promise<void> => {
    const own = context.ownProcess;
    if (own === undefined) return;
    if ((await model()).get(namespecOf(own.group, own.name))?.programName === program) throw rpcFault('BAD_NAME', `program=${program} unknown to Supvisors`);
  };

  return [
    implement('supvisors.get_api_version', () => context.apiVersion),
    implement('supvisors.get_all_local_process_info', async () => {
      const clock = readClock();
      return [...(await model()).values()].filter(shown).sort(byGroupThenName).map((process) => localProcessInfo(process, clock));
    }),
    implement('supvisors.get_local_process_info', async ([namespec]) => {
      const spec = str(namespec);
      const process = (await model()).get(namespecKey(spec));
      if (!shown(process)) throw rpcFault('BAD_NAME', spec);
      return localProcessInfo(process, readClock());
    }),
    implement('supvisors.start_args', async ([namespec, extraArgs, wait]) => {
      resolveNamespec(await context.clusterModel(), str(namespec));
      return context.bridge.ask<boolean>(
        (replyTo) => ({ type: 'start-args', namespec: str(namespec), extraArgs: str(extraArgs), wait: bool(wait), replyTo }),
        DEFERRED_TIMEOUT_MS,
      );
    }),
    implement('supvisors.change_log_level', ([level]) => {
      const parsed = logLevelParam(level ?? '');
      context.log.setLevel(parsed);
      context.log.info(`log level set to ${parsed}`);
      return true;
    }),
    ...(['enable', 'disable'] as const).map((verb) =>
      implement(`supvisors.${verb}`, async ([program, wait, everywhere]) => {
        await notOwnProgram(str(program));
        return onInstances(everywhere, (bridge) =>
          bridge.ask<boolean>((replyTo) => ({ type: 'set-disabled', program: str(program), disabled: verb === 'disable', wait: bool(wait), replyTo }), DEFERRED_TIMEOUT_MS),
        );
      }),
    ),
    implement('supvisors.update_numprocs', async ([program, numprocs, wait, lazy, everywhere]) => {
      await notOwnProgram(str(program));
      const count = pythonInt(numprocs ?? '', str(program));
      return onInstances(everywhere, (bridge) =>
        bridge.ask<boolean>((replyTo) => ({ type: 'update-numprocs', program: str(program), numprocs: count, wait: bool(wait), lazy: bool(lazy), replyTo }), DEFERRED_TIMEOUT_MS),
      );
    }),
    implement('supvisors.get_actor_diagnostics', async ([peek, identifier]) => {
      const name = str(identifier);
      if (name !== '' && context.remoteDiagnostics !== undefined) {
        const remote = await context.remoteDiagnostics(name, peek);
        if (remote !== undefined) return plainToXmlRpc(remote);
      }
      return plainToXmlRpc({
        ...context.system.diagnostics({ peek }),
        ...context.nodeFigures?.(),
        ...(context.events === undefined ? {} : { events: await context.events() }),
      });
    }),
  ];
}
