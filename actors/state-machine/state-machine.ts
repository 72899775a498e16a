/**
 * The state machine: owns the cluster records (state & modes of every instance, the local view
 * of their states), the heartbeat records and the round counter, and drives the Supvisors FSM
 * with cluster/evaluation.ts. Every decision is a pure function of cluster/; this actor keeps
 * state, orders events and does the I/O through the instance tracker.
 *
 * A round (every heartbeat_period, Python's TICK): the local instance checks itself when
 * STOPPED, inactive peers become FAILED, a deferred STATE is flushed, the FSM is evaluated,
 * then heartbeats go to every peer not ISOLATED. A peer's first accepted heartbeat starts its
 * handshake (run by the tracker); a transport failure (peer-down, or a peer seen restarted)
 * sets it FAILED at once; whether its processes are lost too is asked of its supervisord first
 * (cluster/runtime-loss.ts), and a freeze of this node makes it re-synchronize before acting
 * (cluster/freeze.ts). STATE from the Master, end_sync, and restart / shutdown evaluate at once.
 * It hands its application work (start all, stop all, abort, conciliate, instances lost under
 * the jobs) to `onApplications`,
 * and is told by messages whether the starter and stopper have jobs (`jobs`) and what the context
 * derives from the model (`model-facts`: conflicts, loads, failures); it keeps them in the view it
 * alone writes, and evaluates the FSM at once when they change.
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import type { SupvisorsOptions } from '../../config/types.js';
import { endSync, isMaster, selectMaster } from '../../cluster/election.js';
import { runEvaluation, type HostAction } from '../../cluster/evaluation.js';
import { closingRequest, enterActions, exitActions } from '../../cluster/fsm.js';
import { authorize, inactiveInstances, onAuthorization, onFailure, onHeartbeat, onLocalRound, sendsTo, strategiesOf, transition, type HeartbeatRecord } from '../../cluster/instance-states.js';
import { addDiscovered, findInstance, learnStereotypes, resolveNames } from '../../cluster/instances.js';
import { addInstanceRecord, localRecord, localView, receiveStateModes, setInstanceState, setLocalModes, strongest, type Publication, type StateModesMap } from '../../cluster/state-records.js';
import { networkInfoPayload } from '../../payloads/network-info.js';
import { stateModesPayload } from '../../payloads/state-modes-payloads.js';
import { freezeBoundMs, frozenFor } from '../../cluster/freeze.js';
import type { SupervisorAddress } from '../../cluster/runtime-loss.js';
import { describeError } from '../../errors/errors.js';
import type { ApplicationWork, ClosingKind, PeerRequest, StateMachineMessage } from './messages.js';
import { NodeLosses } from './node-losses.js';
import type { ClusterView } from './view.js';
import { type InstanceState, instanceStateCode } from '../../vocabulary/supvisors-states.js';
import { monotonicMs } from '../../clock/clock.js';

export interface StateMachineClock {
  /** Epoch ms. */
  now(): number;
  /** Monotonic ms (CLOCK_MONOTONIC in ms, as Python's time.monotonic()). */
  monotonic(): number;
}

export const systemClock: StateMachineClock = {
  now: () => Date.now(),
  monotonic: monotonicMs,
};

