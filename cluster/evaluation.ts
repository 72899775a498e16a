/**
 * One FSM evaluation from the records, so the state-machine actor only keeps state and does
 * I/O. Spec: states.md §1.2–§1.3 (evaluation order, skeleton), §2.4 (invalidation), §3.2
 * (publication), §3.3 (stability), protocol.md §5–§6.
 *
 * When: at each local round (after the inactivity check and the flush of a deferred STATE),
 * on a STATE from the current Master, after end_sync, once at start. Before it, the actor runs
 * Starter/Stopper checks and the failure handler's trigger (states.md §1.2 steps 1–3).
 *
 * Each step: `prepare` (invalidate FAILED instances: STOPPED, or ISOLATED with auto_fence while
 * the Master is in a working state; activate CHECKED ones whose processes are loaded, except in
 * DISTRIBUTION), the host
 * learns the invalidated instances (their processes become lost), the host's fresh facts are
 * observed, `decide` (USER adoption of a declared Master in SYNCHRONIZATION, stability, sync
 * verdict, failures, master check, select_master, then fsm.ts `next`), record actions applied
 * here, the other actions performed by the host, then the transition (exit, state stored and
 * published, enter) and the next step of the chain. `runEvaluation` drives the steps.
 */
import type { SupvisorsOptions } from '../config/types.js';
import { checkMaster, isMaster, selectMaster, stability, acceptMaster, successionAgreed, MASTER_SLAVE_STATES } from './election.js';
import { activatesChecked, succeeds, enterActions, exitActions, next, planTransition, type EnterExitAction, type FsmAction, type FsmContext, type FsmDecision, type LogLevel } from './fsm.js';
import { invalidate } from './instance-states.js';
import { initialIdentifiers, resolveNames, type InstanceList } from './instances.js';
import { localRecord, localView, setInstanceState, setLocalModes, strongest, type Publication, type StateModesMap } from '../cluster/state-records.js';
import { endOfSync, syncFailures } from './synchro.js';
import type { SupvisorsState } from '../vocabulary/supvisors-states.js';

export type ClusterOptions = Pick<SupvisorsOptions, 'synchroOptions' | 'synchroTimeout' | 'autoFence' | 'supvisorsFailureStrategy' | 'coreIdentifiers'>;

export interface Invalidation {
  readonly identifier: string;
  readonly state: 'STOPPED' | 'ISOLATED';
}

export interface Preparation {
  readonly records: StateModesMap;
  readonly publication: Publication;
  readonly invalidated: readonly Invalidation[];
  readonly activated: readonly string[];
}

/** states.md §1.3 step 1 (`_check_instances`) on the records. */
export function prepare(list: InstanceList, records: StateModesMap, options: Pick<ClusterOptions, 'autoFence'>, loaded?: ReadonlySet<string>): Preparation {
  const { localIdentifier } = list;
  const local = localRecord(records, localIdentifier);
  const masterState = local.masterIdentifier === '' ? undefined : records.get(local.masterIdentifier)?.state;
  let current = records;
  let publication: Publication = 'none';
  const invalidated: Invalidation[] = [];
  const activated: string[] = [];
  for (const [identifier, state] of local.instanceStates) {
    if (state !== 'FAILED') continue;
    const target = invalidate({ isLocal: identifier === localIdentifier, fence: false, autoFence: options.autoFence, masterState });
    const updated = setInstanceState(current, localIdentifier, identifier, target);
    current = updated.records;
    publication = strongest(publication, updated.publication);
    invalidated.push({ identifier, state: target });
  }
  if (activatesChecked(local.state)) {
    for (const [identifier, state] of localRecord(current, localIdentifier).instanceStates) {
      if (state !== 'CHECKED' || (loaded !== undefined && !loaded.has(identifier))) continue;
      const updated = setInstanceState(current, localIdentifier, identifier, 'RUNNING');
      current = updated.records;
      publication = strongest(publication, updated.publication);
      activated.push(identifier);
    }
  }
  return { records: current, publication, invalidated, activated };
}

