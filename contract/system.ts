/** The `system.*` methods: Supervisor's introspection and multicall (spec/xmlrpc.md §1.3). */
import { Type } from '@sinclair/typebox';
import type { ContractTable } from './types.js';

const MulticallResult = Type.Array(Type.Unknown(), { description: 'each call\'s result, or a {faultCode, faultString} struct' });

export const systemContracts = {
  'system.listMethods': {
    summary: 'Return an array listing the available method names',
    params: [],
    result: Type.Array(Type.String()),
    returns: 'An array of method names available (strings).',
    signature: ['array'],
    faults: [],
    rest: [{ verb: 'GET', path: '/listMethods' }],
    servedBy: 'runtime',
    readOnly: true,
  },
  'system.methodHelp': {
    summary: "Return a string showing the method's documentation",
    params: [{ name: 'name', type: 'string', help: 'The name of the method.' }],
    result: Type.String(),
    returns: 'The documentation for the method name.',
    signature: ['string', 'string'],
    faults: ['SIGNATURE_UNSUPPORTED'],
    rest: [{ verb: 'GET', path: '/methodHelp/{name}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
  'system.methodSignature': {
    summary:
      'Return an array describing the method signature in the form [rtype, ptype, ptype...] where rtype is the return data type of the method, and ptypes are the parameter data types that the method accepts in method argument order.',
    params: [{ name: 'name', type: 'string', help: 'The name of the method.' }],
    result: Type.Array(Type.String()),
    returns: 'The result.',
    signature: ['array', 'string'],
    faults: ['SIGNATURE_UNSUPPORTED'],
    rest: [{ verb: 'GET', path: '/methodSignature/{name}' }],
    servedBy: 'runtime',
    readOnly: true,
  },
  'system.multicall': {
    summary:
      "Process an array of calls, and return an array of results. Calls should be structs of the form {'methodName': string, 'params': array}. Each result will either be the value returned by the call, or a struct of the form {'faultCode': int, 'faultString': string}.",
    params: [{ name: 'calls', type: 'array', help: 'An array of call requests' }],
    result: MulticallResult,
    returns: 'An array of results',
    signature: ['array', 'array'],
    faults: [],
    rest: [],
    servedBy: 'runtime',
    readOnly: false,
  },
} as const satisfies ContractTable;
