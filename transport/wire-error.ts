/**
 * Failures crossing the wire in reply frames. A SupvisorsError keeps its code and fault; any
 * other error an actor fails an ask with becomes HANDLER_FAILED with its message. Codes or
 * faults this node does not know (a newer peer) also arrive as HANDLER_FAILED, text kept.
 */
import { ErrorCodes, type ErrorCode } from '../errors/codes.js';
import { isSupvisorsError, SupvisorsError } from '../errors/errors.js';
import { Faults, type FaultName } from '../errors/faults.js';
import type { WireError } from './frames.js';

export function errorToWire(error: Error): WireError {
  if (isSupvisorsError(error)) return { code: error.code, fault: error.fault, message: error.message };
  return { code: 'HANDLER_FAILED', fault: ErrorCodes.HANDLER_FAILED.fault, message: `${error.name}: ${error.message}` };
}

export function errorFromWire(error: WireError, peer: string): SupvisorsError {
  const known = Object.hasOwn(ErrorCodes, error.code) && Object.hasOwn(Faults, error.fault);
  if (known) return new SupvisorsError(error.code as ErrorCode, error.message, { fault: error.fault as FaultName });
  return new SupvisorsError('HANDLER_FAILED', `${peer} answered ${error.code} (${error.fault}): ${error.message}`);
}
