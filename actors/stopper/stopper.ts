/**
 * The stopper: the shell of the Stopper's state machine (jobs/stop-jobs.ts, where the rules of
 * sequencing, completion and timeouts live). It turns requests into jobs, runs the machine's
 * effects and feeds back what comes of them:
 * - `check`: which stops of a stage are still to send (the process still runs there), to follow
 *   (STOPPING already, or EXITED and about to be spawned again by Supervisor's autorestart) or to
 *   skip, answered as `stage-checked`;
 * - `stop`: `stop-batch`es to each instance's bridge (each one `system.multicall` to its
 *   supervisord); a refusal comes back as `command-failed`, NOT_RUNNING told apart;
 * - `force-stopped`: a stop timed out; the context shows STOPPED until the instance's next report;
 * - `finished` / `aborted`: the waiting callers get their answer from the model.
 * The context's model changes become `reports` of the stops in flight (with whether autorestart
 * spawns an EXITED process again: supervisor/local-process.ts `respawns`); a timer `tick`s. Whether
 * jobs are in progress is told to the state machine (`onJobs`: the FSM's `stopping_jobs`).
 *
 * stop-all (RESTARTING / SHUTTING_DOWN) stops every application with a running process, greatest
 * application stop_sequence first (applications of one sequence in parallel).
 */
