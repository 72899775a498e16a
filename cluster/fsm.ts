/**
 * The Supvisors FSM as pure decisions. Spec: states.md §1 (§1.1 transitions, §1.3 skeleton,
 * §1.4 per state, §1.5 arrivals, §1.6 Master vs slaves, §1.7 failure strategy, §1.8 loss of
 * the Master); protocol.md §10; xmlrpc.md §7.4 (restart, shutdown).
 *
 * Transitions (hard-enforced; anything else is rejected and the state kept):
 *   OFF → SYNCHRONIZATION; SYNCHRONIZATION → OFF | ELECTION;
 *   ELECTION → OFF | SYNCHRONIZATION | DISTRIBUTION | SHUTTING_DOWN;
 *   DISTRIBUTION → OFF | ELECTION | OPERATION | RESTARTING | SHUTTING_DOWN;
 *   OPERATION → OFF | SYNCHRONIZATION | ELECTION | CONCILIATION | RESTARTING | SHUTTING_DOWN;
 *   CONCILIATION → OFF | SYNCHRONIZATION | OPERATION | RESTARTING | SHUTTING_DOWN;
 *   RESTARTING → FINAL; SHUTTING_DOWN → FINAL; FINAL → none.
 *
 * `next(context)` is one state's `next()`; the first suggestion wins, in this order:
 * 1. arrivals: CHECKED instances activated in OPERATION make the Master start the auto-start
 *    applications that never started or show a failure, as a DISTRIBUTION would (**differs from
 *    Python**, where every arrival in OPERATION or CONCILIATION sends everyone to ELECTION,
 *    aborting the jobs in progress: here the newcomer adopts the Master in its own ELECTION,
 *    election.ts check_master, and the others go on working);
 * 2. OFF → SYNCHRONIZATION once the local instance is RUNNING (a critical log after 15 s);
 *    FINAL stays;
 * 3. from SYNCHRONIZATION on: the local instance not RUNNING → OFF;
 * 4. from ELECTION on: degraded mode set, then supvisors_failure_strategy (synchro.ts);
 * 5. from DISTRIBUTION on: check_master fails (no Master, several) → ELECTION; but a Master
 *    lost in OPERATION or CONCILIATION, when the others saw it lost too (election.ts
 *    successionAgreed), is succeeded at once by select_master's choice, which every instance
 *    makes alike from the same RUNNING set, their word awaited SUCCESSION_WAIT_MS (**differs from Python**, §1.8, where
 *    everyone goes to ELECTION, aborting the jobs in progress); the successor starts the
 *    applications a DISTRIBUTION would; views that disagree fall back to ELECTION;
 *    in RESTARTING / SHUTTING_DOWN any suggestion of 3–5 becomes FINAL;
 * 6. the state itself:
 *    - SYNCHRONIZATION: degraded mode set; any end condition → ELECTION;
 *    - ELECTION: wait for stability; with a valid Master: the Master → DISTRIBUTION, a slave →
 *      DISTRIBUTION once the Master is in DISTRIBUTION, OPERATION or CONCILIATION; otherwise
 *      declare select_master's choice and stay;
 *    - DISTRIBUTION and later, every role: Starter/Stopper told about lost instances;
 *    - DISTRIBUTION Master: lost processes to the failure handler (then evaluate again), stay
 *      while the Starter has jobs, then OPERATION;
 *    - OPERATION Master: lost processes as above; stay while jobs run; conflicts → CONCILIATION;
 *    - CONCILIATION Master: stay while jobs run; no conflict → OPERATION; else conciliate again;
 *    - slaves follow the Master's state (stay while it is unknown);
 *    - RESTARTING / SHUTTING_DOWN: the Master stays while the Stopper has jobs, then FINAL;
 *      a slave stays while the Master is in the same state, else FINAL (an error log when the
 *      Master is in any state but FINAL).
 *
 * **Differs from Python**, to remove a race: a slave leaves ELECTION when the Master is in any
 * of DISTRIBUTION, OPERATION, CONCILIATION (Python waits to observe DISTRIBUTION and can stay
 * in ELECTION when it was unstable at that moment), and a slave in DISTRIBUTION whose Master is
 * in CONCILIATION steps to OPERATION (DISTRIBUTION → CONCILIATION is not allowed), from where
 * it follows the Master in the same evaluation.
 *
 * Evaluation (set_state): call `next`, perform its actions, then `planTransition`: on a move,
 * run `exitActions` of the old state, store the new state (published at once), run
 * `enterActions`, and evaluate again, so transitions chain within one evaluation. A chain stops
 * when it would enter a state it already entered in this evaluation (Python would loop); the
 * next evaluation goes on. evaluation.ts drives all this.
 */
