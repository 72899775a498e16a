/**
 * Element values as Supvisors 0.19 reads them without schema validation (spec/rules.md §3, §4,
 * §6): Python's int() for numbers (blanks around allowed), Supervisor's boolean() (no blanks),
 * exact case-sensitive enum names. A rejected value is ignored: the default stays. Every refused
 * value is an error, whatever the element (docs/rules.md "Problems"): the node then runs with
 * a rule the file did not ask for, which the operator has to fix (Supvisors logged sequences as
 * ERROR and the rest as WARN; one kind of problem gets one level here).
 */

export type ValueReading<T> = { ok: true; value: T } | { ok: false; level: 'error'; problem: string };

function accepted<T>(value: T): ValueReading<T> {
  return { ok: true, value };
}

function rejected<T>(problem: string): ValueReading<T> {
  return { ok: false, level: 'error', problem };
}

/** Python's int(): optional blanks and sign, digits, `_` between digits. */
function pythonInt(text: string): number | undefined {
  const match = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  if (match === null) return undefined;
  const value = Number.parseInt((match[2] ?? '').replaceAll('_', ''), 10);
  return match[1] === '-' ? -value : value;
}

/** start_sequence / stop_sequence: an integer >= 0. */
export function readSequence(text: string): ValueReading<number> {
  const value = pythonInt(text);
  if (value === undefined) return rejected(`not an integer: '${text}'`);
  if (value < 0) return rejected(`invalid value ${value} (expected integer >= 0)`);
  return accepted(value);
}

export function readLoading(text: string): ValueReading<number> {
  const value = pythonInt(text);
  if (value === undefined || value < 0 || value > 100) return rejected(`invalid value '${text}' (expected integer in 0..100)`);
  return accepted(value);
}

const truthy = ['y', 'yes', 't', 'true', 'on', '1'];
const falsy = ['n', 'no', 'f', 'false', 'off', '0'];

export function readBoolean(text: string): ValueReading<boolean> {
  const lower = text.toLowerCase();
  if (truthy.includes(lower)) return accepted(true);
  if (falsy.includes(lower)) return accepted(false);
  return rejected(`not a boolean-like: '${text}' (expected one of ${[...truthy, ...falsy].join(', ')})`);
}

export function readChoice<T extends string>(text: string, names: readonly T[]): ValueReading<T> {
  const found = names.find((name) => name === text);
  if (found === undefined) return rejected(`invalid value '${text}' (expected in [${names.join(', ')}])`);
  return accepted(found);
}

/** Comma-separated items, each trimmed (empty items are dropped later, after alias expansion). */
export function commaItems(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}
