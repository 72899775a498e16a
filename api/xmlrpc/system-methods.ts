import { isSupvisorsError, rpcFault, toError } from '../../errors/errors.js';
import { Faults } from '../../errors/faults.js';
import type { Logger } from '../../log/logger.js';
import type { XmlRpcMethod } from './method.js';
import { SUPERVISOR_PREFIX, type MethodTable } from './method-table.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

async function listMethods(table: MethodTable): Promise<string[]> {
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
  table: MethodTable,
  how: 'system.methodHelp' | 'system.methodSignature',
  name: string,
  pick: (method: XmlRpcMethod) => XmlRpcValue | undefined,
): Promise<XmlRpcValue> {
  const method = table.own(name);
  const answer = method === undefined ? undefined : pick(method);
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
async function multicall(table: MethodTable, calls: XmlRpcValue[], log: Logger): Promise<XmlRpcValue[]> {
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

// checkParams has run: the casts below only restate the declared parameter types.
export function systemMethods(table: MethodTable, log: Logger): XmlRpcMethod[] {
  return [
    {
      name: 'system.listMethods',
      params: [],
      signature: ['array'],
      help: 'Return an array listing the available method names\n\n@return array result  An array of method names available (strings).',
      call: () => listMethods(table),
    },
    {
      name: 'system.methodHelp',
      params: [{ name: 'name', type: 'string' }],
      signature: ['string', 'string'],
      help: "Return a string showing the method's documentation\n\n@param string name   The name of the method.\n@return string result The documentation for the method name.",
      call: ([name]) => introspect(table, 'system.methodHelp', name as string, (method) => method.help),
    },
    {
      name: 'system.methodSignature',
      params: [{ name: 'name', type: 'string' }],
      signature: ['array', 'string'],
      help:
        'Return an array describing the method signature in the form [rtype, ptype, ptype...] where rtype is the return data type of the method, and ptypes are the parameter data types that the method accepts in method argument order.\n\n' +
        '@param string name  The name of the method.\n@return array result  The result.',
      call: ([name]) => introspect(table, 'system.methodSignature', name as string, (method) => method.signature),
    },
    {
      name: 'system.multicall',
      params: [{ name: 'calls', type: 'array' }],
      signature: ['array', 'array'],
      help:
        "Process an array of calls, and return an array of results. Calls should be structs of the form {'methodName': string, 'params': array}. Each result will either be the value returned by the call, or a struct of the form {'faultCode': int, 'faultString': string}.\n\n" +
        '@param array calls  An array of call requests\n@return array result  An array of results',
      call: ([calls]) => multicall(table, calls as XmlRpcValue[], log),
    },
  ];
}