import { MASTER_SLAVE_STATES, type MasterCheck } from './election.js';
import type { SupvisorsState } from '../vocabulary/supvisors-states.js';
import { failureStrategySuggestion, SYNCHRO_TIMEOUT_MIN_MS, type SyncFailures, type SyncVerdict } from './synchro.js';
import type { SupvisorsFailureStrategy } from '../vocabulary/strategies.js';

export const fsmTransitions: Readonly<Record<SupvisorsState, readonly SupvisorsState[]>> = {
  OFF: ['SYNCHRONIZATION'],
  SYNCHRONIZATION: ['OFF', 'ELECTION'],
  ELECTION: ['OFF', 'SYNCHRONIZATION', 'DISTRIBUTION', 'SHUTTING_DOWN'],
  DISTRIBUTION: ['OFF', 'ELECTION', 'OPERATION', 'RESTARTING', 'SHUTTING_DOWN'],
  OPERATION: ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'],
  CONCILIATION: ['OFF', 'SYNCHRONIZATION', 'OPERATION', 'RESTARTING', 'SHUTTING_DOWN'],
  RESTARTING: ['FINAL'],
  SHUTTING_DOWN: ['FINAL'],
  FINAL: [],
};

export function isAllowedTransition(from: SupvisorsState, to: SupvisorsState): boolean {
  return fsmTransitions[from].includes(to);
}

export type TransitionPlan =
  | { readonly kind: 'stay' }
  | { readonly kind: 'move'; readonly to: SupvisorsState }
  | { readonly kind: 'rejected'; readonly to: SupvisorsState; readonly message: string }
  | { readonly kind: 'loop'; readonly to: SupvisorsState; readonly message: string };

/** One step of set_state; `entered` = the states already entered in this evaluation. */
export function planTransition(from: SupvisorsState, suggested: SupvisorsState, entered: readonly SupvisorsState[] = []): TransitionPlan {
  if (suggested === from) return { kind: 'stay' };
  if (!isAllowedTransition(from, suggested)) return { kind: 'rejected', to: suggested, message: `unexpected transition ${from} -> ${suggested}` };
  if (entered.includes(suggested)) return { kind: 'loop', to: suggested, message: `${suggested} already entered in this evaluation: next evaluation goes on` };
  return { kind: 'move', to: suggested };
}

/** CHECKED instances are activated in every state but DISTRIBUTION (states.md §1.5). */
export function activatesChecked(state: SupvisorsState): boolean {
  return state !== 'DISTRIBUTION';
}

/**
 * How long a lost Master waits for the others' word before its succession gives way to an
 * ELECTION: they publish the loss at once, a few milliseconds away; this covers a round or two.
 */
export const SUCCESSION_WAIT_MS = 600;

/** A Master lost there is succeeded without ELECTION. */
export function succeeds(state: SupvisorsState): boolean {
  return state === 'OPERATION' || state === 'CONCILIATION';
}

/** An activation there makes the Master start the applications a DISTRIBUTION would. */
export function activationStartsApplications(state: SupvisorsState): boolean {
  return state === 'OPERATION';
}

