/**
 * How Python sees an XML-RPC value: its str() and its class, as Supvisors writes them in fault
 * texts (spec/xmlrpc.md §3.6, §7).
 */
import { XmlRpcDouble, type XmlRpcValue } from './values.js';

/** Python's str() of a scalar (a double keeps its `.0`); undefined for an array, a struct or a date. */
export function pythonText(value: XmlRpcValue): string | undefined {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof XmlRpcDouble) return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  // Supervisor decodes <base64> to a str
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

/** The class Python's XML-RPC server gives a value (undefined: an absent parameter, None). */
export function pythonClass(value: XmlRpcValue | undefined): string {
  if (value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string' || Buffer.isBuffer(value)) return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof XmlRpcDouble) return 'float';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'xmlrpc.client.DateTime';
  return 'dict';
}
