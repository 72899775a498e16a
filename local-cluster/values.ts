/** Reading XML-RPC answers of a local node: a struct, a list, a number, or an error saying what came instead. */
import { isStruct, XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/values.js';

export function struct(value: XmlRpcValue): XmlRpcStruct {
  if (!isStruct(value)) throw new Error(`not a struct: ${JSON.stringify(value)}`);
  return value;
}

export function list(value: XmlRpcValue): XmlRpcValue[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value;
}

export function num(value: XmlRpcValue | undefined): number {
  if (typeof value === 'number') return value;
  if (value instanceof XmlRpcDouble) return value.value;
  throw new Error(`not a number: ${JSON.stringify(value)}`);
}
