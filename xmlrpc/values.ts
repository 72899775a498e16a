/**
 * A float that must travel as `<double>` even when it is integral: JavaScript has one number
 * type, so `3` would otherwise go out as `<int>` and reach a Python client as an int.
 */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export type XmlRpcValue = string | number | boolean | Date | Buffer | XmlRpcDouble | XmlRpcValue[] | XmlRpcStruct;
export type XmlRpcStruct = { [key: string]: XmlRpcValue };

export function isStruct(value: XmlRpcValue): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof XmlRpcDouble)
  );
}

/**
 * Plain data from outside the XML-RPC parser (a plugin's worker thread) as a value: strings,
 * finite numbers, booleans, dates, bytes, lists and plain objects of them. Throws a TypeError
 * naming the first value XML-RPC cannot carry (null, undefined, a function...).
 */
export function toXmlRpcValue(value: unknown, where = 'value'): XmlRpcValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map((item: unknown, index) => toXmlRpcValue(item, `${where}[${index}]`));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toXmlRpcValue(item, `${where}.${key}`)]));
  }
  throw new TypeError(`${where}: ${value === null ? 'null' : typeof value} cannot travel over XML-RPC`);
}
