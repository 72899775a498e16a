import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import { Faults } from '../../errors/faults.js';
import type { Logger } from '../../log/logger.js';
import { helpText } from '../../contract/help.js';
import type { MethodContract } from '../../contract/types.js';
import type { SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { implement, type Implementation } from './method.js';
import { SUPERVISOR_PREFIX } from './supervisor-namespace.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

/**
 * What the system.* methods read of the table they belong to (method-table.ts): declared here
 * so that the table imports its system methods and not the other way round.
 */
export interface MethodCatalog {
  readonly supervisor: SupervisorClient | undefined;
  names(): string[];
  own(name: string): MethodContract | undefined;
  forwardTarget(name: string): SupervisorClient | undefined;
  invoke(name: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue>;
}

async function listMethods(table: MethodCatalog): Promise<string[]> {
  const names = new Set(table.names());
  if (table.supervisor !== undefined) {
    const listed = await table.supervisor.call('system.listMethods');
    if (!Array.isArray(listed)) throw rpcFault('FAILED', `supervisord at ${table.supervisor.address} answered system.listMethods with no array`);
    for (const name of listed) if (typeof name === 'string' && name.startsWith(SUPERVISOR_PREFIX)) names.add(name);
  }
  // Code point order, as Python's sort: upper case before lower case.
  return [...names].sort();
}

/** methodHelp and methodSignature: ours from the table, supervisord's asked to it. */
async function introspect(
  table: MethodCatalog,
  how: 'system.methodHelp' | 'system.methodSignature',
  name: string,
  pick: (contract: MethodContract) => XmlRpcValue | undefined,
): Promise<XmlRpcValue> {
  const contract = table.own(name);
  const answer = contract === undefined ? undefined : pick(contract);
  if (answer !== undefined) return answer;
  const supervisor = table.forwardTarget(name);
  if (supervisor === undefined) throw rpcFault('SIGNATURE_UNSUPPORTED');
  return supervisor.call(how, [name]);
}

function subCall(call: XmlRpcValue): { methodName: string; params: XmlRpcValue[] } {
  if (!isStruct(call)) throw rpcFault('INCORRECT_PARAMETERS');
  const methodName: XmlRpcValue | undefined = call.methodName;
  const params: XmlRpcValue | undefined = call.params ?? [];
  if (methodName === undefined) throw rpcFault('INCORRECT_PARAMETERS', 'No methodName');
  if (methodName === 'system.multicall') throw rpcFault('INCORRECT_PARAMETERS', 'Recursive system.multicall forbidden');
  if (typeof methodName !== 'string') throw rpcFault('UNKNOWN_METHOD');
  if (!Array.isArray(params)) throw rpcFault('INCORRECT_PARAMETERS');
  return { methodName, params };
}

/**
 * Supervisor's multicall (spec/xmlrpc.md §1.3): each result is the raw value (not wrapped in a
 * one-element array) or a fault struct; calls run one after the other, so a deferred result
 * holds back the calls after it.
 */
async function multicall(table: MethodCatalog, calls: XmlRpcValue[], log: Logger): Promise<XmlRpcValue[]> {
  const results: XmlRpcValue[] = [];
  for (const call of calls) {
    try {
      const { methodName, params } = subCall(call);
      results.push(await table.invoke(methodName, params));
    } catch (thrown) {
      if (isSupvisorsError(thrown)) {
        results.push({ faultCode: thrown.faultCode, faultString: thrown.faultString });
        continue;
      }
      const error = toError(thrown);
      log.error(`system.multicall: a call failed: ${error.stack ?? error.message}`);
      results.push({ faultCode: Faults.FAILED, faultString: `FAILED: ${error.name}:${error.message}` });
    }
  }
  return results;
}

export function systemImplementations(table: MethodCatalog, log: Logger): Implementation[] {
  return [
    implement('system.listMethods', () => listMethods(table)),
    implement('system.methodHelp', ([name]) => introspect(table, 'system.methodHelp', name, helpText)),
    implement('system.methodSignature', ([name]) =>
      introspect(table, 'system.methodSignature', name, (contract) => (contract.signature === undefined ? undefined : [...contract.signature])),
    ),
    implement('system.multicall', ([calls]) => multicall(table, calls, log)),
  ];
}
