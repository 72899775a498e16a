/**
 * End of SYNCHRONIZATION and the supvisors failure check after it.
 * Spec: protocol.md §5; states.md §1.4 (SYNCHRONIZATION), §1.7, §3.3; config.md §3.2.
 *
 * Every "RUNNING" test uses the stable identifiers (election.ts `stability`), not the local view.
 * Each condition is `undefined` when its option is not in synchro_options:
 * - STRICT: every `supvisors_list` (declared, not discovered) identifier is stable RUNNING;
 *   never met with an empty list (config removes STRICT then: config.md §3.2 rule 2).
 * - LIST: the number of stable RUNNING identifiers equals the number of known instances
 *   (declared + discovered, ISOLATED ones included: LIST cannot be met while one is isolated).
 * - TIMEOUT: `now − start ≥ synchro_timeout` seconds, start being the OFF entry.
 * - CORE: every resolved core identifier is stable RUNNING (never met with none resolved)
 *   **and** the uptime is at least 15 s (`SYNCHRO_TIMEOUT_MIN`; parameter `coreMinUptimeMs`).
 * - USER: a Master is set (end_sync, or adopted from a RUNNING peer: election.ts
 *   `acceptMaster`, applied by the caller before) and seen RUNNING locally.
 * Synchronization ends (→ ELECTION) when any condition is true. `degraded_mode` = one of
 * STRICT, LIST, CORE is exactly false (USER and TIMEOUT never degrade; CORE is false, hence
 * degraded, during its first 15 s even with every core instance RUNNING).
 * At TIMEOUT the instances not yet RUNNING keep their state (as the 0.19 code does; the docs'
 * "set to STOPPED, or ISOLATED with auto_fence" is not done): ELECTION then waits for
 * stability, and they join later through the normal handshake. `pending` lists them for logs.
 *
 * After synchronization (ELECTION and later), the failures, each `undefined` when its option
 * is not set: USER = an instance was invalidated in this very evaluation; CORE = not every core
 * identifier stable RUNNING; STRICT = not every `supvisors_list` identifier stable RUNNING;
 * LIST = fewer stable RUNNING than known. `degraded_mode` = a STRICT, LIST or CORE failure.
 * Precedence: the first defined of USER, CORE, STRICT, LIST decides (the docs' "STRICT/CORE
 * prevail" is not what the code does). If it is a failure: RESYNC → SYNCHRONIZATION,
 * SHUTDOWN → SHUTTING_DOWN, CONTINUE → nothing. Config forces CONTINUE when TIMEOUT is set
 * (config/consistency.ts applies the §3.2 rules at load; inputs here are taken as loaded).
 */
import type { SynchroOption } from '../config/types.js';
import type { SupvisorsState } from '../vocabulary/supvisors-states.js';
import type { SupvisorsFailureStrategy } from '../vocabulary/strategies.js';

/** `SupvisorsOptions.SYNCHRO_TIMEOUT_MIN`: CORE never ends synchronization earlier. */
export const SYNCHRO_TIMEOUT_MIN_MS = 15_000;

/** The membership facts the conditions read. */
export interface MembershipFacts {
  readonly synchroOptions: readonly SynchroOption[];
  /** Stable RUNNING identifiers (empty when unstable). */
  readonly stable: readonly string[];
  /** `supvisors_list` identifiers (STRICT). */
  readonly initialIdentifiers: readonly string[];
  /** Every known identifier, discovered and ISOLATED ones included (LIST). */
  readonly knownIdentifiers: readonly string[];
  /** Resolved core identifiers (CORE). */
  readonly coreIdentifiers: readonly string[];
}

export interface SyncFacts extends MembershipFacts {
  readonly startMs: number;
  readonly nowMs: number;
  /** Seconds, as the option. */
  readonly synchroTimeout: number;
  /** The local record's Master, `''` when none. */
  readonly masterIdentifier: string;
  /** The Master is seen RUNNING locally. */
  readonly masterRunning: boolean;
  /** Default SYNCHRO_TIMEOUT_MIN_MS. */
  readonly coreMinUptimeMs?: number;
}

