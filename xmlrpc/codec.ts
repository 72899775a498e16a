// The one wrapper around the `xmlrpc` package's codec. The package does the XML work (SAX
// parsing, the tag dispatch, building the document); this module fixes where it falls short
// for Supervisor's wire (see docs/xmlrpc.md, "Why a wrapper around the xmlrpc package").
import { Readable } from 'node:stream';
import xmlrpc from 'xmlrpc';
import Deserializer from 'xmlrpc/lib/deserializer.js';
import serializer from 'xmlrpc/lib/serializer.js';
import { SupvisorsError, toError } from '../errors/errors.js';
import { XmlRpcFault } from './fault.js';
import { formatDouble, writeFault, writeResponse } from './response-writer.js';
import { XmlRpcDouble, type XmlRpcValue } from './values.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

class DoubleElement extends xmlrpc.CustomType {
  override tagName = 'double';
}


/**
 * Our value -> what the package serializes, refusing what Python's marshaller (allow_none=False)
 * refuses. Left to itself the package writes `<nil/>` for null, an empty string for undefined,
 * and `<int>` for any integral number.
 */
function toWire(value: unknown, where: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isInteger(value) && (value < INT_MIN || value > INT_MAX)) {
        throw new RangeError(`${where}: ${value} does not fit an XML-RPC int (signed 32 bits)`);
      }
      return value;
    case 'object':
      return objectToWire(value, where);
    default:
      throw new TypeError(`${where}: ${typeof value} is not an XML-RPC value`);
  }
}

function objectToWire(value: object | null, where: string): unknown {
  if (value === null) throw new TypeError(`${where}: null is not an XML-RPC value (no nil on Supervisor's wire)`);
  if (value instanceof XmlRpcDouble) return new DoubleElement(formatDouble(value.value));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError(`${where}: invalid Date`);
    return value;
  }
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return (value as unknown[]).map((item, index) => toWire(item, `${where}[${index}]`));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${where}: a ${value.constructor.name} is not an XML-RPC value`);
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => [key, toWire(member, `${where}.${key}`)]),
  );
}

export function encodeMethodCall(methodName: string, params: readonly XmlRpcValue[]): string {
  return serializer.serializeMethodCall(
    methodName,
    params.map((param, index) => toWire(param, `param ${index}`)),
  );
}

/** Throws on a value Python's marshaller would refuse: the caller answers HTTP 500. */
export function encodeResponse(value: XmlRpcValue): string {
  return writeResponse(value);
}

export function encodeFault(code: number, faultString: string): string {
  return writeFault(code, faultString);
}

/** The package's decoder, made to produce only XmlRpcValue trees. */
class CheckedDeserializer extends Deserializer {
  // The package leaves i8 as a string, indistinguishable from a real string afterwards.
  protected override endI8(data: string): void {
    const text = data.trim();
    const value = Number(text);
    if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
      throw new Error(`Expected an i8 within 2^53 but got '${data}'`);
    }
    this.push(value);
    this.value = false;
  }

  // The parser's text is a slice of the whole response, and V8 keeps a short slice as a view on
  // its parent: one process's logfile path kept for the life of the node would hold the whole
  // getAllProcessInfo answer (760 KB for 300 processes). Each string gets its own copy.
  protected override endString(data: string): void {
    super.endString(ownCopy(data));
  }

  protected override endNil(): void {
    throw new Error('<nil/> is not accepted (Supervisor refuses it)');
  }

  // The package assigns members with `struct[key] = value`: a member named __proto__ replaces
  // the prototype, and an odd member count yields undefined values.
  protected override endStruct(): void {
    const mark = this.marks.pop();
    if (mark === undefined) throw new Error('</struct> without <struct>');
    const items = this.stack.splice(mark);
    if (items.length % 2 !== 0) throw new Error('struct member without a name or a value');
    const struct = {};
    for (let index = 0; index < items.length; index += 2) {
      const key = items[index];
      if (typeof key !== 'string') throw new Error('struct member name is not a string');
      Object.defineProperty(struct, key, { value: items[index + 1], enumerable: true, writable: true, configurable: true });
    }
    this.push(struct);
    this.value = false;
  }
}

/**
 * The decoder of requests: an integral `<double>` arrives as an XmlRpcDouble, not as a number an
 * int would give, so that a method tells `1.0` from `1` as Supvisors does (a strategy given as a
 * double is refused, spec/xmlrpc.md §3.6). Responses keep plain numbers.
 */
class RequestDeserializer extends CheckedDeserializer {
  protected override endDouble(data: string): void {
    const value = parseFloat(data);
    if (!Number.isInteger(value)) return super.endDouble(data);
    this.push(new XmlRpcDouble(value));
    this.value = false;
  }
}

/** A string that shares no storage with a larger one (concatenation makes a new flat string; the slice of it is at most one character shorter than its parent). */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

function bodyStream(body: string | Buffer): Readable {
  return Readable.from([typeof body === 'string' ? Buffer.from(body) : body], { objectMode: false });
}

// An unreadable response is the server's fault, not the caller's parameters.
function malformed(what: 'request' | 'response', reason: unknown): SupvisorsError {
  const detail = toError(reason).message.replace(/\s+/g, ' ').trim();
  return new SupvisorsError('XMLRPC_MALFORMED', `malformed XML-RPC ${what}: ${detail}`, what === 'response' ? { fault: 'FAILED' } : undefined);
}

// The casts below hold because CheckedDeserializer only builds strings, numbers, booleans,
// Dates, Buffers, arrays and structs without undefined members.

/** Malformed XML or a missing methodName -> XMLRPC_MALFORMED (HTTP 400 for the caller). */
export function decodeMethodCall(body: string | Buffer): Promise<{ methodName: string; params: XmlRpcValue[] }> {
  return new Promise((resolve, reject) => {
    new RequestDeserializer().deserializeMethodCall(bodyStream(body), (error, methodName, params) => {
      if (error) reject(malformed('request', error));
      else if (typeof methodName !== 'string' || !Array.isArray(params)) reject(malformed('request', 'no methodName or params'));
      else resolve({ methodName, params: params as XmlRpcValue[] });
    });
  });
}

/**
 * A `<fault>` rejects with an XmlRpcFault (RPC_FAULT) carrying the exact code and faultString;
 * anything unreadable rejects with XMLRPC_MALFORMED.
 */
export function decodeResponse(body: string | Buffer): Promise<XmlRpcValue> {
  return new Promise((resolve, reject) => {
    new CheckedDeserializer().deserializeMethodResponse(bodyStream(body), (error, value) => {
      if (error) reject(faultOrMalformed(error));
      else if (value === undefined) reject(malformed('response', 'no value'));
      else resolve(value as XmlRpcValue);
    });
  });
}

// The package reports a fault as an Error carrying faultCode and faultString properties.
function faultOrMalformed(error: unknown): SupvisorsError {
  if (!(error instanceof Error) || !('faultCode' in error)) return malformed('response', error);
  const { faultCode } = error;
  const faultString: unknown = 'faultString' in error ? error.faultString : undefined;
  if (typeof faultCode !== 'number' || !Number.isInteger(faultCode) || typeof faultString !== 'string') {
    return malformed('response', 'a fault without an int faultCode and a string faultString');
  }
  return new XmlRpcFault(faultCode, faultString);
}
