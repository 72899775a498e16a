/**
 * Results as the client hands them out: the decoded XML-RPC value made plain JSON-like data,
 * then checked against the method's result schema (contract/).
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { XmlRpcDouble, type XmlRpcValue } from '../xmlrpc/values.js';
import { UnexpectedResultError } from './errors.js';

export type PlainValue = string | number | boolean | PlainValue[] | { [key: string]: PlainValue };

/**
 * codec.ts decodes `<int>`, `<i4>`, `<i8>` and `<double>` to numbers already; what JSON has no
 * value for becomes a string: `<dateTime.iso8601>` its ISO 8601 text (a Date on the way), and
 * `<base64>` its base64 text. Neither Supervisor nor Supvisors answers with them.
 */
export function toPlain(value: XmlRpcValue): PlainValue {
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof XmlRpcDouble) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  // fromEntries defines its members: a member named __proto__ stays a member, as codec.ts keeps it.
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, toPlain(member)]));
}

/** Throws an UnexpectedResultError at the first place where `result` leaves the schema. */
export function checkResult(method: string, schema: TSchema, result: PlainValue): void {
  if (Value.Check(schema, result)) return;
  const first = Value.Errors(schema, result).First();
  throw new UnexpectedResultError(method, first?.path ?? '', first?.message ?? 'does not match the result schema', result);
}