export interface SyncConditions {
  readonly STRICT: boolean | undefined;
  readonly LIST: boolean | undefined;
  readonly TIMEOUT: boolean | undefined;
  readonly CORE: boolean | undefined;
  readonly USER: boolean | undefined;
}

export interface SyncVerdict {
  readonly conditions: SyncConditions;
  /** Any condition true. */
  readonly ended: boolean;
  /** The options whose condition is true, in option order. */
  readonly endedBy: readonly SynchroOption[];
  readonly degradedMode: boolean;
  /** Known instances not stable RUNNING. */
  readonly pending: readonly string[];
}

function allIn(identifiers: readonly string[], stable: readonly string[]): boolean {
  return identifiers.length > 0 && identifiers.every((identifier) => stable.includes(identifier));
}

function when(facts: { readonly synchroOptions: readonly SynchroOption[] }, option: SynchroOption, test: () => boolean): boolean | undefined {
  return facts.synchroOptions.includes(option) ? test() : undefined;
}

const strictMet = (facts: MembershipFacts): boolean => allIn(facts.initialIdentifiers, facts.stable);
const listMet = (facts: MembershipFacts): boolean => facts.stable.length === facts.knownIdentifiers.length;
const coreMet = (facts: MembershipFacts): boolean => allIn(facts.coreIdentifiers, facts.stable);

/** The five end-of-synchronization conditions (protocol.md §5). */
export function endOfSync(facts: SyncFacts): SyncVerdict {
  const uptimeMs = facts.nowMs - facts.startMs;
  const conditions: SyncConditions = {
    STRICT: when(facts, 'STRICT', () => strictMet(facts)),
    LIST: when(facts, 'LIST', () => listMet(facts)),
    TIMEOUT: when(facts, 'TIMEOUT', () => uptimeMs >= facts.synchroTimeout * 1000),
    CORE: when(facts, 'CORE', () => coreMet(facts) && uptimeMs >= (facts.coreMinUptimeMs ?? SYNCHRO_TIMEOUT_MIN_MS)),
    USER: when(facts, 'USER', () => facts.masterIdentifier !== '' && facts.masterRunning),
  };
  const endedBy = (Object.keys(conditions) as SynchroOption[]).filter((option) => conditions[option] === true);
  return {
    conditions,
    ended: endedBy.length > 0,
    endedBy,
    degradedMode: conditions.STRICT === false || conditions.LIST === false || conditions.CORE === false,
    pending: facts.knownIdentifiers.filter((identifier) => !facts.stable.includes(identifier)),
  };
}

export interface FailureFacts extends MembershipFacts {
  /** Instances invalidated in this evaluation. */
  readonly lostInstances: readonly string[];
}

export interface SyncFailures {
  readonly USER: boolean | undefined;
  readonly CORE: boolean | undefined;
  readonly STRICT: boolean | undefined;
  readonly LIST: boolean | undefined;
  /** The first defined of USER, CORE, STRICT, LIST; undefined when none is set (TIMEOUT alone). */
  readonly decisive: boolean | undefined;
  readonly degradedMode: boolean;
}

/** The failures of states.md §1.7, with their precedence. */
export function syncFailures(facts: FailureFacts): SyncFailures {
  const USER = when(facts, 'USER', () => facts.lostInstances.length > 0);
  const CORE = when(facts, 'CORE', () => !coreMet(facts));
  const STRICT = when(facts, 'STRICT', () => !strictMet(facts));
  const LIST = when(facts, 'LIST', () => !listMet(facts));
  return {
    USER,
    CORE,
    STRICT,
    LIST,
    decisive: [USER, CORE, STRICT, LIST].find((value) => value !== undefined),
    degradedMode: STRICT === true || LIST === true || CORE === true,
  };
}

/** What supvisors_failure_strategy suggests for a decisive failure; undefined: nothing. */
export function failureStrategySuggestion(failures: SyncFailures, strategy: SupvisorsFailureStrategy): SupvisorsState | undefined {
  if (failures.decisive !== true) return undefined;
  switch (strategy) {
    case 'RESYNC':
      return 'SYNCHRONIZATION';
    case 'SHUTDOWN':
      return 'SHUTTING_DOWN';
    case 'CONTINUE':
      return undefined;
  }
}
