import { rpcFault } from '../../errors/errors.js';
import { isStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

export type ParamType = 'string' | 'int' | 'boolean' | 'double' | 'array' | 'struct' | 'string|int' | 'any';

/** A parameter with a default is optional (Python's keyword default). */
export interface ParamSpec {
  name: string;
  type: ParamType;
  default?: XmlRpcValue;
}

export interface XmlRpcMethod {
  /** `namespace.method`, e.g. 'supvisors.get_api_version'. */
  name: string;
  params: ParamSpec[];
  /** The system.methodSignature answer; absent -> SIGNATURE_UNSUPPORTED (4), as in Supvisors. */
  signature?: string[];
  /** The system.methodHelp answer. */
  help: string;
  /**
   * Gets the parameters checked and defaulted. A SupvisorsError thrown becomes a fault. A
   * returned promise is Supervisor's "deferred" result: the HTTP request stays open until it
   * settles.
   */
  call(params: XmlRpcValue[]): XmlRpcValue | Promise<XmlRpcValue>;
}

/** Supervisor decodes `<base64>` to a str, so a Buffer is as good as a string. */
function asString(value: XmlRpcValue): string | undefined {
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

const isInt = (value: XmlRpcValue): value is number => typeof value === 'number' && Number.isInteger(value);

/** The value as the method receives it, or undefined when it does not have the type. */
function conform(type: ParamType, value: XmlRpcValue): XmlRpcValue | undefined {
  switch (type) {
    case 'string':
      return asString(value);
    case 'int':
      return isInt(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'double':
      return typeof value === 'number' ? value : undefined;
    case 'array':
      return Array.isArray(value) ? value : undefined;
    case 'struct':
      return isStruct(value) ? value : undefined;
    case 'string|int':
      return isInt(value) ? value : asString(value);
    case 'any':
      return value;
  }
}

/**
 * Supervisor's rule: a wrong count (Python's TypeError) is the fault INCORRECT_PARAMETERS with
 * no detail; the type check here gives the same answer for a wrong type.
 */
export function checkParams(method: XmlRpcMethod, params: readonly XmlRpcValue[]): XmlRpcValue[] {
  if (params.length > method.params.length) throw rpcFault('INCORRECT_PARAMETERS');
  return method.params.map((spec, index) => {
    const given = index < params.length ? params[index] : spec.default;
    const value = given === undefined ? undefined : conform(spec.type, given);
    if (value === undefined) throw rpcFault('INCORRECT_PARAMETERS');
    return value;
  });
}
