/**
 * What goes to a plugin's thread is plain data: the wire's number markers (the event stream's
 * Float, XML-RPC's XmlRpcDouble), which exist only to write `2.0` rather than `2` for Python
 * clients, become the numbers they hold; anything else is kept (structured clone copies it).
 * Pure.
 */
import { Float } from '../events/json.js';
import { XmlRpcDouble } from '../xmlrpc/values.js';

export function plainForPlugin(value: unknown): unknown {
  if (value instanceof Float || value instanceof XmlRpcDouble) return value.value;
  if (Array.isArray(value)) return value.map(plainForPlugin);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainForPlugin(item)]));
  }
  return value;
}