export interface FsmContext {
  readonly state: SupvisorsState;
  /** The local instance is RUNNING in its own view. */
  readonly localRunning: boolean;
  /** now − OFF entry. */
  readonly uptimeMs: number;
  /** Instances activated (CHECKED → RUNNING) in this evaluation. */
  readonly activated: readonly string[];
  /** Instances invalidated (FAILED → STOPPED/ISOLATED) in this evaluation. */
  readonly lostInstances: readonly string[];
  readonly stable: boolean;
  readonly masterCheck: MasterCheck;
  /** The local record's Master, `''` when none. */
  readonly masterIdentifier: string;
  readonly isMaster: boolean;
  readonly localIdentifier: string;
  /** How long ago the local Master was cleared; undefined while there is one. */
  readonly masterLostForMs: number | undefined;
  /** The Master's published FSM state; undefined without a Master or its record. */
  readonly masterState: SupvisorsState | undefined;
  /** End-of-synchronization verdict (read in SYNCHRONIZATION). */
  readonly sync: SyncVerdict;
  /** Post-synchronization failures (read from ELECTION on). */
  readonly failures: SyncFailures;
  readonly failureStrategy: SupvisorsFailureStrategy;
  /** select_master's choice (read in ELECTION, and for a succession in OPERATION / CONCILIATION). */
  readonly electedMaster: string | undefined;
  /** Local Starter / Stopper have jobs planned or in progress. */
  readonly jobs: { readonly starting: boolean; readonly stopping: boolean };
  /** Conflicts in managed applications. */
  readonly conflicts: boolean;
}

export type FsmAction =
  /** Record update: the local Master (ELECTION). */
  | { readonly kind: 'set-master'; readonly identifier: string }
  /** Record update: the local degraded mode. */
  | { readonly kind: 'set-degraded'; readonly degradedMode: boolean }
  /** Starter and Stopper drop what concerned lost instances (on_instances_invalidation). */
  | { readonly kind: 'inform-lost-instances'; readonly identifiers: readonly string[] }
  /** Conciliate the current conflicts with conciliation_strategy. */
  | { readonly kind: 'conciliate' }
  /** An instance arrived in OPERATION: the Master starts the applications a DISTRIBUTION would. */
  | { readonly kind: 'start-applications' };

export type LogLevel = 'critical' | 'error' | 'warn' | 'info' | 'debug';

export interface FsmDecision {
  /** The suggested state (the current one to stay). */
  readonly next: SupvisorsState;
  readonly reason: string;
  /** To perform in order before the transition. */
  readonly actions: readonly FsmAction[];
  readonly log?: { readonly level: LogLevel; readonly message: string };
}

function decision(next: SupvisorsState, reason: string, actions: readonly FsmAction[] = [], extra: Partial<Pick<FsmDecision, 'log'>> = {}): FsmDecision {
  return { next, reason, actions, ...(extra.log === undefined ? {} : { log: extra.log }) };
}

const endingStates: readonly SupvisorsState[] = ['RESTARTING', 'SHUTTING_DOWN'];

/** Steps 3–5: a suggestion from the checks common to the states from SYNCHRONIZATION on. */
function consistence(context: FsmContext, actions: FsmAction[]): { next: SupvisorsState; reason: string } | undefined {
  const { state } = context;
  if (!context.localRunning) return { next: 'OFF', reason: 'the local instance is not RUNNING' };
  if (state === 'SYNCHRONIZATION') return undefined;
  actions.push({ kind: 'set-degraded', degradedMode: context.failures.degradedMode });
  const suggested = failureStrategySuggestion(context.failures, context.failureStrategy);
  if (suggested !== undefined) return { next: suggested, reason: `supvisors_failure_strategy ${context.failureStrategy}: a synchronization condition is lost` };
  const masterLost = succeeds(state) && context.masterIdentifier === '';
  if (masterLost && context.electedMaster !== undefined) {
    // the Master was lost: its successor is the one an ELECTION would choose, taken at once
    actions.push({ kind: 'set-master', identifier: context.electedMaster });
    if (context.lostInstances.length > 0) actions.push({ kind: 'inform-lost-instances', identifiers: context.lostInstances });
    const successor = context.electedMaster === context.localIdentifier;
    if (successor) actions.push({ kind: 'start-applications' });
    return { next: state, reason: `Master lost: ${successor ? 'this instance' : context.electedMaster} succeeds it` };
  }
  if (masterLost && context.masterLostForMs !== undefined && context.masterLostForMs < SUCCESSION_WAIT_MS) {
    // the others publish a lost Master at once: their word may be on its way
    if (context.lostInstances.length > 0) actions.push({ kind: 'inform-lost-instances', identifiers: context.lostInstances });
    return { next: state, reason: 'Master lost: waiting for the others to see it lost too' };
  }
  if (MASTER_SLAVE_STATES.includes(state) && !context.masterCheck.ok) {
    return { next: 'ELECTION', reason: context.masterCheck.reason === 'no-master' ? 'an instance declares no Master' : 'several Masters declared' };
  }
  return undefined;
}