export interface StateMachineDeps {
  readonly view: ClusterView;
  readonly tracker: ActorRef<PeerRequest>;
  /** Round period (heartbeat_period) in ms. */
  readonly periodMs: number;
  /** Restarts / shuts down the local supervisord (supervisor.restart / supervisor.shutdown). */
  readonly closeSupervisor: (kind: ClosingKind) => Promise<void>;
  readonly clock?: StateMachineClock;
  /** Delay before the Master closes its own supervisord, after ordering the others. Default 200 ms. */
  readonly closeDelayMs?: number;
  /** CORE's minimum uptime (tests). */
  readonly coreMinUptimeMs?: number;
  /**
   * Told of every change of the cluster records, each step of an evaluation included (the event
   * stream publishes every FSM state, job and instance state change: spec/events.md §5).
   */
  readonly onRecords?: (records: StateModesMap) => void;
  /** Told of every instance state change (the context actor follows membership this way). */
  readonly onInstanceState?: (identifier: string, state: InstanceState) => void;
  /**
   * The processes of `identifier` are lost now: its node is gone (not only its runtime, see
   * cluster/runtime-loss.ts). The context actor marks them FATAL and hands them to the strategies.
   */
  readonly onProcessesLost?: (identifier: string, why: string) => void;
  /** This runtime's supervisord, given to the peers in the handshake; undefined: unix socket only. */
  readonly localSupervisor?: SupervisorAddress;
  /** Ask a held instance's supervisord again after this long. Default 1000 ms. */
  readonly reprobeMs?: number;
  /** A longer gap between rounds is a freeze (cluster/freeze.ts). Default: the silence bound the peers apply, plus one round. */
  readonly freezeBoundMs?: number;
  /**
   * A CHECKED instance becomes RUNNING only once the context holds its processes (`processes-loaded`),
   * as in Supvisors, where CHECKED means its processes are loaded: so that DISTRIBUTION, which
   * places programs where they are configured, never starts without an instance's list. Off
   * without an application layer (the state machine alone).
   */
  readonly awaitProcesses?: boolean;
  /** The FSM's application work, for the starter, the stopper and the conciliator (see ApplicationWork). */
  readonly onApplications?: (work: ApplicationWork) => void;
}

function clusterOptions(options: SupvisorsOptions): Pick<SupvisorsOptions, 'synchroOptions' | 'synchroTimeout' | 'autoFence' | 'supvisorsFailureStrategy' | 'coreIdentifiers'> {
  const { synchroOptions, synchroTimeout, autoFence, supvisorsFailureStrategy, coreIdentifiers } = options;
  return { synchroOptions, synchroTimeout, autoFence, supvisorsFailureStrategy, coreIdentifiers };
}