import { failOnThrow, type ActorFactory, type ActorRef, type ReplyTo } from '../core/index.js';
import { readClock, type Clock } from '../../clock/clock.js';
import { rpcFault } from '../../errors/errors.js';
import { pythonList } from '../../errors/python-text.js';
import { initialStopper, isStopping, stopKey, stopperStep, stopsInFlight, type ProcessStop, type StopCheck, type StopperEffect, type StopperEvent, type StopperState } from '../../jobs/stop-jobs.js';
import { applicationView, applicationViews, type ApplicationView, type ProcessView } from '../../model/applications.js';
import { emptyModel, type ClusterModel, type ProcessRecord } from '../../model/cluster-model.js';
import { isStoppedState } from '../../model/process-state.js';
import type { RuleSet } from '../../rules/types.js';
import { isAlive } from '../../vocabulary/supervisor-states.js';
import { respawns } from '../../supervisor/local-process.js';
import { Faults } from '../../errors/faults.js';
import { applicationStopStages } from '../../strategies/sequences.js';
import { sendInBatches } from '../../supervisor-bridge/batches.js';
import type { BatchOutcome, BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { ContextMessage } from '../context/messages.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { StopperMessage } from './messages.js';

export interface StopperDeps {
  /** Read only: the options. */
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly rules: () => RuleSet;
  readonly bridgeOf: (identifier: string) => ActorRef<BridgeMessage>;
  /** Told whether jobs are in progress when it changes, and after each stop-all (its `ticket`, the last one handled). */
  readonly onJobs?: (stopping: boolean, ticket: number) => void;
  /** Extra time over stopwaitsecs before a stop without news times out. Default 5 s. */
  readonly stopMarginS?: number;
  readonly clock?: () => Clock;
}

/** A caller waiting for a job: for its application, or for processes (on some instances only). */
interface Waiter {
  readonly replyTo: ReplyTo<boolean>;
  readonly processes: { readonly namespecs: readonly string[]; readonly restrictedTo: readonly string[] | undefined } | undefined;
}

/** Where a process still runs, STOPPING included, or runs again soon (EXITED, spawned again by Supervisor's autorestart). */
function runningOn(record: ProcessRecord | undefined): string[] {
  return [...(record?.infos ?? [])].filter(([, info]) => isAlive(info.state) || respawns(info)).map(([identifier]) => identifier);
}

/** One stop per (process, instance where it runs), optionally only on some instances. */
function stopsOf(processes: readonly ProcessView[], restrictedTo?: readonly string[]): ProcessStop[] {
  return processes.flatMap(({ record, rules }) =>
    runningOn(record)
      .filter((identifier) => restrictedTo?.includes(identifier) ?? true)
      .map((identifier) => ({ namespec: record.namespec, identifier, stopSequence: rules.stopSequence })),
  );
}

export function stopper(deps: StopperDeps): ActorFactory<StopperMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    const clock = deps.clock ?? readClock;
    let state: StopperState<Waiter> = initialStopper(deps.stopMarginS);
    let model: ClusterModel = emptyModel;
    let publishedBusy = false;
    let ticket = 0;
    const publishJobs = (): void => {
      publishedBusy = isStopping(state);
      deps.onJobs?.(publishedBusy, ticket);
    };
    const appView = (name: string): ApplicationView | undefined => applicationView(model, deps.rules(), name, view.options.startingStrategy);

    const dispatch = (event: StopperEvent<Waiter>): void => {
      const step = stopperStep(state, event);
      state = step.state;
      for (const effect of step.effects) perform(effect);
      if (isStopping(state) !== publishedBusy) publishJobs();
    };

    const answer = (waiters: readonly Waiter[], application: string | undefined): void => {
      for (const { replyTo, processes } of waiters) {
        if (processes === undefined) {
          if (application !== undefined && appView(application)?.evaluation.state === 'STOPPED') replyTo.reply(true);
          else replyTo.fail(rpcFault('STILL_RUNNING', application ?? 'stop jobs aborted'));
          continue;
        }
        // a stop limited to some instances is done when the process runs on none of them (its other copies are kept)
        const still = processes.namespecs.filter((namespec) => runningOn(model.processes.get(namespec)).some((identifier) => processes.restrictedTo?.includes(identifier) ?? true));
        if (still.length > 0) replyTo.fail(rpcFault('STILL_RUNNING', `processes=${pythonList(still)}`));
        else replyTo.reply(true);
      }
    };

    const perform = (effect: StopperEffect<Waiter>): void => {
      switch (effect.type) {
        case 'check':
          return dispatch({ type: 'stage-checked', application: effect.application, check: effect.check, checks: checkStage(effect.stage), now: clock() });
        case 'stop':
          return sendStops(effect.target, effect.namespecs);
        case 'force-stopped':
          deps.context.tell({ type: 'force-state', namespec: effect.namespec, state: 'STOPPED', reason: effect.reason, target: effect.target, at: effect.at });
          return;
        case 'finished':
          return answer(effect.waiters, effect.application);
        case 'aborted':
          for (const { replyTo } of effect.waiters) replyTo.fail(rpcFault('ABNORMAL_TERMINATION', 'stop jobs aborted'));
          return;
        case 'log':
          return effect.level === 'info' ? log.info(effect.text) : log.warn(effect.text);
      }
    };

    /**
     * A stop is sent only where the process still runs; one already STOPPING there is followed, and
     * so is one EXITED that Supervisor's autorestart is about to spawn again (stopped once it is).
     */
    const checkStage = (stage: readonly ProcessStop[]): Map<string, StopCheck> =>
      new Map(
        stage.map((stop) => {
          const info = model.processes.get(stop.namespec)?.infos.get(stop.identifier);
          const awaitingSpawn = info !== undefined && respawns(info);
          const check: StopCheck =
            info === undefined || (isStoppedState(info.state) && !awaitingSpawn)
              ? { kind: 'skip' }
              : { kind: info.state === 'STOPPING' || awaitingSpawn ? 'follow' : 'send', state: info.state, stopwaitsecs: info.stopwaitsecs };
          return [stopKey(stop), check];
        }),
      );

    const sendStops = (target: string, namespecs: readonly string[]): void => {
      const bridge = deps.bridgeOf(target);
      void sendInBatches(
        namespecs,
        (namespec) => namespec,
        (batch) => bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'stop-batch', namespecs: batch, replyTo })),
        (failures) => {
          for (const { namespec, reason, code } of failures) context.self.tell({ type: 'command-failed', namespec, identifier: target, reason, stoppedMeanwhile: code === Faults.NOT_RUNNING });
        },
      );
    };

    const follow = (namespecs: readonly string[]): void => {
      const commands = stopsInFlight(state);
      if (commands.length === 0) return;
      const changed = namespecs.length === 0 ? undefined : new Set(namespecs);
      const reports = commands.flatMap(({ stop }) => {
        if (changed !== undefined && !changed.has(stop.namespec)) return [];
        const info = model.processes.get(stop.namespec)?.infos.get(stop.identifier);
        // gone from the instance (a lazy numprocs decrease removes it once stopped): nothing left to stop
        return [{ namespec: stop.namespec, identifier: stop.identifier, state: info?.state ?? 'STOPPED', respawns: info !== undefined && respawns(info) }];
      });
      if (reports.length > 0) dispatch({ type: 'reports', reports, now: clock() });
    };

    const stopApplication = (application: ApplicationView, waiter: Waiter | undefined): void =>
      dispatch({ type: 'stop', application: application.name, key: application.rules.stopSequence, stops: stopsOf(application.processes), ...(waiter === undefined ? {} : { waiter }) });

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('tick', 500, { type: 'tick' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed':
            model = message.model;
            follow(message.namespecs);
            return;
          case 'stop-application':
            failOnThrow(message.replyTo, () => {
              const application = appView(message.application);
              if (application === undefined) throw rpcFault('BAD_NAME', `application=${message.application} unknown to Supvisors`);
              if (!application.managed) throw rpcFault('NOT_MANAGED', message.application);
              if (!application.processes.some(({ record }) => runningOn(record).length > 0)) throw rpcFault('NOT_RUNNING', `failed to stop ${message.application}`);
              const replyTo = message.replyTo;
              if (replyTo !== undefined && !message.wait) replyTo.reply(true);
              stopApplication(application, replyTo !== undefined && message.wait ? { replyTo, processes: undefined } : undefined);
            });
            return;
          case 'stop-processes':
            failOnThrow(message.replyTo, () => {
              const processes = message.namespecs.flatMap((namespec) => {
                const record = model.processes.get(namespec);
                const found = record === undefined ? undefined : appView(record.application)?.processes.find((process) => process.record.namespec === namespec);
                return found !== undefined && runningOn(found.record).length > 0 ? [found] : [];
              });
              const [first] = processes;
              if (first === undefined) throw rpcFault('NOT_RUNNING', `${message.namespecs.join(', ')} already stopped`);
              if (!message.wait) message.replyTo.reply(true);
              // a request names one application's processes (a namespec or `group:*`)
              const application = appView(first.record.application);
              dispatch({
                type: 'stop',
                application: first.record.application,
                key: application?.rules.stopSequence ?? 0,
                stops: stopsOf(processes, message.identifiers),
                ...(message.wait ? { waiter: { replyTo: message.replyTo, processes: { namespecs: processes.map(({ record }) => record.namespec), restrictedTo: message.identifiers } } } : {}),
              });
            });
            return;
          case 'stop-all': {
            ticket = message.ticket;
            const applications = applicationViews(model, deps.rules(), view.options.startingStrategy).map((application) => ({
              application,
              stopSequence: application.rules.stopSequence,
              hasRunningProcesses: application.processes.some(({ record }) => runningOn(record).length > 0),
            }));
            for (const { application } of applicationStopStages(applications).flat()) stopApplication(application, undefined);
            publishJobs();
            return;
          }
          case 'abort':
            dispatch({ type: 'abort' });
            return;
          case 'targets-lost':
            dispatch(message);
            return;
          case 'command-failed':
            dispatch(message);
            return;
          case 'tick':
            dispatch({ type: 'tick', now: clock() });
            return;
        }
      },
    };
  };
}
