/**
 * "The server said no": an XML-RPC fault, as a class per fault code of errors/faults.ts, so a
 * caller writes `catch (error) { if (error instanceof BadNameFault) ... }`. Each subclass
 * narrows `faultName` to its own literal, which keeps the classes apart for TypeScript too.
 */
import { faultName, Faults, type FaultName } from '../errors/faults.js';

export class SupvisorsFault extends Error {
  /** The code as received (a code unknown here keeps its value; `faultName` is then undefined). */
  readonly faultCode: number;
  readonly faultName: FaultName | undefined;
  /** The server's text, e.g. `BAD_NAME: application nope`. */
  readonly faultString: string;
  /** The method called, e.g. `supvisors.get_application_info`. */
  readonly method: string;

  constructor(faultCode: number, faultString: string, method: string) {
    super(`${method}: ${faultString}`);
    this.name = new.target.name;
    this.faultCode = faultCode;
    this.faultName = faultName(faultCode);
    this.faultString = faultString;
    this.method = method;
  }
}

// Supervisor's faults (supervisor/xmlrpc.py).
export class UnknownMethodFault extends SupvisorsFault {
  declare readonly faultName: 'UNKNOWN_METHOD';
  constructor(faultString: string, method: string) {
    super(Faults.UNKNOWN_METHOD, faultString, method);
  }
}
export class IncorrectParametersFault extends SupvisorsFault {
  declare readonly faultName: 'INCORRECT_PARAMETERS';
  constructor(faultString: string, method: string) {
    super(Faults.INCORRECT_PARAMETERS, faultString, method);
  }
}
export class BadArgumentsFault extends SupvisorsFault {
  declare readonly faultName: 'BAD_ARGUMENTS';
  constructor(faultString: string, method: string) {
    super(Faults.BAD_ARGUMENTS, faultString, method);
  }
}
export class SignatureUnsupportedFault extends SupvisorsFault {
  declare readonly faultName: 'SIGNATURE_UNSUPPORTED';
  constructor(faultString: string, method: string) {
    super(Faults.SIGNATURE_UNSUPPORTED, faultString, method);
  }
}
export class ShutdownStateFault extends SupvisorsFault {
  declare readonly faultName: 'SHUTDOWN_STATE';
  constructor(faultString: string, method: string) {
    super(Faults.SHUTDOWN_STATE, faultString, method);
  }
}
export class BadNameFault extends SupvisorsFault {
  declare readonly faultName: 'BAD_NAME';
  constructor(faultString: string, method: string) {
    super(Faults.BAD_NAME, faultString, method);
  }
}
export class BadSignalFault extends SupvisorsFault {
  declare readonly faultName: 'BAD_SIGNAL';
  constructor(faultString: string, method: string) {
    super(Faults.BAD_SIGNAL, faultString, method);
  }
}
export class NoFileFault extends SupvisorsFault {
  declare readonly faultName: 'NO_FILE';
  constructor(faultString: string, method: string) {
    super(Faults.NO_FILE, faultString, method);
  }
}
export class NotExecutableFault extends SupvisorsFault {
  declare readonly faultName: 'NOT_EXECUTABLE';
  constructor(faultString: string, method: string) {
    super(Faults.NOT_EXECUTABLE, faultString, method);
  }
}
export class FailedFault extends SupvisorsFault {
  declare readonly faultName: 'FAILED';
  constructor(faultString: string, method: string) {
    super(Faults.FAILED, faultString, method);
  }
}
export class AbnormalTerminationFault extends SupvisorsFault {
  declare readonly faultName: 'ABNORMAL_TERMINATION';
  constructor(faultString: string, method: string) {
    super(Faults.ABNORMAL_TERMINATION, faultString, method);
  }
}
export class SpawnErrorFault extends SupvisorsFault {
  declare readonly faultName: 'SPAWN_ERROR';
  constructor(faultString: string, method: string) {
    super(Faults.SPAWN_ERROR, faultString, method);
  }
}
export class AlreadyStartedFault extends SupvisorsFault {
  declare readonly faultName: 'ALREADY_STARTED';
  constructor(faultString: string, method: string) {
    super(Faults.ALREADY_STARTED, faultString, method);
  }
}
export class NotRunningFault extends SupvisorsFault {
  declare readonly faultName: 'NOT_RUNNING';
  constructor(faultString: string, method: string) {
    super(Faults.NOT_RUNNING, faultString, method);
  }
}
export class SuccessFault extends SupvisorsFault {
  declare readonly faultName: 'SUCCESS';
  constructor(faultString: string, method: string) {
    super(Faults.SUCCESS, faultString, method);
  }
}
export class AlreadyAddedFault extends SupvisorsFault {
  declare readonly faultName: 'ALREADY_ADDED';
  constructor(faultString: string, method: string) {
    super(Faults.ALREADY_ADDED, faultString, method);
  }
}
export class StillRunningFault extends SupvisorsFault {
  declare readonly faultName: 'STILL_RUNNING';
  constructor(faultString: string, method: string) {
    super(Faults.STILL_RUNNING, faultString, method);
  }
}
export class CantRereadFault extends SupvisorsFault {
  declare readonly faultName: 'CANT_REREAD';
  constructor(faultString: string, method: string) {
    super(Faults.CANT_REREAD, faultString, method);
  }
}