/** What the host knows outside membership, read fresh before each decision. */
export interface Observation {
  readonly nowMs: number;
  /** Local Starter / Stopper have jobs planned or in progress. */
  readonly jobs: { readonly starting: boolean; readonly stopping: boolean };
  /** Conflicts in managed applications. */
  readonly conflicts: boolean;
  /** Instances whose processes are loaded: only those are activated; undefined: every CHECKED one. */
  readonly loaded?: ReadonlySet<string>;
  /** When the local Master was cleared (same clock as nowMs); absent while there is one. */
  readonly masterLostAtMs?: number;
}

/** The decision's actions the host performs (record actions are applied by `decide`). */
export type HostFsmAction = Exclude<FsmAction, { kind: 'set-master' } | { kind: 'set-degraded' }>;

export interface Evaluation {
  readonly context: FsmContext;
  readonly decision: FsmDecision;
  /** After the USER adoption and the decision's record actions. */
  readonly records: StateModesMap;
  readonly publication: Publication;
  readonly actions: readonly HostFsmAction[];
}

export interface DecideInput {
  readonly list: InstanceList;
  readonly records: StateModesMap;
  readonly options: ClusterOptions;
  readonly startMs: number;
  readonly observation: Observation;
  readonly lostInstances: readonly string[];
  readonly activated: readonly string[];
  /** CORE's minimum uptime; default 15 s. */
  readonly coreMinUptimeMs?: number;
}

/** The facts of fsm.ts from the records, the decision, and its record actions applied. */
export function decide(input: DecideInput): Evaluation {
  const { list, options, observation } = input;
  const { localIdentifier } = list;
  let records = input.records;
  let publication: Publication = 'none';
  const state = localRecord(records, localIdentifier).state;
  const localRunning = localView(records, localIdentifier, localIdentifier) === 'RUNNING';
  if (state === 'SYNCHRONIZATION' && localRunning && options.synchroOptions.includes('USER')) {
    const adopted = acceptMaster(records, localIdentifier);
    if (adopted !== undefined) ({ records, publication } = setLocalModes(records, localIdentifier, { masterIdentifier: adopted }));
  }
  const local = localRecord(records, localIdentifier);
  const stable = stability(records, localIdentifier);
  const membership = {
    synchroOptions: options.synchroOptions,
    stable: stable.identifiers,
    initialIdentifiers: initialIdentifiers(list),
    knownIdentifiers: list.instances.map((instance) => instance.identifier),
    coreIdentifiers: resolveNames(list, options.coreIdentifiers).identifiers,
  };
  const master = local.masterIdentifier;
  const context: FsmContext = {
    state,
    localRunning,
    uptimeMs: observation.nowMs - input.startMs,
    activated: input.activated,
    lostInstances: input.lostInstances,
    stable: stable.stable,
    // from a Master/Slave state, the instances joining adopt the Master in their own ELECTION
    masterCheck: checkMaster(records, localIdentifier, MASTER_SLAVE_STATES.includes(state) ? 'decided' : 'all'),
    masterIdentifier: master,
    isMaster: isMaster(records, localIdentifier),
    localIdentifier,
    masterLostForMs: observation.masterLostAtMs === undefined ? undefined : observation.nowMs - observation.masterLostAtMs,
    masterState: master === '' ? undefined : records.get(master)?.state,
    sync: endOfSync({
      ...membership,
      startMs: input.startMs,
      nowMs: observation.nowMs,
      synchroTimeout: options.synchroTimeout,
      masterIdentifier: master,
      masterRunning: master !== '' && localView(records, localIdentifier, master) === 'RUNNING',
      ...(input.coreMinUptimeMs === undefined ? {} : { coreMinUptimeMs: input.coreMinUptimeMs }),
    }),
    failures: syncFailures({ ...membership, lostInstances: input.lostInstances }),
    failureStrategy: options.supvisorsFailureStrategy,
    // ELECTION, and the succession of a Master lost in OPERATION or CONCILIATION (fsm.ts)
    electedMaster: state === 'ELECTION' || (succeeds(state) && master === '' && successionAgreed(records, localIdentifier)) ? selectMaster(records, localIdentifier, list.instances, membership.coreIdentifiers) : undefined,
    jobs: observation.jobs,
    conflicts: observation.conflicts,
  };
  const decision = next(context);
  const actions: HostFsmAction[] = [];
  for (const action of decision.actions) {
    if (action.kind === 'set-master' || action.kind === 'set-degraded') {
      const updated = setLocalModes(records, localIdentifier, action.kind === 'set-master' ? { masterIdentifier: action.identifier } : { degradedMode: action.degradedMode });
      records = updated.records;
      publication = strongest(publication, updated.publication);
    } else {
      actions.push(action);
    }
  }
  return { context, decision, records, publication, actions };
}

