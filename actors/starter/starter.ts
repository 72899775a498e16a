/**
 * The starter: the shell of the Starter's state machine (jobs/start-jobs.ts, where the rules
 * of sequencing, completion, failures and timeouts live). It turns requests into jobs, runs the
 * machine's effects and feeds back what comes of them:
 * - `place`: where each process of a stage starts (stage-placement.ts for the built-in
 *   strategies; a plugin strategy is asked process by process), answered as `stage-placed`;
 * - `start`: `start-batch`es to each target's bridge (each one `system.multicall` to its supervisord);
 *   a refused item or an unreachable target comes back as `command-failed`;
 * - `force-fatal`: the context shows the process FATAL (no resource, a refused start, a timeout
 *   the target's next report dismisses);
 * - `finished` / `interrupted`: the waiting callers get their answer from the model;
 * - `stop-application`: starting_failure_strategy STOP, through the stopper.
 * The context's model changes become `reports` of the starts in flight, the FSM's instances
 * lost become `targets-lost`, and a timer `tick`s. Whether jobs are in progress is told to
 * the state machine (`onJobs`), which publishes it (the FSM's `starting_jobs`).
 *
 * DISTRIBUTION starts every managed application with a start_sequence that never started or
 * shows a failure, by start_sequence (applications of one sequence in parallel). An abort
 * (ELECTION, SYNCHRONIZATION, a freeze) keeps the jobs with their callers: the next DISTRIBUTION of
 * this instance as Master re-plans them; when another instance becomes Master, or the cluster
 * closes, their callers get the truth (success when the application ended RUNNING).
 */
import { failOnThrow, type ActorFactory, type ActorRef, type ReplyTo } from '../core/index.js';
import { readClock, type Clock } from '../../clock/clock.js';
import { describeError, rpcFault } from '../../errors/errors.js';
import { pythonList } from '../../errors/python-text.js';
import { initialStarter, isStarting, starterStep, startsInFlight, type Placement, type ProcessStart, type StarterEffect, type StarterEvent, type StarterState } from '../../jobs/start-jobs.js';
import { neverStarted } from '../../model/application-state.js';
import { applicationView, applicationViews, type ApplicationView, type ProcessView } from '../../model/applications.js';
import type { ClusterModel, ProcessRecord } from '../../model/cluster-model.js';
import { emptyModel } from '../../model/cluster-model.js';
import { displayedState, isRunningState, isStoppedState } from '../../model/process-state.js';
import type { RuleSet } from '../../rules/types.js';
import { chooseInstance, type StrategyRegistry } from '../../strategies/placement.js';
import type { ApplicationStartPlan } from '../../strategies/distribution.js';
import type { StagePlan } from '../../strategies/stage-plan.js';
import { autoStartStages } from '../../strategies/sequences.js';
import { interruptedVerdict } from '../../strategies/interrupted-jobs.js';
import { sendInBatches } from '../../supervisor-bridge/batches.js';
import type { BatchOutcome, BridgeMessage } from '../../supervisor-bridge/messages.js';
import { PLUGIN_ASK_MS, type PluginMessage } from '../plugins/messages.js';
import type { ContextMessage } from '../context/messages.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { StarterMessage } from './messages.js';
import { candidatesOf, predictionEntries, predictStart, processIdentifiers, startToPredict, type ClusterFacts } from './placement-inputs.js';
import { placeStage, prepareStage, stageContext, stagePlacement, type StageInput } from './stage-placement.js';

