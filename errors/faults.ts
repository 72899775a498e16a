/**
 * XML-RPC fault codes: Supervisor's `Faults` (supervisor/xmlrpc.py 4.2) and Supvisors' own codes
 * from 100. These are wire values: clients match on them, so they never change.
 */
export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
  SUPVISORS_CONF_ERROR: 100,
  BAD_SUPVISORS_STATE: 101,
  NOT_MANAGED: 102,
  DISABLED: 103,
  NOT_APPLICABLE: 104,
  NOT_INSTALLED: 105,
} as const;

export type FaultName = keyof typeof Faults;

const faultNames = new Map<number, FaultName>(
  (Object.entries(Faults) as [FaultName, number][]).map(([name, code]) => [code, name]),
);

/** The symbolic name of a fault code, as Supervisor renders it at the head of a faultString. */
export function faultName(code: number): FaultName | undefined {
  return faultNames.get(code);
}