export function stateMachine(deps: StateMachineDeps): ActorFactory<StateMachineMessage> {
  return (context) => {
    const { view, tracker } = deps;
    const clock = deps.clock ?? systemClock;
    const log = context.log;
    const local = view.localIdentifier;
    const options = clusterOptions(view.options);
    const strategies = strategiesOf(view.options);
    // Rounds without a heartbeat before a peer is FAILED: never fewer than the transport's own misses.
    const inactivityTicks = Math.max(view.options.inactivityTicks, view.options.heartbeatMisses);
    let round = 0;
    let startMs = clock.monotonic();
    let lastRoundMs = startMs;
    const freezeBound = deps.freezeBoundMs ?? freezeBoundMs(deps.periodMs, inactivityTicks);
    let deferred = false;
    let closing = false;
    /** The last start all / stop all handed out (see `onApplications`). */
    const tickets = { starting: 0, stopping: 0 };
    /** Instances whose processes the context holds since their last handshake (see `awaitProcesses`). */
    const loaded = new Set<string>();
    const heartbeats = new Map<string, HeartbeatRecord>(view.heartbeats);
    const checkingTimes = new Map<string, number>();
    const networks = new Map(view.networks);
    /** Peers whose transport link is up: a STOPPED one is handshaken without waiting for its heartbeat. */
    const linked = new Set<string>();
    /** Whether a lost peer's processes are lost too (its supervisord is asked first). */
    const losses = new NodeLosses({
      probe: (identifier, address) => tracker.tell({ type: 'probe', identifier, address }),
      processesLost: (identifier, why) => deps.onProcessesLost?.(identifier, why),
      hostOf: (identifier) => findInstance(view.list, identifier)?.host ?? '',
      now: () => clock.monotonic(),
      log,
    });

    const records = (): StateModesMap => view.records;
    const localState = (identifier: string): InstanceState => localView(view.records, local, identifier);
    const peers = (kind: 'heartbeat' | 'other'): string[] =>
      view.list.instances.map((instance) => instance.identifier).filter((identifier) => identifier !== local && sendsTo(localState(identifier), kind));

    const publish = (): void => {
      deferred = false;
      const payload = stateModesPayload(localRecord(records(), local), clock.monotonic());
      const to = peers('other');
      if (to.length > 0) tracker.tell({ type: 'send', to, message: { type: 'state', from: local, payload } });
    };

    /** Monotonic ms when the local Master was last cleared (a lost Master awaiting its successor, fsm.ts); undefined while there is one. */
    let masterLostAtMs: number | undefined;
    const setRecords = (updated: StateModesMap): void => {
      if (updated === view.records) return;
      const before = localRecord(view.records, local).masterIdentifier;
      const after = localRecord(updated, local).masterIdentifier;
      if (after !== '') masterLostAtMs = undefined;
      else if (before !== '') masterLostAtMs = clock.monotonic();
      view.records = updated;
      deps.onRecords?.(updated);
    };

    const commit = (updated: StateModesMap, publication: Publication): void => {
      setRecords(updated);
      if (publication === 'immediate') publish();
      else if (publication === 'deferred') deferred = true;
    };

    const syncView = (): void => {
      view.heartbeats = new Map(heartbeats);
      view.networks = new Map(networks);
    };

    /** An instance state change, checked against the allowed transitions. */
    const setState = (identifier: string, state: InstanceState, why: string): boolean => {
      const from = localState(identifier);
      const checked = transition(from, state);
      if (!checked.ok) {
        log.error(`${identifier}: ${checked.error.message} (${why})`);
        return false;
      }
      if (!checked.changed) return true;
      log.info(`instance ${identifier} ${from} -> ${state}: ${why}`);
      // a peer's new handshake needs a new list; the local list follows supervisord all along (a freeze included)
      if (identifier !== local && state !== 'CHECKED' && state !== 'RUNNING') loaded.delete(identifier);
      const updated = setInstanceState(records(), local, identifier, state);
      commit(updated.records, updated.publication);
      if (state === 'STOPPED' || state === 'ISOLATED' || state === 'CHECKING') heartbeats.delete(identifier);
      if (state === 'CHECKING') checkingTimes.set(identifier, clock.monotonic());
      if (state === 'CHECKED' && identifier !== local) losses.checked(identifier);
      syncView();
      deps.onInstanceState?.(identifier, state);
      return true;
    };

    const startHandshake = (identifier: string): void => {
      if (!setState(identifier, 'CHECKING', 'heard')) return;
      if (identifier === local) {
        // The local instance checks itself: nothing to ask (the bridge loads the local processes).
        setState(local, 'CHECKED', 'local instance checked');
        return;
      }
      tracker.tell({ type: 'handshake', identifier, checkingTimeMs: checkingTimes.get(identifier) ?? clock.monotonic() });
    };

    /** An older STATE than the one held is expected (cluster/state-records.ts receiveStateModes): debug; anything else is a warning. */
    const refusedState = (what: string, refusal: { readonly reason: string; readonly stale?: boolean }): void => {
      if (refusal.stale === true) log.debug(`${what} not kept: ${refusal.reason}`);
      else log.warn(`${what} refused: ${refusal.reason}`);
    };

    const failed = (identifier: string, why: string): void => {
      const next = onFailure(localState(identifier), identifier === local);
      if (next !== undefined && setState(identifier, next, why) && next === 'FAILED' && identifier !== local) losses.lost(identifier, why);
    };

    /** Handshakes the linked peers seen STOPPED, once the local instance is CHECKED or RUNNING (a peer that isolated us sends no heartbeat). */
    const handshakeLinked = (): void => {
      const ready = localState(local);
      if (ready !== 'CHECKED' && ready !== 'RUNNING') return;
      for (const identifier of linked) if (localState(identifier) === 'STOPPED') startHandshake(identifier);
    };

    const closeAll = (kind: ClosingKind): void => {
      if (closing) return;
      closing = true;
      if (isMaster(records(), local)) {
        const to = view.list.instances.map((instance) => instance.identifier).filter((identifier) => identifier !== local && localState(identifier) === 'RUNNING');
        if (to.length > 0) tracker.tell({ type: 'close-peers', to, kind });
        log.info(`${kind}: ordered to ${to.length === 0 ? 'no peer' : to.join(', ')}, then the local supervisord`);
      }
      setTimeout(() => {
        deps.closeSupervisor(kind).catch((error: unknown) => log.error(`supervisor ${kind} failed: ${describeError(error)}`));
      }, deps.closeDelayMs ?? 200).unref();
    };

    const perform = (action: HostAction): void => {
      switch (action.kind) {
        case 'instances-invalidated':
          for (const { identifier } of action.invalidated) heartbeats.delete(identifier);
          syncView();
          return;
        case 'restart-supervisor':
          closeAll('restart');
          return;
        case 'shutdown-supervisor':
          closeAll('shutdown');
          return;
        case 'start-applications':
        case 'stop-applications': {
          if (deps.onApplications === undefined) return;
          // jobs until the starter / stopper says otherwise: the FSM reads them in this same evaluation
          const kind = action.kind === 'start-applications' ? 'starting' : 'stopping';
          tickets[kind] += 1;
          view.jobs = { ...view.jobs, [kind]: true };
          deps.onApplications({ kind: action.kind, ticket: tickets[kind] });
          return;
        }
        case 'abort-jobs':
        case 'conciliate':
          deps.onApplications?.({ kind: action.kind });
          return;
        case 'inform-lost-instances':
          deps.onApplications?.({ kind: 'instances-lost', identifiers: action.identifiers });
          return;
      }
    };

    /** The starter's and stopper's jobs, published as this instance's modes. */
    const publishJobs = (): void => {
      const jobs = setLocalModes(records(), local, { startingJobs: view.jobs.starting, stoppingJobs: view.jobs.stopping });
      commit(jobs.records, jobs.publication);
    };

    const evaluate = async (): Promise<void> => {
      const run = await runEvaluation(
        { list: view.list, records: records(), options, startMs, ...(deps.coreMinUptimeMs === undefined ? {} : { coreMinUptimeMs: deps.coreMinUptimeMs }) },
        {
          observe: () => ({
            nowMs: clock.monotonic(),
            jobs: view.jobs,
            conflicts: view.conflicts,
            ...(deps.awaitProcesses === true ? { loaded } : {}),
            ...(masterLostAtMs === undefined ? {} : { masterLostAtMs }),
          }),
          commit,
          perform,
          log: (level, message) => (level === 'critical' ? log.critical(message) : log[level](message)),
        },
      );
      setRecords(run.records);
      startMs = run.startMs;
      // jobs handed out by this evaluation show at once, however short they are (the event stream publishes them)
      publishJobs();
    };

    /**
     * After a freeze (cluster/freeze.ts): fail the local instance and every peer seen before,
     * forget the Master and abort the jobs. The FSM goes to OFF at once, before any other message
     * of the backlog is handled, and SYNCHRONIZATION waits for the peers' new handshakes.
     */
    const resumeAfterFreeze = async (gapMs: number): Promise<void> => {
      log.warn(`this instance was frozen for ${(gapMs / 1000).toFixed(1)} s: the others may have acted without it; re-synchronizing before acting`);
      lastRoundMs = clock.monotonic();
      setState(local, 'FAILED', `frozen for ${Math.round(gapMs)} ms`);
      // what it saw of the others is stale too: they come back through new handshakes (their processes held meanwhile)
      for (const instance of view.list.instances) if (instance.identifier !== local) failed(instance.identifier, 'seen before the freeze');
      const forgotten = setLocalModes(records(), local, { masterIdentifier: '' });
      commit(forgotten.records, forgotten.publication);
      deps.onApplications?.({ kind: 'abort-jobs' });
      await evaluate();
    };

    const onRound = async (): Promise<void> => {
      round += 1;
      lastRoundMs = clock.monotonic();
      const nowMs = clock.now();
      const monotonicMs = clock.monotonic();
      heartbeats.set(local, { remote: { counter: round, timeMs: nowMs, monotonicMs }, local: { round, timeMs: nowMs, monotonicMs }, restarted: false });
      if (onLocalRound(localState(local)).startHandshake) startHandshake(local);
      handshakeLinked();
      const inactive = inactiveInstances({ localIdentifier: local, states: localRecord(records(), local).instanceStates, heartbeats, round, inactivityTicks });
      for (const identifier of inactive) failed(identifier, `no heartbeat for more than ${inactivityTicks} rounds`);
      losses.reprobe(monotonicMs, deps.reprobeMs ?? 1000);
      publishJobs();
      if (deferred) publish();
      syncView();
      await evaluate();
      const to = peers('heartbeat');
      if (to.length > 0) tracker.tell({ type: 'send', to, message: { type: 'heartbeat', from: local, counter: round, timeMs: nowMs, monotonicMs } });
    };

    /** While the cluster forms, a membership change or a peer's new view may end the phase: decide at once, not at the next round. */
    const converging = (): boolean => {
      const state = localRecord(records(), local).state;
      return state === 'SYNCHRONIZATION' || state === 'ELECTION';
    };

    const known = (identifier: string): boolean => identifier !== local && findInstance(view.list, identifier) !== undefined;

    context.timers.every('round', deps.periodMs, { type: 'round' });
    context.self.tell({ type: 'round' });

    return {
      async receive(message) {
        const frozen = frozenFor(lastRoundMs, clock.monotonic(), freezeBound);
        if (frozen !== undefined && localState(local) !== 'STOPPED') await resumeAfterFreeze(frozen);
        switch (message.type) {
          case 'round':
            await onRound();
            return;
          case 'jobs': {
            if (message.ticket < tickets[message.kind] || view.jobs[message.kind] === message.busy) return;
            view.jobs = { ...view.jobs, [message.kind]: message.busy };
            publishJobs();
            syncView();
            await evaluate();
            return;
          }
          case 'processes-loaded':
            loaded.add(message.identifier);
            if (localState(message.identifier) === 'CHECKED') await evaluate();
            return;
          case 'model-facts': {
            const conflictsChanged = view.conflicts !== message.conflicts;
            view.conflicts = message.conflicts;
            view.loads = message.loads;
            view.processFailures = message.processFailures;
            if (conflictsChanged) await evaluate();
            return;
          }
          case 'peer-up':
            if (!known(message.identifier)) return;
            linked.add(message.identifier);
            if (message.restarted) failed(message.identifier, 'its runtime restarted');
            handshakeLinked();
            return;
          case 'discovered': {
            const added = addDiscovered(view.list, message.instance);
            if (!added.ok) {
              if (added.error.kind !== 'already-known') log.warn(`discovery: ${added.error.message}`);
              return;
            }
            const instance = findInstance(added.value, message.instance.identifier);
            if (instance === undefined) return;
            view.list = added.value;
            setRecords(addInstanceRecord(records(), local, instance));
            log.info(`discovery: ${instance.nickIdentifier} (${instance.identifier}) added`);
            tracker.tell({ type: 'add-peer', identifier: instance.identifier, host: instance.host, port: instance.port });
            syncView();
            return;
          }
          case 'peer-down':
            if (!known(message.identifier)) return;
            linked.delete(message.identifier);
            failed(message.identifier, `transport failure (${message.reason})`);
            return;
          case 'heartbeat': {
            if (!known(message.from)) return;
            const outcome = onHeartbeat({
              localState: localState(local),
              peerState: localState(message.from),
              previous: heartbeats.get(message.from),
              heartbeat: { counter: message.counter, timeMs: message.timeMs, monotonicMs: message.monotonicMs },
              now: { round, timeMs: clock.now(), monotonicMs: clock.monotonic() },
            });
            if (!outcome.accepted) return;
            if (outcome.stealthRestart) log.warn(`${message.from}: heartbeat counter went backwards: restarted unseen`);
            // CHECKING forgets the previous record: the heartbeat that starts the handshake is kept after it
            if (outcome.startHandshake) startHandshake(message.from);
            heartbeats.set(message.from, outcome.record);
            syncView();
            return;
          }
          case 'probe-result':
            losses.probed(message.identifier, message.outcome);
            return;
          case 'handshake-result': {
            const { identifier, answer } = message;
            if (!known(identifier) || localState(identifier) !== 'CHECKING') return;
            if (answer === undefined) {
              failed(identifier, `handshake failed: ${message.error ?? 'no answer'}`);
              return;
            }
            const authorization = authorize({ seenAs: answer.seenAs, remoteStrategies: answer.strategies, localStrategies: strategies });
            const outcome = onAuthorization({
              state: localState(identifier),
              isLocal: false,
              checkingTimeMs: checkingTimes.get(identifier) ?? 0,
              handshakeTimeMs: message.handshakeTimeMs,
              authorization,
            });
            if (!outcome.accepted) return;
            if (authorization === 'AUTHORIZED') {
              if (answer.network.network !== undefined) networks.set(identifier, answer.network.network);
              losses.handshaken(identifier, answer.supervisor);
              view.list = learnStereotypes(view.list, identifier, answer.network.stereotypes);
              const received = receiveStateModes(records(), local, identifier, answer.stateModes);
              if (received.accepted) setRecords(received.records);
              else refusedState(`${identifier}: handshake STATE`, received);
            } else {
              log.warn(`${identifier}: handshake ${authorization}${authorization === 'INCONSISTENT' ? ` (strategies ${JSON.stringify(answer.strategies)}, ours ${JSON.stringify(strategies)})` : ''}`);
            }
            setState(identifier, outcome.next, `handshake ${authorization}`);
            if (converging()) await evaluate();
            return;
          }
          case 'state': {
            if (!known(message.from) || localState(message.from) === 'ISOLATED') return;
            const received = receiveStateModes(records(), local, message.from, message.payload);
            if (!received.accepted) {
              refusedState(`STATE from ${message.from}`, received);
              return;
            }
            setRecords(received.records);
            if (received.fromMaster || converging()) await evaluate();
            return;
          }
          case 'handshake-info': {
            const instance = findInstance(view.list, local);
            if (instance === undefined) throw new Error(`no local instance ${local}`);
            message.replyTo.reply({
              seenAs: instanceStateCode(localState(message.from)),
              strategies,
              network: networkInfoPayload(instance, view.localNetwork),
              stateModes: stateModesPayload(localRecord(records(), local), clock.monotonic()),
              ...(deps.localSupervisor === undefined ? {} : { supervisor: deps.localSupervisor }),
            });
            return;
          }
          case 'close-supervisor':
            if (message.from !== localRecord(records(), local).masterIdentifier) {
              log.warn(`supervisord ${message.kind} ordered by ${message.from}, which is not the Master: ignored`);
              return;
            }
            log.warn(`the Master ${message.from} orders a supervisord ${message.kind}`);
            closeAll(message.kind);
            return;
          case 'end-sync': {
            const record = localRecord(records(), local);
            const checked = endSync({
              state: record.state,
              synchroOptions: options.synchroOptions,
              masterIdentifier: record.masterIdentifier,
              master: message.master,
              list: view.list,
              states: record.instanceStates,
            });
            if (!checked.ok) {
              message.replyTo.reply({ ok: false, fault: checked.error.fault, detail: checked.error.detail });
              return;
            }
            const master =
              checked.value.kind === 'assign'
                ? checked.value.identifier
                : selectMaster(records(), local, view.list.instances, resolveNames(view.list, options.coreIdentifiers).identifiers);
            if (master !== undefined && master !== '') {
              const updated = setLocalModes(records(), local, { masterIdentifier: master });
              commit(updated.records, updated.publication);
            }
            message.replyTo.reply({ ok: true });
            await evaluate();
            return;
          }
          case 'closing': {
            const record = localRecord(records(), local);
            const outcome = closingRequest(message.kind, { state: record.state, isMaster: isMaster(records(), local), masterIdentifier: record.masterIdentifier });
            switch (outcome.kind) {
              case 'no-master':
                message.replyTo.reply({ kind: 'no-master' });
                return;
              case 'forward':
                message.replyTo.reply({ kind: 'forward', master: outcome.master });
                return;
              case 'rejected':
                log.warn(`${message.kind} refused: ${outcome.message}`);
                message.replyTo.reply({ kind: 'done' });
                return;
              case 'transition': {
                log.info(`${record.state} -> ${outcome.to}: supvisors.${message.kind} requested`);
                for (const action of exitActions(record.state)) if (action.kind !== 'set-start-date') perform(action);
                const moved = setLocalModes(records(), local, { state: outcome.to });
                commit(moved.records, strongest(moved.publication, 'immediate'));
                for (const action of enterActions(outcome.to, true)) if (action.kind !== 'set-start-date') perform(action);
                message.replyTo.reply({ kind: 'done' });
                await evaluate();
                return;
              }
            }
          }
        }
      },
    };
  };
}
