import type { FaultName } from '../../errors/faults.js';

/**
 * The HTTP status of a REST answer carrying a fault (docs/rest.md): what happened, in HTTP's
 * words. supvisorsflask 0.19 answered 400 for every fault; the body `{message, code}` is its.
 */
export const faultStatus: Readonly<Record<FaultName, number>> = {
  UNKNOWN_METHOD: 404,
  INCORRECT_PARAMETERS: 400,
  BAD_ARGUMENTS: 400,
  SIGNATURE_UNSUPPORTED: 404,
  SHUTDOWN_STATE: 503,
  BAD_NAME: 404,
  BAD_SIGNAL: 400,
  NO_FILE: 404,
  NOT_EXECUTABLE: 422,
  FAILED: 500,
  ABNORMAL_TERMINATION: 500,
  SPAWN_ERROR: 500,
  ALREADY_STARTED: 409,
  NOT_RUNNING: 409,
  SUCCESS: 200,
  ALREADY_ADDED: 409,
  STILL_RUNNING: 409,
  CANT_REREAD: 500,
  SUPVISORS_CONF_ERROR: 500,
  BAD_SUPVISORS_STATE: 409,
  NOT_MANAGED: 409,
  DISABLED: 409,
  NOT_APPLICABLE: 409,
  NOT_INSTALLED: 501,
};
