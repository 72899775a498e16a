/**
 * Stability and Master election. Spec: states.md §3.3–§3.5; protocol.md §5 (end_sync), §6,
 * §10 (late joiner); xmlrpc.md §7.4 (end_sync faults).
 *
 * - Stability (§3.3): for each instance the local instance sees RUNNING (itself included), take
 *   the instance states its record publishes: any state other than RUNNING, STOPPED, ISOLATED
 *   gives an empty set, else the set it sees RUNNING (a missing record gives an empty set). The
 *   context is stable iff these sets are all identical and not empty; `stable identifiers` =
 *   that set (empty when unstable). Peers' FSM states are not compared.
 * - check_master (§3.4): the Masters declared by every record of an instance seen RUNNING
 *   (the local one included) must be one single non-empty identifier. (Python answers true
 *   when no instance is seen RUNNING; unreachable, as the local instance must be RUNNING
 *   first: we answer "no master".) **Differs from Python**: checked from a Master/Slave state
 *   (DISTRIBUTION and after), another instance counts only when it declares a Master seen
 *   RUNNING: one that joins (a node started or restarted) declares none until it adopts the
 *   Master in its own ELECTION, and one whose Master was lost declares none until it succeeds
 *   it (fsm.ts), while the others go on. Python sends everyone to ELECTION on each arrival and
 *   loss of the Master, which aborts every job in progress. Two different Masters declared (a
 *   healed partition) still send everyone to ELECTION.
 * - select_master (§3.5), in this order of precedence: (1) candidates = the Masters seen RUNNING
 *   declared by instances seen RUNNING —
 *   an existing Master wins, which is how a late joiner adopts the running Master (protocol.md
 *   §10); else the identifiers seen RUNNING locally;
 *   (2) candidates in the resolved core_identifiers are preferred when there are any (whether
 *   or not CORE is a synchro option); (3) the smallest nick identifier (string order) wins.
 * - accept_master (USER, SYNCHRONIZATION): adopt a Master declared by a RUNNING instance.
 * - successionAgreed (ours): whether a Master lost in OPERATION / CONCILIATION may be succeeded
 *   without ELECTION, the others having seen it lost too (fsm.ts).
 *   Python takes an arbitrary one of the set; we keep our own when declared, else take the
 *   first in instance order (deterministic).
 * - end_sync(master) checks, first failing wins: guard SYNC (BAD_SUPVISORS_STATE);
 *   a Master already set (`BAD_SUPVISORS_STATE: Supvisors synchronization ending`); USER not in
 *   synchro_options (`NOT_APPLICABLE: USER expected in synchro_options`); with a master name:
 *   unknown (`BAD_NAME: unknown Supvisors identifier=<m>`), several (`INCORRECT_PARAMETERS:
 *   multiple identifiers=[...] found for Supvisors master=<m>`), not RUNNING (`NOT_RUNNING:
 *   Supvisors instance=<id> is not RUNNING (<STATE>)`). Success: assign that Master, or elect
 *   (select_master) when the name is empty; then the FSM is evaluated.
 */
import type { SynchroOption } from '../config/types.js';
import type { FaultName } from '../errors/faults.js';
import { resolveName, type ClusterInstance, type InstanceList } from './instances.js';
import { pythonList } from '../errors/python-text.js';
import { failure, success, type Outcome } from './outcome.js';
import { guard } from '../cluster/guards.js';
import { localRecord, runningIdentifiers, type StateModes, type StateModesMap } from '../cluster/state-records.js';
import type { InstanceState, SupvisorsState } from '../vocabulary/supvisors-states.js';

const stableStates: readonly InstanceState[] = ['RUNNING', 'STOPPED', 'ISOLATED'];

export interface Stability {
  readonly stable: boolean;
  /** The agreed RUNNING set, in the local instance order; empty when unstable. */
  readonly identifiers: readonly string[];
}

/** What one RUNNING instance reports: its RUNNING set, or nothing while it sees a transitional state. */
function reportedRunning(record: StateModes | undefined): string[] {
  if (record === undefined) return [];
  const states = [...record.instanceStates.values()];
  return states.every((state) => stableStates.includes(state)) ? runningIdentifiers(record) : [];
}

