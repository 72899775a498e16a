import { XmlRpcDouble, type XmlRpcValue } from './values.js';

/** JSON's value space. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * An XML-RPC value as JSON, as supvisorsflask renders a result: a double as a number, a binary
 * as its UTF-8 text (Supervisor's clients get a str), a date as ISO 8601 text.
 */
export function xmlRpcToJson(value: XmlRpcValue): Json {
  if (value instanceof XmlRpcDouble) return value.value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(xmlRpcToJson);
  if (typeof value === 'object') {
    const object: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) object[key] = xmlRpcToJson(item);
    return object;
  }
  return value;
}
