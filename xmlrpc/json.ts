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
  // fromEntries defines its members: a member named __proto__ stays a member, as codec.ts keeps it.
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, xmlRpcToJson(item)]));
  return value;
}
