/**
 * What diagnostics show of a queued message: its type and a short, redacted summary. Anything
 * whose key looks like it may hold a secret is replaced by `***`; the summary is cut to a fixed
 * length so that a huge payload never bloats a snapshot.
 */
export const SUMMARY_MAX_CHARS = 160;

/** Default number of queued messages shown per actor in diagnostics; the hard cap is PEEK_MAX. */
export const PEEK_DEFAULT = 5;
export const PEEK_MAX = 50;
const SECRET_KEY = /pass(word|wd)?|secret|token|auth|credential|cookie|api[-_]?key|private/i;
const MAX_DEPTH = 3;
const MAX_ITEMS = 8;

export interface MessagePeek {
  type: string;
  summary: string;
  /** Milliseconds the message has been waiting in the mailbox. */
  ageMs: number;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function render(value: unknown, depth: number): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return '<function>';
    case 'symbol':
      return value.toString();
    default:
      break;
  }
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item: unknown) => render(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…${value.length - MAX_ITEMS} more`);
    return `[${items.join(',')}]`;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return `<${name}>`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const parts = entries
    .slice(0, MAX_ITEMS)
    .map(([key, item]) => `${key}:${isSecretKey(key) ? '***' : render(item, depth + 1)}`);
  if (entries.length > MAX_ITEMS) parts.push(`…${entries.length - MAX_ITEMS} more`);
  return `{${parts.join(',')}}`;
}

/** Summary of a message without its `type` field (already shown apart). */
export function summarize<T extends { readonly type: string }>(message: T): string {
  const rest: Record<string, unknown> = { ...message };
  delete rest['type'];
  const text = Object.keys(rest).length === 0 ? '' : render(rest, 0);
  return text.length > SUMMARY_MAX_CHARS ? `${text.slice(0, SUMMARY_MAX_CHARS - 1)}…` : text;
}