// Supvisors' own faults (from 100).
export class SupvisorsConfErrorFault extends SupvisorsFault {
  declare readonly faultName: 'SUPVISORS_CONF_ERROR';
  constructor(faultString: string, method: string) {
    super(Faults.SUPVISORS_CONF_ERROR, faultString, method);
  }
}
export class BadSupvisorsStateFault extends SupvisorsFault {
  declare readonly faultName: 'BAD_SUPVISORS_STATE';
  constructor(faultString: string, method: string) {
    super(Faults.BAD_SUPVISORS_STATE, faultString, method);
  }
}
export class NotManagedFault extends SupvisorsFault {
  declare readonly faultName: 'NOT_MANAGED';
  constructor(faultString: string, method: string) {
    super(Faults.NOT_MANAGED, faultString, method);
  }
}
export class DisabledFault extends SupvisorsFault {
  declare readonly faultName: 'DISABLED';
  constructor(faultString: string, method: string) {
    super(Faults.DISABLED, faultString, method);
  }
}
export class NotApplicableFault extends SupvisorsFault {
  declare readonly faultName: 'NOT_APPLICABLE';
  constructor(faultString: string, method: string) {
    super(Faults.NOT_APPLICABLE, faultString, method);
  }
}
export class NotInstalledFault extends SupvisorsFault {
  declare readonly faultName: 'NOT_INSTALLED';
  constructor(faultString: string, method: string) {
    super(Faults.NOT_INSTALLED, faultString, method);
  }
}

/** Every fault name has its class: a code added to errors/faults.ts fails to compile until it gets one. */
const faultClasses = {
  UNKNOWN_METHOD: UnknownMethodFault,
  INCORRECT_PARAMETERS: IncorrectParametersFault,
  BAD_ARGUMENTS: BadArgumentsFault,
  SIGNATURE_UNSUPPORTED: SignatureUnsupportedFault,
  SHUTDOWN_STATE: ShutdownStateFault,
  BAD_NAME: BadNameFault,
  BAD_SIGNAL: BadSignalFault,
  NO_FILE: NoFileFault,
  NOT_EXECUTABLE: NotExecutableFault,
  FAILED: FailedFault,
  ABNORMAL_TERMINATION: AbnormalTerminationFault,
  SPAWN_ERROR: SpawnErrorFault,
  ALREADY_STARTED: AlreadyStartedFault,
  NOT_RUNNING: NotRunningFault,
  SUCCESS: SuccessFault,
  ALREADY_ADDED: AlreadyAddedFault,
  STILL_RUNNING: StillRunningFault,
  CANT_REREAD: CantRereadFault,
  SUPVISORS_CONF_ERROR: SupvisorsConfErrorFault,
  BAD_SUPVISORS_STATE: BadSupvisorsStateFault,
  NOT_MANAGED: NotManagedFault,
  DISABLED: DisabledFault,
  NOT_APPLICABLE: NotApplicableFault,
  NOT_INSTALLED: NotInstalledFault,
} as const satisfies { readonly [N in FaultName]: new (faultString: string, method: string) => SupvisorsFault & { readonly faultName: N } };

/** The fault as its class; a code outside errors/faults.ts gives the base class. */
export function faultFromCode(faultCode: number, faultString: string, method: string): SupvisorsFault {
  const name = faultName(faultCode);
  return name === undefined ? new SupvisorsFault(faultCode, faultString, method) : new faultClasses[name](faultString, method);
}