/** What `runEvaluation` asks of the actor. */
export type HostAction =
  /** Processes that ran there are lost (synthetic FATAL "Supervisor <identifier> lost"): the failure handler follows the model. */
  | { readonly kind: 'instances-invalidated'; readonly invalidated: readonly Invalidation[] }
  | HostFsmAction
  | Exclude<EnterExitAction, { kind: 'set-start-date' }>;

export interface FsmHost {
  observe(): Observation;
  /** Keep these records; publish STATE now ('immediate') or at the next round ('deferred'). */
  commit(records: StateModesMap, publication: Publication): void;
  perform(action: HostAction): void | Promise<void>;
  log(level: LogLevel, message: string): void;
}

export interface EvaluationStart {
  readonly list: InstanceList;
  readonly records: StateModesMap;
  readonly options: ClusterOptions;
  /** OFF entry time; reset when OFF is entered again. */
  readonly startMs: number;
  readonly coreMinUptimeMs?: number;
}

export interface EvaluationRun {
  readonly records: StateModesMap;
  readonly startMs: number;
  /** The states entered, in order (empty when the state was kept). */
  readonly entered: readonly SupvisorsState[];
  readonly decisions: readonly FsmDecision[];
}

/** Bound on the steps of one evaluation (transitions are also bounded by the no-re-entry rule). */
export const MAX_EVALUATION_STEPS = 32;

/** One full evaluation (states.md §1.1 set_state loop). */
export async function runEvaluation(start: EvaluationStart, host: FsmHost): Promise<EvaluationRun> {
  const { list, options } = start;
  const { localIdentifier } = list;
  let { records, startMs } = start;
  const entered: SupvisorsState[] = [];
  const decisions: FsmDecision[] = [];
  const commit = (updated: StateModesMap, publication: Publication): void => {
    records = updated;
    if (publication !== 'none') host.commit(records, publication);
  };
  for (let step = 0; step < MAX_EVALUATION_STEPS; step += 1) {
    const prepared = prepare(list, records, options, host.observe().loaded);
    commit(prepared.records, prepared.publication);
    if (prepared.invalidated.length > 0) await host.perform({ kind: 'instances-invalidated', invalidated: prepared.invalidated });
    const evaluation = decide({
      list,
      records,
      options,
      startMs,
      observation: host.observe(),
      lostInstances: prepared.invalidated.map((item) => item.identifier),
      activated: prepared.activated,
      ...(start.coreMinUptimeMs === undefined ? {} : { coreMinUptimeMs: start.coreMinUptimeMs }),
    });
    decisions.push(evaluation.decision);
    commit(evaluation.records, evaluation.publication);
    if (evaluation.decision.log !== undefined) host.log(evaluation.decision.log.level, evaluation.decision.log.message);
    for (const action of evaluation.actions) await host.perform(action);
    const current = localRecord(records, localIdentifier).state;
    const plan = planTransition(current, evaluation.decision.next, entered);
    if (plan.kind === 'stay') return { records, startMs, entered, decisions };
    if (plan.kind !== 'move') {
      // a refused transition is by design (fsm.ts: an arrival in CONCILIATION waits): nothing for an operator to do, so WARN
      host.log('warn', `${plan.message} (${evaluation.decision.reason})`);
      return { records, startMs, entered, decisions };
    }
    host.log('info', `${current} -> ${plan.to}: ${evaluation.decision.reason}`);
    for (const action of exitActions(current)) if (action.kind !== 'set-start-date') await host.perform(action);
    const moved = setLocalModes(records, localIdentifier, { state: plan.to });
    commit(moved.records, moved.publication);
    entered.push(plan.to);
    for (const action of enterActions(plan.to, isMaster(records, localIdentifier))) {
      if (action.kind === 'set-start-date') startMs = host.observe().nowMs;
      else await host.perform(action);
    }
  }
  host.log('error', `evaluation stopped after ${MAX_EVALUATION_STEPS} steps`);
  return { records, startMs, entered, decisions };
}