export interface StarterDeps {
  /** Read only: the options, the FSM state and Master (interrupted jobs), the stopper's jobs. */
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  /**
   * The contexts of the other RUNNING instances: a state forced with no target (no resource, a
   * refused start) is shown by every instance, as Supvisors broadcasts it (states.md §4.4).
   */
  readonly peerContexts?: () => readonly ActorRef<ContextMessage>[];
  readonly rules: () => RuleSet;
  /** The bridge of an instance (the local one, or a peer's through the transport). */
  readonly bridgeOf: (identifier: string) => ActorRef<BridgeMessage>;
  readonly strategies: StrategyRegistry;
  /** Starting strategies of plugins (their proxy actors, asked `plan-stage` / `plan-start`), by name. */
  readonly plugins: ReadonlyMap<string, ActorRef<PluginMessage>>;
  /** Facts of the cluster placement needs (instances, RUNNING ones, machine ids). */
  readonly facts: () => ClusterFacts;
  /** starting_failure_strategy STOP: the stopper stops the application. */
  readonly stopApplication: (application: string) => void;
  /** Told whether jobs are in progress when it changes, and after each DISTRIBUTION start (its `ticket`, the last one handled). */
  readonly onJobs?: (starting: boolean, ticket: number) => void;
  /** Extra time over startsecs before a start without news times out. Default 5 s. */
  readonly startMarginS?: number;
  readonly clock?: () => Clock;
}

/** A caller waiting for a job: for its application, or for the processes it asked for. */
interface Waiter {
  readonly replyTo: ReplyTo<boolean>;
  readonly namespecs: readonly string[] | undefined;
}

/** Extra arguments are the process's, not an instance's: those of its last start, wherever it was. */
function lastExtraArgs(record: ProcessRecord | undefined): string {
  const infos = [...(record?.infos.values() ?? [])];
  const latest = infos.reduce<(typeof infos)[number] | undefined>((best, info) => (best === undefined || info.start > best.start ? info : best), undefined);
  return latest?.extraArgs ?? '';
}

function processStart({ record, rules }: ProcessView, request: { extraArgs: string | undefined; ignoreWaitExit: boolean }): ProcessStart {
  return {
    namespec: record.namespec,
    startSequence: rules.startSequence,
    extraArgs: request.extraArgs,
    ignoreWaitExit: request.ignoreWaitExit,
    waitExit: rules.waitExit,
    required: rules.required,
    startingFailureStrategy: rules.startingFailureStrategy,
    expectedLoading: rules.expectedLoading,
  };
}

