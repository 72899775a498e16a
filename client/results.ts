/**
 * Results as the client hands them out: the decoded XML-RPC value made JSON (xmlrpc/json.ts,
 * as REST renders it), then checked against the method's result schema (contract/).
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Json } from '../xmlrpc/json.js';
import { UnexpectedResultError } from './errors.js';

/** Throws an UnexpectedResultError at the first place where `result` leaves the schema. */
export function checkResult(method: string, schema: TSchema, result: Json): void {
  if (Value.Check(schema, result)) return;
  const first = Value.Errors(schema, result).First();
  throw new UnexpectedResultError(method, first?.path ?? '', first?.message ?? 'does not match the result schema', result);
}
