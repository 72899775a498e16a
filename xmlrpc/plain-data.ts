import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from './values.js';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * Plain data (diagnostics snapshots and the like) as XML-RPC values: integers outside 32 bits and
 * fractions become doubles, undefined fields are left out, null becomes '' (XML-RPC has no nil).
 */
export function plainToXmlRpc(value: unknown): XmlRpcValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? value : new XmlRpcDouble(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return new XmlRpcDouble(Number(value));
  if (Array.isArray(value)) return value.map(plainToXmlRpc);
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const struct: { [key: string]: XmlRpcValue } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) struct[key] = plainToXmlRpc(item);
    return struct;
  }
  return typeof value === 'symbol' ? value.toString() : '<function>';
}

/**
 * A payload as an XML-RPC struct, the listed keys as doubles whatever their value: a Python
 * float stays a float on the wire when it happens to be integral.
 */
export function doublesStruct(payload: object, doubles: readonly string[]): XmlRpcStruct {
  const converted = plainToXmlRpc(payload) as XmlRpcStruct;
  const fields = payload as Record<string, unknown>;
  for (const key of doubles) {
    const value = fields[key];
    if (typeof value === 'number') converted[key] = new XmlRpcDouble(value);
  }
  return converted;
}
