import type { ActorRef } from '../../actors/core/index.js';
import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import { Faults } from '../../errors/faults.js';
import { namespec, type LocalProcess } from '../../supervisor-bridge/local-process.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalModel } from '../../supervisor-bridge/model.js';
import type { SupervisorCalls } from '../../supervisor-bridge/bridge-state.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

/** The states Supervisor's stopAllProcesses stops. */
const STOPPABLE = new Set(['STARTING', 'RUNNING', 'BACKOFF']);

/**
 * Supervisor's stopAllProcesses, except for this runtime: it is one of supervisord's processes
 * here (Python Supvisors lives inside supervisord), and `supervisorctl stop all` must not take
 * the node out of the cluster and leave the caller without an answer. Same result shape.
 */
async function stopAllButThisRuntime(supervisor: SupervisorCalls, wait: boolean): Promise<XmlRpcValue> {
  const infos = await supervisor.call('supervisor.getAllProcessInfo');
  const text = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
  const targets = (Array.isArray(infos) ? infos : []).filter(isStruct).filter((info) => info.pid !== process.pid && STOPPABLE.has(text(info.statename)));
  return Promise.all(
    targets.map(async (info): Promise<XmlRpcValue> => {
      const entry = { name: text(info.name), group: text(info.group) };
      try {
        await supervisor.call('supervisor.stopProcess', [`${entry.group}:${entry.name}`, wait]);
        return { ...entry, status: Faults.SUCCESS, description: 'OK' };
      } catch (thrown) {
        if (!isSupvisorsError(thrown)) throw thrown;
        return { ...entry, status: thrown.faultCode, description: thrown.faultString };
      }
    }),
  );
}

/**
 * Supvisors' patch of Supervisor's start methods (spec/xmlrpc.md §9): a process of a disabled
 * program is refused with DISABLED (103); group and "all" starts report it in their result
 * arrays. Everything else goes to supervisord unchanged.
 */
export function supervisorOverrides(bridge: ActorRef<BridgeMessage>, supervisor: SupervisorCalls): Implementation[] {
  const model = (): Promise<LocalModel> => bridge.ask<LocalModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const keyOf = (process: LocalProcess): string => namespec(process.group, process.name);

  /** Starts some processes, disabled ones refused, in the result format of startProcessGroup. */
  const startEach = async (processes: LocalProcess[], wait: boolean, whole: () => Promise<XmlRpcValue>): Promise<XmlRpcValue> => {
    if (!processes.some((process) => process.disabled)) return whole();
    const results: XmlRpcValue[] = [];
    for (const process of processes) {
      const key = `${process.group}:${process.name}`;
      const entry = { name: process.name, group: process.group };
      if (process.disabled) {
        results.push({ ...entry, status: Faults.DISABLED, description: `DISABLED: ${keyOf(process)}` });
        continue;
      }
      try {
        await supervisor.call('supervisor.startProcess', [key, wait]);
        results.push({ ...entry, status: Faults.SUCCESS, description: 'OK' });
      } catch (thrown) {
        // Supervisor leaves ALREADY_STARTED processes out of group results.
        if (isSupvisorsError(thrown) && thrown.fault === 'ALREADY_STARTED') continue;
        const error = toError(thrown);
        results.push({
          ...entry,
          status: isSupvisorsError(thrown) ? thrown.faultCode : Faults.FAILED,
          description: isSupvisorsError(thrown) ? thrown.faultString : error.message,
        });
      }
    }
    return results;
  };

  return [
    implement('supervisor.startProcess', async ([name, wait]) => {
      const spec = typeof name === 'string' ? name : '';
      const colon = spec.indexOf(':');
      const process = (await model()).get(colon < 0 ? spec : namespec(spec.slice(0, colon), spec.slice(colon + 1)));
      if (process?.disabled === true) throw rpcFault('DISABLED', spec);
      return supervisor.call('supervisor.startProcess', [spec, wait === true]);
    }),
    implement('supervisor.startProcessGroup', async ([name, wait]) => {
      const group = typeof name === 'string' ? name : '';
      const processes = [...(await model()).values()].filter((process) => process.group === group);
      return startEach(processes, wait === true, () => supervisor.call('supervisor.startProcessGroup', [group, wait === true]));
    }),
    implement('supervisor.startAllProcesses', async ([wait]) =>
      startEach([...(await model()).values()], wait === true, () => supervisor.call('supervisor.startAllProcesses', [wait === true]))),
    implement('supervisor.stopAllProcesses', ([wait]) => stopAllButThisRuntime(supervisor, wait)),
  ];
}