export function stability(records: StateModesMap, localIdentifier: string): Stability {
  const local = localRecord(records, localIdentifier);
  const reports = runningIdentifiers(local).map((identifier) => new Set(reportedRunning(records.get(identifier))));
  const [first] = reports;
  if (first === undefined || first.size === 0) return { stable: false, identifiers: [] };
  const same = reports.every((report) => report.size === first.size && [...report].every((identifier) => first.has(identifier)));
  if (!same) return { stable: false, identifiers: [] };
  const order = [...local.instanceStates.keys()];
  return { stable: true, identifiers: [...first].sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
}

/** Python's `_MasterSlaveState`s: an instance there works with its Master (states.md §1.3, §1.6). */
export const MASTER_SLAVE_STATES: readonly SupvisorsState[] = ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'];

/**
 * Whose declarations count: every instance seen RUNNING (the local one included), or, for an
 * instance at work, its own and the others' that name a Master it sees RUNNING: another that
 * declares none, or one this instance sees lost, is between two Masters (joining, or succeeding a
 * lost one) and will declare one.
 */
export type Declarers = 'all' | 'decided';

/** The Masters declared by the instances seen RUNNING (the local one included), `''` kept, distinct. */
export function declaredMasters(records: StateModesMap, localIdentifier: string, declarers: Declarers = 'all'): string[] {
  const running = runningIdentifiers(localRecord(records, localIdentifier));
  const masters = running.flatMap((identifier) => {
    const master = records.get(identifier)?.masterIdentifier ?? '';
    return declarers === 'all' || identifier === localIdentifier || (master !== '' && running.includes(master)) ? [master] : [];
  });
  return [...new Set(masters)];
}

/**
 * A lost Master may be succeeded without ELECTION when the others saw it lost too: another
 * instance is still seen RUNNING (else this one is the one cut off), and none of them declares a
 * Master this instance sees lost (else the loss is this instance's view only: a cut link).
 */
export function successionAgreed(records: StateModesMap, localIdentifier: string): boolean {
  const running = runningIdentifiers(localRecord(records, localIdentifier));
  if (running.length < 2) return false;
  return running.every((identifier) => {
    const master = records.get(identifier)?.masterIdentifier ?? '';
    return identifier === localIdentifier || master === '' || running.includes(master);
  });
}

export type MasterCheck =
  | { readonly ok: true; readonly master: string }
  | { readonly ok: false; readonly reason: 'no-master' | 'several-masters'; readonly masters: readonly string[] };

export function checkMaster(records: StateModesMap, localIdentifier: string, declarers: Declarers = 'all'): MasterCheck {
  const masters = declaredMasters(records, localIdentifier, declarers);
  if (masters.length === 0 || masters.includes('')) return { ok: false, reason: 'no-master', masters };
  if (masters.length > 1) return { ok: false, reason: 'several-masters', masters };
  return { ok: true, master: masters[0] };
}

export function isMaster(records: StateModesMap, localIdentifier: string): boolean {
  return localRecord(records, localIdentifier).masterIdentifier === localIdentifier;
}

function nickOf(identifier: string, instances: readonly ClusterInstance[], records: StateModesMap): string {
  return instances.find((instance) => instance.identifier === identifier)?.nickIdentifier ?? records.get(identifier)?.nickIdentifier ?? identifier;
}

/** The Master the local instance should declare; undefined when there is no candidate at all. */
export function selectMaster(records: StateModesMap, localIdentifier: string, instances: readonly ClusterInstance[], coreIdentifiers: readonly string[]): string | undefined {
  const running = runningIdentifiers(localRecord(records, localIdentifier));
  const declared = declaredMasters(records, localIdentifier).filter((master) => master !== '' && running.includes(master));
  const candidates = declared.length > 0 ? declared : running;
  const core = coreIdentifiers.filter((identifier) => candidates.includes(identifier));
  const pool = core.length > 0 ? core : candidates;
  let best: string | undefined;
  for (const candidate of pool) {
    if (best === undefined || nickOf(candidate, instances, records) < nickOf(best, instances, records)) best = candidate;
  }
  return best;
}

/** USER in SYNCHRONIZATION: the Master to adopt from the RUNNING instances, or undefined (keep the current one). */
export function acceptMaster(records: StateModesMap, localIdentifier: string): string | undefined {
  const declared = declaredMasters(records, localIdentifier).filter((master) => master !== '');
  if (declared.length === 0) return undefined;
  const own = localRecord(records, localIdentifier).masterIdentifier;
  if (declared.includes(own)) return undefined;
  const order = [...localRecord(records, localIdentifier).instanceStates.keys()];
  return [...declared].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
}

export interface EndSyncFault {
  readonly fault: FaultName;
  readonly detail: string;
  readonly faultString: string;
}

export type EndSyncAction = { readonly kind: 'assign'; readonly identifier: string } | { readonly kind: 'elect' };

function endSyncFault(fault: FaultName, detail: string): { readonly ok: false; readonly error: EndSyncFault } {
  return failure({ fault, detail, faultString: `${fault}: ${detail}` });
}

/** The validation of `supvisors.end_sync(master)` (xmlrpc.md §7.4), first failing check wins. */
export function endSync(request: {
  readonly state: SupvisorsState;
  readonly synchroOptions: readonly SynchroOption[];
  /** The local record's Master (`''` when none). */
  readonly masterIdentifier: string;
  /** The parameter, `''` for an automatic election. */
  readonly master: string;
  readonly list: InstanceList;
  /** The local view of the instance states. */
  readonly states: ReadonlyMap<string, InstanceState>;
}): Outcome<EndSyncAction, EndSyncFault> {
  const guarded = guard('SYNC', request.state);
  if (!guarded.ok) return endSyncFault('BAD_SUPVISORS_STATE', guarded.detail);
  if (request.masterIdentifier !== '') return endSyncFault('BAD_SUPVISORS_STATE', 'Supvisors synchronization ending');
  if (!request.synchroOptions.includes('USER')) return endSyncFault('NOT_APPLICABLE', 'USER expected in synchro_options');
  if (request.master === '') return success({ kind: 'elect' });
  const identifiers = resolveName(request.list, request.master);
  if (identifiers.length === 0) return endSyncFault('BAD_NAME', `unknown Supvisors identifier=${request.master}`);
  if (identifiers.length > 1) return endSyncFault('INCORRECT_PARAMETERS', `multiple identifiers=${pythonList(identifiers)} found for Supvisors master=${request.master}`);
  const [identifier] = identifiers;
  const state = request.states.get(identifier) ?? 'STOPPED';
  if (state !== 'RUNNING') return endSyncFault('NOT_RUNNING', `Supvisors instance=${identifier} is not RUNNING (${state})`);
  return success({ kind: 'assign', identifier });
}
