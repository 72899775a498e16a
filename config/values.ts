/**
 * Conversions of option text into typed values, with Supervisor 4.2's formats
 * (supervisor/datatypes.py) made strict: a value either converts or is rejected with a `problem`
 * that says what is allowed. Nothing here falls back to a default.
 *
 * - integers: optional sign and decimal digits (no `1_000`, no `0x10`), within inclusive bounds;
 * - numbers: decimal or scientific notation (no `inf`, no `nan`), within inclusive bounds;
 * - booleans: true/false, yes/no, on/off, 1/0, any case (Supervisor's `boolean`);
 * - byte sizes: digits, optionally followed by KB, MB or GB (powers of 1024, any case);
 * - comma lists: items trimmed (Supervisor's `list_of_strings`);
 * - `host:port` of `[inet_http_server] port`: `9001`, `:9001`, `*:9001`, `host:9001`
 *   (Supervisor's `inet_address`: the host is lower-cased, `*` and nothing both give `''`).
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export function accepted<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function rejected(problem: string): Parsed<never> {
  return { ok: false, problem };
}

/** Applies `next` to an accepted value; a rejection passes through unchanged. */
export function andThen<T, U>(parsed: Parsed<T>, next: (value: T) => Parsed<U>): Parsed<U> {
  return parsed.ok ? next(parsed.value) : parsed;
}

const integerPattern = /^[+-]?\d+$/;
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `max` may be Infinity for "no upper bound". */
export function parseInteger(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!integerPattern.test(trimmed) || !Number.isSafeInteger(value) || value < min || value > max) {
    return rejected(max === Infinity ? `expected an integer >= ${min}` : `expected an integer in ${min}..${max}`);
  }
  return accepted(value);
}

export function parseNumber(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!numberPattern.test(trimmed) || value < min || value > max) return rejected(`expected a number in ${min}..${max}`);
  return accepted(value);
}

export function parsePort(text: string): Parsed<number> {
  return parseInteger(text, 1, 65535);
}

const truthy = ['true', 'yes', 'on', '1'];
const falsy = ['false', 'no', 'off', '0'];

export function parseBoolean(text: string): Parsed<boolean> {
  const lower = text.trim().toLowerCase();
  if (truthy.includes(lower)) return accepted(true);
  if (falsy.includes(lower)) return accepted(false);
  return rejected('expected a boolean: true, false, yes, no, on, off, 1 or 0');
}

const byteUnits: Readonly<Record<string, number>> = { '': 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

export function parseByteSize(text: string): Parsed<number> {
  const match = /^(\d+)\s*(kb|mb|gb)?$/i.exec(text.trim());
  const value = match === null ? NaN : Number(match[1]) * (byteUnits[(match[2] ?? '').toLowerCase()] ?? NaN);
  if (!Number.isSafeInteger(value)) return rejected('expected a byte size: digits, optionally followed by KB, MB or GB (e.g. 1024, 50MB, 1GB)');
  return accepted(value);
}

/** One of `choices`, any case; the canonical (upper-case) spelling comes out. */
export function parseChoice<T extends string>(text: string, choices: readonly T[]): Parsed<T> {
  const upper = text.trim().toUpperCase();
  const choice = choices.find((candidate) => candidate === upper);
  return choice === undefined ? rejected(`expected one of ${choices.join(', ')} (any case)`) : accepted(choice);
}

/**
 * A strategy option: a built-in name (any case), or a plugin's name as written (upper case,
 * `[A-Z][A-Z0-9_]*`), which the runtime checks against the plugins it loads.
 */
export function parseStrategyChoice(text: string, builtins: readonly string[]): Parsed<string> {
  const builtin = parseChoice(text, builtins);
  if (builtin.ok) return builtin;
  const name = text.trim();
  return /^[A-Z][A-Z0-9_]*$/.test(name) ? accepted(name) : rejected(`expected one of ${builtins.join(', ')} (any case), or a plugin's upper-case name`);
}

/** Supervisor's `list_of_strings`: items trimmed, empty items kept (callers decide). */
export function commaItems(text: string): string[] {
  return text === '' ? [] : text.split(',').map((item) => item.trim());
}

/** Non-empty items, first occurrence kept. */
export function distinctItems(items: readonly string[]): string[] {
  return [...new Set(items.filter((item) => item !== ''))];
}

/** Dotted IPv4 whose first byte lies in `firstByte` (inclusive) and the others in 0..255. */
export function isIpv4(text: string, firstByte: readonly [number, number] = [0, 255]): boolean {
  const bytes = text.split('.');
  return (
    bytes.length === 4 &&
    bytes.every((byte, index) => {
      const [min, max] = index === 0 ? firstByte : [0, 255];
      return /^\d{1,3}$/.test(byte) && Number(byte) >= min && Number(byte) <= max;
    })
  );
}

export interface InetAddress {
  /** `''` when the port was written alone or with `*`, as in Supervisor. */
  host: string;
  port: number;
}

export function parseInetAddress(text: string): Parsed<InetAddress> {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  const host = colon < 0 ? '' : trimmed.slice(0, colon).toLowerCase();
  const port = parsePort(trimmed.slice(colon + 1));
  if (!port.ok) return rejected('expected PORT, :PORT, *:PORT or HOST:PORT with PORT an integer in 1..65535');
  return accepted({ host: host === '*' ? '' : host, port: port.value });
}