/** The slave's way to its Master's state. */
function follow(context: FsmContext): FsmDecision {
  const { masterState, state } = context;
  if (masterState === undefined) return decision(state, 'slave: the Master state is unknown');
  if (state === 'DISTRIBUTION' && masterState === 'CONCILIATION') return decision('OPERATION', 'slave: on the way to the Master state CONCILIATION');
  return decision(masterState, `slave: follows the Master in ${masterState}`);
}

function electionNext(context: FsmContext, actions: FsmAction[]): FsmDecision {
  if (!context.stable) return decision('ELECTION', 'waiting for a stable context', actions);
  if (context.masterCheck.ok) {
    if (context.isMaster) return decision('DISTRIBUTION', 'Master elected: this instance', actions);
    const { masterState } = context;
    if (masterState === 'DISTRIBUTION' || masterState === 'OPERATION' || masterState === 'CONCILIATION') {
      return decision('DISTRIBUTION', `slave: the Master is in ${masterState}`, actions);
    }
  }
  const { electedMaster } = context;
  if (electedMaster !== undefined && electedMaster !== context.masterIdentifier) actions.push({ kind: 'set-master', identifier: electedMaster });
  return decision('ELECTION', context.masterCheck.ok ? 'slave: waiting for the Master in DISTRIBUTION' : `electing: ${electedMaster ?? 'no candidate'}`, actions);
}

/** One evaluation of the current state (states.md §1.3–§1.8). */
export function next(context: FsmContext): FsmDecision {
  const { state } = context;
  if (state === 'OFF') {
    if (context.localRunning) return decision('SYNCHRONIZATION', 'the local instance is RUNNING');
    const late = context.uptimeMs >= SYNCHRO_TIMEOUT_MIN_MS;
    const message = `the local instance is still not RUNNING after ${Math.trunc(context.uptimeMs / 1000)} seconds`;
    return decision('OFF', message, [], late ? { log: { level: 'critical', message } } : {});
  }
  if (state === 'FINAL') return decision('FINAL', 'final');
  const actions: FsmAction[] = [];
  const suggested = consistence(context, actions);
  if (suggested !== undefined) {
    return endingStates.includes(state) ? decision('FINAL', `${suggested.reason} (ending state)`, actions) : decision(suggested.next, suggested.reason, actions);
  }
  switch (state) {
    case 'SYNCHRONIZATION': {
      actions.push({ kind: 'set-degraded', degradedMode: context.sync.degradedMode });
      return context.sync.ended
        ? decision('ELECTION', `synchronization ended by ${context.sync.endedBy.join(', ')}`, actions)
        : decision('SYNCHRONIZATION', 'synchronizing', actions);
    }
    case 'ELECTION':
      return electionNext(context, actions);
    default:
      break;
  }
  if (context.lostInstances.length > 0) actions.push({ kind: 'inform-lost-instances', identifiers: context.lostInstances });
  if (!context.isMaster) {
    if (endingStates.includes(state)) {
      if (context.masterState === state) return decision(state, `slave: the Master is ${state}`, actions);
      if (context.masterState === 'FINAL' || context.masterState === undefined) return decision('FINAL', 'slave: the Master is FINAL or unknown', actions);
      const message = `slave in ${state}: unexpected Master state ${context.masterState}`;
      return decision('FINAL', message, actions, { log: { level: 'error', message } });
    }
    const followed = follow(context);
    return { ...followed, actions };
  }
  if (activationStartsApplications(state) && context.activated.length > 0) {
    return decision(state, `instances activated: ${context.activated.join(', ')}: starting the applications that need it`, [...actions, { kind: 'start-applications' }]);
  }
  const jobsRunning = context.jobs.starting || context.jobs.stopping;
  switch (state) {
    case 'DISTRIBUTION':
    case 'OPERATION':
      if (state === 'DISTRIBUTION') return context.jobs.starting ? decision(state, 'starting applications', actions) : decision('OPERATION', 'distribution done', actions);
      if (jobsRunning) return decision(state, 'jobs in progress', actions);
      return context.conflicts ? decision('CONCILIATION', 'conflicts found', actions) : decision(state, 'operating', actions);
    case 'CONCILIATION':
      if (jobsRunning) return decision(state, 'jobs in progress', actions);
      if (!context.conflicts) return decision('OPERATION', 'no more conflict', actions);
      return decision(state, 'conflicts remain: conciliate again', [...actions, { kind: 'conciliate' }]);
    default:
      return context.jobs.stopping ? decision(state, 'stopping applications', actions) : decision('FINAL', 'applications stopped', actions);
  }
}

