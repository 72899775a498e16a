/**
 * The dashboard's calls: every API method by name, typed by its one description (contract/),
 * sent over the node's REST routes (api/rest/rest-paths.ts builds the request). Same origin:
 * the browser sends the credentials it was asked for once.
 */
import { contracts, type MethodName, type Params, type Result } from '../../contract/index.js';
import { restRequest, type RestValue } from '../../api/rest/rest-paths.js';

/** A fault answered by the node: Supvisors' / Supervisor's code and name, and its text. */
export class ApiFault extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly fault: string | undefined,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiFault';
  }
}

function restValues(name: string, params: readonly unknown[]): RestValue[] {
  return params.map((value) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    throw new ApiFault(`${name}: only strings, numbers and booleans travel over REST`, undefined, 'INCORRECT_PARAMETERS', 400);
  });
}

function faultOf(status: number, body: unknown): ApiFault {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    const code = 'code' in body && typeof body.code === 'number' ? body.code : undefined;
    const fault = 'fault' in body && typeof body.fault === 'string' ? body.fault : undefined;
    return new ApiFault(body.message, code, fault, status);
  }
  return new ApiFault(`HTTP ${status}`, undefined, undefined, status);
}

/** Calls `name` with its positional parameters; an ApiFault when the node answers a fault or cannot be reached. */
export async function call<N extends MethodName>(name: N, ...params: Params<N>): Promise<Result<N>> {
  const request = restRequest(name, contracts[name], restValues(name, params));
  let response: Response;
  try {
    response = await fetch(request.url, { method: request.verb, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  } catch (thrown) {
    throw new ApiFault(`the node cannot be reached (${thrown instanceof Error ? thrown.message : String(thrown)})`, undefined, undefined, 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw faultOf(response.status, body);
  // The node answers what the method's contract describes; the REST layer checked it was called right.
  return body as Result<N>;
}

/** The text of any failure, for the outcome lines of the actions. */
export function failureText(thrown: unknown): string {
  if (thrown instanceof ApiFault) return thrown.fault === undefined ? thrown.message : `${thrown.fault}: ${thrown.message}`;
  return thrown instanceof Error ? thrown.message : String(thrown);
}
