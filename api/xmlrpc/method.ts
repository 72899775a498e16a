/**
 * An implementation of a method described in contract/ (one description per method): the code
 * that answers it, typed by the contract's parameters, with the parameter check every call
 * goes through first.
 */
import type { Contracts, MethodName } from '../../contract/index.js';
import type { ParamContract, ParamType } from '../../contract/types.js';
import { rpcFault } from '../../errors/errors.js';
import { pythonText } from '../../xmlrpc/python-text.js';
import { isStruct, XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

/** A parameter as the implementation receives it, checked and defaulted. */
interface ServerParamValues {
  string: string;
  int: number;
  boolean: boolean;
  double: number;
  array: XmlRpcValue[];
  struct: XmlRpcStruct;
  'string|int': string | number;
  any: XmlRpcValue;
}

/** A parameter whose other types reach the method (`to-method`) is any value. */
type ServerParam<P> = P extends { readonly otherTypes: 'to-method' } ? XmlRpcValue : P extends { readonly type: infer T extends ParamType } ? ServerParamValues[T] : never;

type ServerParams<P extends readonly ParamContract[]> = { -readonly [I in keyof P]: ServerParam<P[I]> };

/** A returned promise is Supervisor's "deferred" result: the HTTP request stays open until it settles. */
export type MethodResult = XmlRpcValue | Promise<XmlRpcValue>;

export interface Implementation {
  readonly name: string;
  /** Gets the parameters checked and defaulted; a SupvisorsError thrown becomes a fault. */
  call(params: XmlRpcValue[]): MethodResult;
}

/** The implementation of the method `name`, its parameters typed by its contract. */
export function implement<N extends MethodName>(name: N, call: (params: ServerParams<Contracts[N]['params']>) => MethodResult): Implementation {
  // checkParams gives the parameters the contract's types before any call (Implementation.call is a method: bivariant).
  return { name, call };
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
      return isInt(value) ? value : value instanceof XmlRpcDouble ? value.value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'double':
      return typeof value === 'number' ? value : value instanceof XmlRpcDouble ? value.value : undefined;
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

/** A value of another type than the parameter's, as its `otherTypes` says. */
function otherType(spec: ParamContract, value: XmlRpcValue): XmlRpcValue | undefined {
  switch (spec.otherTypes) {
    case 'as-name':
      return pythonText(value);
    case 'to-method':
      return value;
    case undefined:
      return undefined;
  }
}

/**
 * Supervisor's rule: a wrong count (Python's TypeError) is the fault INCORRECT_PARAMETERS with
 * no detail; the type check here gives the same answer for a wrong type, unless the parameter's
 * `otherTypes` says how Supvisors takes it.
 */
export function checkParams(specs: readonly ParamContract[], params: readonly XmlRpcValue[]): XmlRpcValue[] {
  if (params.length > specs.length) throw rpcFault('INCORRECT_PARAMETERS');
  return specs.map((spec, index) => {
    const given = index < params.length ? params[index] : spec.default;
    const value = given === undefined ? undefined : (conform(spec.type, given) ?? otherType(spec, given));
    if (value === undefined) throw rpcFault('INCORRECT_PARAMETERS');
    return value;
  });
}