export type EnterExitAction =
  /** OFF entry: the start date (uptime origin of TIMEOUT and CORE) is now. */
  | { readonly kind: 'set-start-date' }
  /** Failure handler, Starter and Stopper are emptied. */
  | { readonly kind: 'abort-jobs' }
  /** Master DISTRIBUTION entry: start the auto-start applications (never started or failed). */
  | { readonly kind: 'start-applications' }
  /** Master CONCILIATION entry. */
  | { readonly kind: 'conciliate' }
  /** Master ending entry: stop every application with a running process. */
  | { readonly kind: 'stop-applications' }
  /** Leaving RESTARTING / SHUTTING_DOWN (to FINAL): restart / shut down the local supervisord. */
  | { readonly kind: 'restart-supervisor' }
  | { readonly kind: 'shutdown-supervisor' };

export function enterActions(state: SupvisorsState, isMaster: boolean): EnterExitAction[] {
  switch (state) {
    case 'OFF':
      return [{ kind: 'set-start-date' }];
    case 'SYNCHRONIZATION':
    case 'ELECTION':
      return [{ kind: 'abort-jobs' }];
    case 'DISTRIBUTION':
      return isMaster ? [{ kind: 'start-applications' }] : [];
    case 'CONCILIATION':
      return isMaster ? [{ kind: 'conciliate' }] : [];
    case 'RESTARTING':
    case 'SHUTTING_DOWN':
      return isMaster ? [{ kind: 'abort-jobs' }, { kind: 'stop-applications' }] : [{ kind: 'abort-jobs' }];
    case 'OPERATION':
    case 'FINAL':
      return [];
  }
}

export function exitActions(state: SupvisorsState): EnterExitAction[] {
  if (state === 'RESTARTING') return [{ kind: 'restart-supervisor' }];
  if (state === 'SHUTTING_DOWN') return [{ kind: 'shutdown-supervisor' }];
  return [];
}

export type ClosingRequestOutcome =
  | { readonly kind: 'transition'; readonly to: 'RESTARTING' | 'SHUTTING_DOWN' }
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'forward'; readonly master: string }
  | { readonly kind: 'no-master' };

/**
 * `supvisors.restart` / `supvisors.shutdown` (after their FROM_DISTRIBUTION guard): the Master
 * moves itself; another instance forwards to the Master (RESTART_ALL / SHUTDOWN_ALL); with no
 * Master Python fails with HTTP 500.
 */
export function closingRequest(kind: 'restart' | 'shutdown', context: { readonly state: SupvisorsState; readonly isMaster: boolean; readonly masterIdentifier: string }): ClosingRequestOutcome {
  const to = kind === 'restart' ? 'RESTARTING' : 'SHUTTING_DOWN';
  if (context.masterIdentifier === '') return { kind: 'no-master' };
  if (!context.isMaster) return { kind: 'forward', master: context.masterIdentifier };
  if (context.state === to) return { kind: 'rejected', message: `already ${to}` };
  return isAllowedTransition(context.state, to) ? { kind: 'transition', to } : { kind: 'rejected', message: `unexpected transition ${context.state} -> ${to}` };
}