export function starter(deps: StarterDeps): ActorFactory<StarterMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    const clock = deps.clock ?? readClock;
    let state: StarterState<Waiter> = initialStarter(deps.startMarginS);
    let model: ClusterModel = emptyModel;
    let publishedBusy = false;
    let ticket = 0;
    /** restart_sequence with wait: told once no job is left. */
    const idleWaiters: (() => void)[] = [];
    const startingStrategy = (): string => view.options.startingStrategy;
    const appView = (name: string): ApplicationView | undefined => applicationView(model, deps.rules(), name, startingStrategy());

    const dispatch = (event: StarterEvent<Waiter>): void => {
      const step = starterStep(state, event);
      state = step.state;
      for (const effect of step.effects) perform(effect);
      const busy = isStarting(state);
      if (busy !== publishedBusy) publishJobs();
      if (!busy) for (const waiter of idleWaiters.splice(0)) waiter();
    };

    const publishJobs = (): void => {
      publishedBusy = isStarting(state);
      deps.onJobs?.(publishedBusy, ticket);
    };

    const answer = (waiters: readonly Waiter[], application: string, interrupted?: string): void => {
      for (const { replyTo, namespecs } of waiters) {
        if (namespecs === undefined) {
          if (appView(application)?.evaluation.state === 'RUNNING') replyTo.reply(true);
          else replyTo.fail(interrupted === undefined ? rpcFault('NOT_RUNNING', application) : rpcFault('ABNORMAL_TERMINATION', `start of ${application} interrupted: ${interrupted}`));
          continue;
        }
        const failed = namespecs.filter((namespec) => {
          const record = model.processes.get(namespec);
          return record === undefined || isStoppedState(displayedState(record.synthesis));
        });
        if (failed.length === 0) replyTo.reply(true);
        else replyTo.fail(interrupted === undefined ? rpcFault('NOT_RUNNING', `processes=${pythonList(failed)}`) : rpcFault('ABNORMAL_TERMINATION', `start of ${namespecs.join(', ')} interrupted: ${interrupted}`));
      }
    };

    const perform = (effect: StarterEffect<Waiter>): void => {
      switch (effect.type) {
        case 'place':
          return place(effect);
        case 'start':
          return sendStarts(effect.target, effect.processes);
        case 'force-fatal': {
          if (effect.target === undefined) {
            // always applied, wherever it is told; a timeout's force is weighed against its target's reports, as this instance saw them
            const forced: ContextMessage = { type: 'force-state', namespec: effect.namespec, state: 'FATAL', reason: effect.reason };
            for (const peer of [deps.context, ...(deps.peerContexts?.() ?? [])]) peer.tell(forced);
            return;
          }
          deps.context.tell({ type: 'force-state', namespec: effect.namespec, state: 'FATAL', reason: effect.reason, target: effect.target, ...(effect.at === undefined ? {} : { at: effect.at }) });
          return;
        }
        case 'stop-application':
          return deps.stopApplication(effect.application);
        case 'finished':
          return answer(effect.waiters, effect.application);
        case 'interrupted':
          return answer(effect.waiters, effect.application, effect.reason);
        case 'log':
          return effect.level === 'info' ? log.info(effect.text) : log.warn(effect.text);
      }
    };

    const place = (effect: Extract<StarterEffect<Waiter>, { type: 'place' }>): void => {
      const input: StageInput = {
        model,
        rules: deps.rules(),
        startingStrategy: startingStrategy(),
        facts: deps.facts(),
        application: appView(effect.application),
        distributed: effect.distributed,
        pinned: effect.pinned,
        stage: effect.stage,
        remaining: effect.remaining,
        inFlight: startsInFlight(state),
      };
      const answerWith = (placements: ReadonlyMap<string, Placement>, pinned: ReadonlyMap<string, string | null> | undefined): void =>
        dispatch({ type: 'stage-placed', application: effect.application, placement: effect.placement, placements, pinned, now: clock() });
      const strategy = deps.strategies.get(effect.strategy);
      if (strategy !== undefined) {
        const placed = placeStage(input, strategy);
        answerWith(placed.placements, placed.pinned);
        return;
      }
      const plugin = deps.plugins.get(effect.strategy);
      if (plugin === undefined) {
        answerWith(new Map(effect.stage.map((process) => [process.namespec, { kind: 'none', reason: `unknown strategy ${effect.strategy}` }])), undefined);
        return;
      }
      // the plugin's worker runs the same plan with the plugin's choose (distribution rules included); a failure of the
      // plugin fails the start of the stage's processes with its reason
      const prepared = prepareStage(input);
      const placed = (placements: ReadonlyMap<string, Placement>, pinned: ReadonlyMap<string, string | null> | undefined): void => {
        context.self.tell({ type: 'stage-placed', application: effect.application, placement: effect.placement, placements, pinned });
      };
      void plugin.ask<StagePlan>((replyTo) => ({ type: 'plan-stage', request: prepared.request, replyTo }), PLUGIN_ASK_MS).then(
        (plan) => {
          const { placements, pinned } = stagePlacement(prepared, plan);
          placed(placements, pinned);
        },
        (error: unknown) => {
          const placements = new Map(prepared.decided);
          for (const { process } of prepared.toPlace) placements.set(process.namespec, { kind: 'none', reason: describeError(error) });
          placed(placements, input.pinned);
        },
      );
    };

    const sendStarts = (target: string, processes: readonly { readonly namespec: string; readonly extraArgs: string | undefined }[]): void => {
      const starts = processes.map(({ namespec, extraArgs }) => ({ namespec, extraArgs: extraArgs ?? lastExtraArgs(model.processes.get(namespec)) }));
      const bridge = deps.bridgeOf(target);
      void sendInBatches(
        starts,
        ({ namespec }) => namespec,
        (batch) => bridge.ask<readonly BatchOutcome[]>((replyTo) => ({ type: 'start-batch', starts: batch, replyTo })),
        (failures) => {
          for (const { namespec, reason } of failures) context.self.tell({ type: 'command-failed', namespec, target, reason });
        },
      );
    };

    /** The model's word on the starts in flight (those of `namespecs`, all when empty). */
    const follow = (namespecs: readonly string[]): void => {
      const commands = startsInFlight(state);
      if (commands.length === 0) return;
      const changed = namespecs.length === 0 ? undefined : new Set(namespecs);
      const reports = commands.flatMap((command) => {
        if (changed !== undefined && !changed.has(command.process.namespec)) return [];
        const info = model.processes.get(command.process.namespec)?.infos.get(command.target);
        if (info === undefined) return [];
        return [{ namespec: command.process.namespec, identifier: command.target, state: info.state, expected: info.expected, start: info.start, seenAt: info.localMtime, startsecs: info.startsecs, spawnerr: info.spawnerr }];
      });
      if (reports.length > 0) dispatch({ type: 'reports', reports, now: clock() });
    };

    const applicationRequest = (application: ApplicationView, strategy: string, waiter: Waiter | undefined): StarterEvent<Waiter> => ({
      type: 'start-application',
      application: application.name,
      key: application.rules.startSequence,
      strategy,
      processes: application.processes.filter(({ rules }) => rules.startSequence > 0).map((process) => processStart(process, { extraArgs: undefined, ignoreWaitExit: false })),
      ...(waiter === undefined ? {} : { waiter }),
    });

    /** The DISTRIBUTION start: the managed applications to (re)start, by start_sequence. Returns how many. */
    const distribute = (): number => {
      const applications = applicationViews(model, deps.rules(), startingStrategy()).filter((application) => application.managed);
      const stages = autoStartStages(
        applications.map((application) => ({
          application,
          startSequence: application.rules.startSequence,
          neverStarted: neverStarted(application.processes.map(({ record }) => ({ infos: record.infos }))),
          majorFailure: application.evaluation.majorFailure,
          minorFailure: application.evaluation.minorFailure,
        })),
      );
      log.info(`distribution: ${stages.flat().length} applications to start`);
      for (const { application } of stages.flat()) dispatch(applicationRequest(application, application.rules.startingStrategy, undefined));
      return stages.flat().length;
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('tick', 500, { type: 'tick' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed':
            model = message.model;
            follow(message.namespecs);
            return;
          case 'start-application':
            failOnThrow(message.replyTo, () => {
              const application = appView(message.application);
              if (application === undefined) throw rpcFault('BAD_NAME', `application=${message.application} unknown to Supvisors`);
              if (!application.managed) throw rpcFault('NOT_MANAGED', message.application);
              if (application.evaluation.state !== 'STOPPED') throw rpcFault('ALREADY_STARTED', message.application);
              const request = applicationRequest(application, message.strategy, message.wait ? { replyTo: message.replyTo, namespecs: undefined } : undefined);
              const toStart = application.processes.filter(({ rules, record }) => rules.startSequence > 0 && !isRunningState(record.synthesis.state));
              if (toStart.length === 0) throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${message.application}`);
              if (!message.wait) message.replyTo.reply(true);
              dispatch(request);
            });
            return;
          case 'start-processes':
            failOnThrow(message.replyTo, () => {
              const processes: ProcessView[] = [];
              for (const namespec of message.namespecs) {
                const record = model.processes.get(namespec);
                if (record === undefined) continue;
                if (isRunningState(record.synthesis.state)) throw rpcFault('ALREADY_STARTED', namespec);
                const found = appView(record.application)?.processes.find((process) => process.record.namespec === namespec);
                if (found !== undefined) processes.push(found);
              }
              const given = message.given ?? message.namespecs.join(', ');
              if (processes.length === 0) throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${given}`);
              const queue = (waiter: Waiter | undefined): void => {
                const byApplication = new Map<string, ProcessView[]>();
                for (const process of processes) byApplication.set(process.record.application, [...(byApplication.get(process.record.application) ?? []), process]);
                // a request names one application's processes (a namespec or `group:*`): its caller waits for that job
                const last = [...byApplication.keys()].at(-1);
                for (const [name, views] of byApplication) {
                  dispatch({
                    type: 'start-processes',
                    application: name,
                    key: appView(name)?.rules.startSequence ?? 0,
                    strategy: message.strategy,
                    processes: views.map((process) => processStart(process, { extraArgs: message.extraArgs, ignoreWaitExit: true })),
                    // the caller waits for the job of the last application it touches
                    ...(waiter !== undefined && name === last ? { waiter } : {}),
                  });
                }
              };
              // nothing placeable (a plugin's choice is only known later): the jobs run all the same, each
              // process shown FATAL "No resource available" with its starting failure strategy applied
              // (spec/strategies.md §6.4), and the caller is answered at once, as Supvisors' idle Starter does
              const strategy = deps.strategies.get(message.strategy);
              if (strategy !== undefined) {
                const facts = deps.facts();
                const placement = stageContext({ model, rules: deps.rules(), startingStrategy: startingStrategy(), facts, inFlight: startsInFlight(state) });
                const placeable = processes.some(({ record, rules }) => {
                  const application = appView(record.application);
                  const identifiers = application === undefined ? rules.identifiers : processIdentifiers(record, rules, application, facts);
                  return chooseInstance(strategy, candidatesOf(record, identifiers, facts), rules.expectedLoading, placement) !== null;
                });
                if (!placeable) {
                  queue(undefined);
                  throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${given}`);
                }
              }
              if (!message.wait) message.replyTo.reply(true);
              queue(message.wait ? { replyTo: message.replyTo, namespecs: processes.map(({ record }) => record.namespec) } : undefined);
            });
            return;
          case 'start-distribution':
            ticket = message.ticket;
            dispatch({ type: 'resume' });
            distribute();
            publishJobs();
            return;
          case 'restart-sequence':
            failOnThrow(message.replyTo, () => {
              if (isStarting(state) || view.jobs.stopping) throw rpcFault('BAD_SUPVISORS_STATE', 'jobs in progress');
              if (distribute() === 0) throw rpcFault('ABNORMAL_TERMINATION', 'failed to trigger start sequence');
              if (!message.wait) message.replyTo.reply(true);
              else if (!isStarting(state)) message.replyTo.reply(true);
              else idleWaiters.push(() => message.replyTo.reply(true));
            });
            return;
          case 'test-start':
            failOnThrow(message.replyTo, () => {
              const application = appView(message.application);
              if (application === undefined) throw rpcFault('BAD_NAME', `application=${message.application} unknown to Supvisors`);
              if (message.namespecs === undefined) {
                if (!application.managed) throw rpcFault('NOT_MANAGED', message.application);
                if (application.evaluation.state !== 'STOPPED') throw rpcFault('ALREADY_STARTED', message.application);
              } else {
                const running = message.namespecs.find((namespec) => isRunningState(model.processes.get(namespec)?.synthesis.state ?? 'STOPPED'));
                if (running !== undefined) throw rpcFault('ALREADY_STARTED', running);
              }
              const facts = deps.facts();
              const placement = stageContext({ model, rules: deps.rules(), startingStrategy: startingStrategy(), facts, inFlight: startsInFlight(state) });
              const strategy = deps.strategies.get(message.strategy);
              if (strategy !== undefined) {
                message.replyTo.reply(predictStart(application, strategy, placement, facts, message.namespecs));
                return;
              }
              const plugin = deps.plugins.get(message.strategy);
              if (plugin === undefined) throw rpcFault('BAD_ARGUMENTS', `unknown strategy ${message.strategy}`);
              const { namespecs, replyTo } = message;
              const planned = startToPredict(application, facts, namespecs);
              void plugin.ask<ApplicationStartPlan>((reply) => ({ type: 'plan-start', application: planned, context: placement, replyTo: reply }), PLUGIN_ASK_MS).then(
                (plan) => replyTo.reply(predictionEntries(application, plan, namespecs)),
                (error: unknown) => replyTo.fail(rpcFault('FAILED', `strategy ${message.strategy}: ${describeError(error)}`)),
              );
            });
            return;
          case 'abort':
            dispatch({ type: 'abort' });
            return;
          case 'targets-lost':
            dispatch(message);
            return;
          case 'stage-placed':
            dispatch({ ...message, now: clock() });
            return;
          case 'command-failed':
            dispatch(message);
            return;
          case 'tick': {
            const verdict = interruptedVerdict(view.state, view.masterIdentifier, view.localIdentifier);
            if (verdict !== undefined) dispatch({ type: 'drop-interrupted', reason: verdict });
            dispatch({ type: 'tick', now: clock() });
            return;
          }
        }
      },
    };
  };
}
