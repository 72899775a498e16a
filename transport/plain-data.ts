/**
 * What may travel between nodes: JSON-like data (null, booleans, numbers, strings, arrays, plain
 * objects) plus byte arrays. Class instances (Date, Map, Error, a ReplyTo...), functions,
 * symbols and bigints may not: MessagePack would either refuse them or flatten them into
 * something else on the other side, so they are refused at the sender with a clear path instead.
 * `undefined` object fields are left out, as JSON.stringify does.
 */
export type PlainData =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly PlainData[]
  | { readonly [key: string]: PlainData | undefined };

/** Deeper is refused: no Supvisors message nests that far, and it bounds the recursion. */
export const MAX_DEPTH = 32;

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name : 'object';
}

/** The reason `value` is not plain data, as `where: what`, or undefined when it is. */
function check(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      return `: ${typeof value}`;
  }
  if (value === null || value instanceof Uint8Array) return undefined;
  if (depth >= MAX_DEPTH) return `: nested deeper than ${MAX_DEPTH}`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const reason = check(value[index], depth + 1);
      if (reason !== undefined) return `[${index}]${reason}`;
    }
    return undefined;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return `: ${describe(value)}`;
  for (const key in value) {
    const reason = check((value as Record<string, unknown>)[key], depth + 1);
    if (reason !== undefined) return `.${key}${reason}`;
  }
  return undefined;
}

/** Where `value` stops being plain data, e.g. `message.items[2].at: Date`; undefined when it is all plain. */
export function findNonPlain(value: unknown, name = 'message'): string | undefined {
  const reason = check(value, 0);
  return reason === undefined ? undefined : `${name}${reason}`;
}

export function isPlainData(value: unknown): value is PlainData {
  return check(value, 0) === undefined;
}
