import { XmlRpcDouble } from './values.js';

/**
 * Writes XML-RPC values as text, as Python's marshaller does (allow_none=False): the package's
 * serializer builds a DOM with xmlbuilder, which cost ~120 ms for the 300 process records of one
 * get_all_local_process_info answer; this writer takes a few ms (docs/xmlrpc.md). It refuses what
 * Python refuses: null/undefined values, integers beyond 32 bits, characters XML 1.0 forbids.
 */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
// eslint-disable-next-line no-control-regex -- finding the control characters XML 1.0 forbids is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function escape(text: string, where: string): string {
  if (FORBIDDEN.test(text)) throw new RangeError(`${where}: a character XML cannot carry`);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Python's repr keeps `.0` on integral floats. */
export function formatDouble(value: number): string {
  const text = String(value);
  return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
}

/** `%Y%m%dT%H:%M:%S` in local time, the package's and Python's naive dateTime. */
function formatDate(date: Date, where: string): string {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${where}: invalid Date`);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function write(value: unknown, where: string, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push('<value><string>', escape(value, where), '</string></value>');
      return;
    case 'boolean':
      out.push(value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
      return;
    case 'number':
      if (!Number.isInteger(value)) {
        out.push('<value><double>', formatDouble(value), '</double></value>');
        return;
      }
      if (value < INT_MIN || value > INT_MAX) throw new RangeError(`${where}: ${value} does not fit an XML-RPC int (signed 32 bits)`);
      out.push('<value><int>', String(value), '</int></value>');
      return;
    case 'object':
      writeObject(value, where, out);
      return;
    default:
      throw new TypeError(`${where}: ${typeof value} is not an XML-RPC value`);
  }
}

function writeObject(value: object | null, where: string, out: string[]): void {
  if (value === null) throw new TypeError(`${where}: null is not an XML-RPC value (no nil on Supervisor's wire)`);
  if (value instanceof XmlRpcDouble) {
    out.push('<value><double>', formatDouble(value.value), '</double></value>');
  } else if (value instanceof Date) {
    out.push('<value><dateTime.iso8601>', formatDate(value, where), '</dateTime.iso8601></value>');
  } else if (Buffer.isBuffer(value)) {
    out.push('<value><base64>', value.toString('base64'), '</base64></value>');
  } else if (Array.isArray(value)) {
    out.push('<value><array><data>');
    (value as unknown[]).forEach((item, index) => write(item, `${where}[${index}]`, out));
    out.push('</data></array></value>');
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`${where}: a ${value.constructor.name} is not an XML-RPC value`);
    out.push('<value><struct>');
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (member === undefined) continue;
      out.push('<member><name>', escape(key, where), '</name>');
      write(member, `${where}.${key}`, out);
      out.push('</member>');
    }
    out.push('</struct></value>');
  }
}

const HEAD = '<?xml version="1.0"?>\n<methodResponse>';

export function writeResponse(value: unknown): string {
  const out = [HEAD, '<params><param>'];
  write(value, 'response', out);
  out.push('</param></params></methodResponse>');
  return out.join('');
}

export function writeFault(code: number, faultString: string): string {
  const out = [HEAD, '<fault>'];
  write({ faultCode: code, faultString }, 'fault', out);
  out.push('</fault></methodResponse>');
  return out.join('');
}
