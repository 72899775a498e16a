/**
 * JSON the way Python's `json.dumps` writes it with default settings (spec/events.md §2), where
 * it matters to a Python subscriber: separators `", "` and `": "`, every character outside
 * printable ASCII escaped as `\uXXXX` (`ensure_ascii`), and the int / float distinction.
 *
 * JavaScript has one number type, so a value that Python would write as a float (`2.0`) must be
 * marked: wrap it in `Float` (or list its key in `markFloats`). An unmarked number is written as
 * an int when it is integral, as a float otherwise. Floats use Python's `repr`: the shortest
 * round-tripping digits, fixed notation for exponents -4..15 with at least one decimal
 * (`2.0`, `0.0001`), else `1e+16` / `1e-05`; `NaN`, `Infinity`, `-Infinity` as Python writes them.
 *
 * Pure. The event frames: WebSocket text `["<header>", {body}]`, ZeroMQ `[header, body]` frames.
 */
import type { StreamHeader } from './headers.js';

/** A number that goes out as a Python float whatever its value. */
export class Float {
  constructor(readonly value: number) {}
}

export function float(value: number): Float {
  return new Float(value);
}

export type JsonValue = null | boolean | number | string | Float | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Python's `repr(float)`. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  /** Digits before the decimal point (Python's `decpt`). */
  const point = exponent + 1;
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const head = digits.length === 1 ? digits : `${digits.slice(0, 1)}.${digits.slice(1)}`;
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Python's `repr(int)` for an integral number (exact digits, never an exponent). */
function intRepr(value: number): string {
  return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : BigInt(value).toString();
}

function numberRepr(value: number): string {
  return Number.isInteger(value) ? intRepr(value) : pythonFloatRepr(value);
}

// ---------------------------------------------------------------------------------------------
// Strings

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;

/** A JSON string with `ensure_ascii`: Python escapes DEL and every non-ASCII UTF-16 unit too. */
export function encodeString(text: string): string {
  return JSON.stringify(text).replace(NOT_PRINTABLE_ASCII, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Values

export function encodeJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return numberRepr(value);
    case 'string':
      return encodeString(value);
    default:
      break;
  }
  if (value instanceof Float) return pythonFloatRepr(value.value);
  if (isJsonArray(value)) return `[${value.map(encodeJson).join(', ')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const item = value[key];
    // Only reachable through a cast: JSON.stringify leaves such keys out too.
    if (item === undefined) continue;
    parts.push(`${encodeString(key)}: ${encodeJson(item)}`);
  }
  return `{${parts.join(', ')}}`;
}

function isJsonArray(value: readonly JsonValue[] | JsonObject): value is readonly JsonValue[] {
  return Array.isArray(value);
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return `an object of class ${value.constructor.name}`;
  return `a ${typeof value}`;
}

/**
 * Plain data (what the payload builders return) as a JsonValue: numbers, strings, booleans,
 * null, Float, arrays and plain objects; keys holding `undefined` are left out. `floats` makes
 * every number inside a Float. Anything else (a Map, a Date, a function) is a TypeError.
 */
export function toJsonValue(value: unknown, floats = false): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return floats ? new Float(value) : value;
  if (value instanceof Float) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => toJsonValue(item, floats));
  if (typeof value === 'object' && isPlainObject(value)) {
    const result: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = toJsonValue(item, floats);
    return result;
  }
  throw new TypeError(`cannot encode ${describe(value)} as JSON`);
}

/**
 * A payload as a JsonObject, every number under one of `floatKeys` (at any depth below it:
 * `period: [0, 5]` → `[0.0, 5.0]`) marked as a float. Key order is kept.
 */
export function markFloats<T extends object>(payload: T, floatKeys: readonly (keyof T & string)[] = []): JsonObject {
  const keys: ReadonlySet<string> = new Set(floatKeys);
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(payload)) if (item !== undefined) result[key] = toJsonValue(item, keys.has(key));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Event frames (spec/events.md §3)

export interface EncodedEvent {
  readonly header: StreamHeader;
  /** `json.dumps(body)`: the ZeroMQ second frame. */
  readonly body: string;
  /** `json.dumps([header, body])`: the WebSocket text frame. */
  readonly text: string;
}

export function encodeEvent(header: StreamHeader, body: JsonObject): EncodedEvent {
  const json = encodeJson(body);
  return { header, body: json, text: `[${encodeString(header)}, ${json}]` };
}

/** The two ZeroMQ frames: the header, then the JSON body (both UTF-8 once sent). */
export function zmqFrames(event: EncodedEvent): [string, string] {
  return [event.header, event.body];
}

const NON_FINITE_MARK = '\u0000non-finite:';
/** The mark as written inside a JSON string (a raw NUL is not valid JSON). */
const NON_FINITE_MARK_JSON = '\\u0000non-finite:';
const NON_FINITE = /([[,:]\s*)(-?(?:NaN|Infinity))(?=\s*[,\]}])/g;

function reviveNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(NON_FINITE_MARK) ? Number(value.slice(NON_FINITE_MARK.length)) : value;
}

/**
 * JSON.parse, also accepting the `NaN`, `Infinity` and `-Infinity` that Python writes (and
 * JSON.parse refuses); `undefined` when the text is not JSON.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(NON_FINITE, (_match, before: string, word: string) => `${before}"${NON_FINITE_MARK_JSON}${word}"`), reviveNonFinite);
    } catch {
      return undefined;
    }
  }
}

/** A WebSocket text frame read back: `undefined` when it is not a `[string, object]` array. */
export function decodeWsText(text: string): { readonly header: string; readonly body: Readonly<Record<string, unknown>> } | undefined {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const header: unknown = parsed[0];
  const body: unknown = parsed[1];
  if (typeof header !== 'string' || typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return { header, body: body as Readonly<Record<string, unknown>> };
}
