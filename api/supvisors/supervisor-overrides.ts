import { constants } from 'node:os';
import type { ActorRef } from '../../actors/core/index.js';
import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import { Faults } from '../../errors/faults.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalModel } from '../../supervisor-bridge/model.js';
import type { SupervisorCalls } from '../../supervisor-bridge/bridge-state.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import { namespecKey, namespecOf } from '../../supervisor/namespec.js';
import { inGroupOrder } from '../../supervisor/group-order.js';

/** Starts sent to supervisord at once by a group or "all" start with a disabled member: each holds a connection while it waits. */
const PARALLEL_STARTS = 16;

/** The states in which Supervisor's stopAllProcesses stops and signalAllProcesses signals a process. */
const STOPPABLE = new Set(['STARTING', 'RUNNING', 'BACKOFF']);
const SIGNALLABLE = new Set(['STARTING', 'RUNNING', 'STOPPING']);

/**
 * Supervisor's "all" action (stopAllProcesses, signalAllProcesses), except on this runtime: it is
 * one of supervisord's processes here (Python Supvisors lives inside supervisord), and
 * `supervisorctl stop all` or `signal HUP all` must not take the node out of the cluster and
 * leave the caller without an answer. Same result shape: one entry per process acted upon.
 */
async function allButThisRuntime(supervisor: SupervisorCalls, states: ReadonlySet<string>, act: (namespec: string) => Promise<XmlRpcValue>): Promise<XmlRpcValue[]> {
  const infos = await supervisor.call('supervisor.getAllProcessInfo');
  const text = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
  const targets = (Array.isArray(infos) ? infos : []).filter(isStruct).filter((info) => info.pid !== process.pid && states.has(text(info.statename)));
  return Promise.all(
    targets.map(async (info): Promise<XmlRpcValue> => {
      const entry = { name: text(info.name), group: text(info.group) };
      try {
        await act(`${entry.group}:${entry.name}`);
        return { ...entry, status: Faults.SUCCESS, description: 'OK' };
      } catch (thrown) {
        if (!isSupvisorsError(thrown)) throw thrown;
        return { ...entry, status: thrown.faultCode, description: thrown.faultString };
      }
    }),
  );
}

/** Supervisor's signal_number: a number, or a name with or without its SIG prefix, any case. */
function isSignal(text: string): boolean {
  if (/^\d+$/.test(text)) return true;
  const name = text.toUpperCase();
  return Object.hasOwn(constants.signals, name.startsWith('SIG') ? name : `SIG${name}`);
}

async function signalAllButThisRuntime(supervisor: SupervisorCalls, signal: string): Promise<XmlRpcValue> {
  // Supervisor checks the signal once, before acting on any process.
  if (!isSignal(signal)) throw rpcFault('BAD_SIGNAL', signal);
  return allButThisRuntime(supervisor, SIGNALLABLE, (namespec) => supervisor.call('supervisor.signalProcess', [namespec, signal]));
}

export interface OverridesOptions {
  /** The programs of a `[group:g]` section in the order of its `programs` option; [] for another group. */
  groupPrograms?: (group: string) => readonly string[];
}

/** A group's processes in the order supervisord's startProcessGroup takes them, priorities read from supervisord. */
async function supervisordOrder(supervisor: SupervisorCalls, group: string, processes: readonly LocalProcess[], programs: readonly string[]): Promise<LocalProcess[]> {
  const configs = await supervisor.call('supervisor.getAllConfigInfo');
  const priorities = new Map<string, number>();
  for (const config of (Array.isArray(configs) ? configs : []).filter(isStruct)) {
    const { name, process_prio: priority } = config;
    if (config['group'] === group && typeof name === 'string' && typeof priority === 'number') priorities.set(name, priority);
  }
  return inGroupOrder(processes, priorities, programs);
}

/**
 * Supvisors' patch of Supervisor's start methods (spec/xmlrpc.md §9): a process of a disabled
 * program is refused with DISABLED (103); group and "all" starts report it in their result
 * arrays. Everything else goes to supervisord unchanged.
 */
export function supervisorOverrides(bridge: ActorRef<BridgeMessage>, supervisor: SupervisorCalls, options: OverridesOptions = {}): Implementation[] {
  const model = (): Promise<LocalModel> => bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const keyOf = (process: LocalProcess): string => namespecOf(process.group, process.name);

  /** One start, in the result format of startProcessGroup; ALREADY_STARTED leaves it out, as Supervisor does. */
  const startOne = async (process: LocalProcess, wait: boolean): Promise<XmlRpcValue[]> => {
    const entry = { name: process.name, group: process.group };
    if (process.disabled) return [{ ...entry, status: Faults.DISABLED, description: `DISABLED: ${keyOf(process)}` }];
    try {
      await supervisor.call('supervisor.startProcess', [`${process.group}:${process.name}`, wait]);
      return [{ ...entry, status: Faults.SUCCESS, description: 'OK' }];
    } catch (thrown) {
      if (isSupvisorsError(thrown) && thrown.fault === 'ALREADY_STARTED') return [];
      const error = toError(thrown);
      return [
        {
          ...entry,
          status: isSupvisorsError(thrown) ? thrown.faultCode : Faults.FAILED,
          description: isSupvisorsError(thrown) ? thrown.faultString : error.message,
        },
      ];
    }
  };

  /**
   * Starts some processes, disabled ones refused, one entry per process in the order given.
   * The starts run together (up to PARALLEL_STARTS at a time), as supervisord spawns a group's
   * processes before it waits for any.
   */
  const startEach = async (processes: readonly LocalProcess[], wait: boolean): Promise<XmlRpcValue> => {
    const outcomes: XmlRpcValue[][] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < processes.length; index = next++) {
        const process = processes[index];
        if (process !== undefined) outcomes[index] = await startOne(process, wait);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_STARTS, processes.length) }, worker));
    return outcomes.flat();
  };

  return [
    implement('supervisor.startProcess', async ([name, wait]) => {
      const spec = typeof name === 'string' ? name : '';
      const process = (await model()).get(namespecKey(spec));
      if (process?.disabled === true) throw rpcFault('DISABLED', spec);
      return supervisor.call('supervisor.startProcess', [spec, wait === true]);
    }),
    implement('supervisor.startProcessGroup', async ([name, wait]) => {
      const group = typeof name === 'string' ? name : '';
      const processes = [...(await model()).values()].filter((process) => process.group === group);
      if (!processes.some((process) => process.disabled)) return supervisor.call('supervisor.startProcessGroup', [group, wait === true]);
      return startEach(await supervisordOrder(supervisor, group, processes, options.groupPrograms?.(group) ?? []), wait === true);
    }),
    implement('supervisor.startAllProcesses', async ([wait]) => {
      const processes = [...(await model()).values()];
      if (!processes.some((process) => process.disabled)) return supervisor.call('supervisor.startAllProcesses', [wait === true]);
      return startEach(processes, wait === true);
    }),
    implement('supervisor.stopAllProcesses', ([wait]) => allButThisRuntime(supervisor, STOPPABLE, (namespec) => supervisor.call('supervisor.stopProcess', [namespec, wait]))),
    implement('supervisor.signalAllProcesses', ([signal]) => signalAllButThisRuntime(supervisor, signal)),
  ];
}
