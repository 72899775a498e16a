import { ErrorCodes, type ErrorCode } from './codes.js';
import { Faults, type FaultName } from './faults.js';

/**
 * The one error family of the project. `code` is stable (errors/codes.ts); `fault` is the
 * XML-RPC fault it maps to; `message` is the detail a human reads.
 */
export class SupvisorsError extends Error {
  readonly code: ErrorCode;
  readonly fault: FaultName;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; fault?: FaultName }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SupvisorsError';
    this.code = code;
    this.fault = options?.fault ?? ErrorCodes[code].fault;
  }

  get faultCode(): number {
    return Faults[this.fault];
  }

  /** Supervisor's faultString shape: `NAME: detail`. */
  get faultString(): string {
    return this.message === '' ? this.fault : `${this.fault}: ${this.message}`;
  }
}

export function isSupvisorsError(value: unknown, code?: ErrorCode): value is SupvisorsError {
  return value instanceof SupvisorsError && (code === undefined || value.code === code);
}

/** Narrows anything thrown into an Error, keeping the original as its cause. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : `non-error thrown: ${String(thrown)}`, { cause: thrown });
}

/** An XML-RPC fault with Supervisor's `NAME: detail` text, e.g. rpcFault('BAD_NAME', 'program=x unknown'). */
export function rpcFault(fault: FaultName, detail = ''): SupvisorsError {
  return new SupvisorsError('RPC_FAULT', detail, { fault });
}

/** One line for logs: a fault as `NAME: detail`, an error by its message (or its name when empty). */
export function describeError(thrown: unknown): string {
  if (thrown instanceof SupvisorsError) return thrown.faultString;
  if (thrown instanceof Error) return thrown.message === '' ? thrown.name : thrown.message;
  return String(thrown);
}
