/**
 * The starter: runs start jobs, one at a time, in arrival order (spec/strategies.md §6).
 *
 * - An application job starts the application's processes stage by stage (program
 *   start_sequence, 0 excluded); a processes job starts the listed ones in one stage.
 * - Each process is placed when its stage begins: the application's distribution rule
 *   (SINGLE_INSTANCE / SINGLE_NODE choose once per job), else the starting strategy over the
 *   program's identifiers; it is started there through that instance's bridge (start_args).
 * - A command completes on the context's events (strategies/command-results.ts): RUNNING, or
 *   EXITED as expected for wait_exit; FATAL, an unexpected exit, a refused start, no resource
 *   or no news within startsecs + 5 s is a failure, handled by the program's
 *   starting_failure_strategy (ABORT drops the next stages, STOP also stops the application
 *   once the job is over); a start that no instance will report (no resource, refused) is
 *   shown FATAL (forced). Each stage is sent once: a failed start is not retried.
 * - `view.jobs.starting` is true while a job is current or queued (the FSM waits on it).
 * - DISTRIBUTION queues one job per managed application with a start_sequence, by that order.
 * - An abort (ELECTION, SYNCHRONIZATION, a freeze) interrupts the jobs, it does not forget them:
 *   they wait, with their callers, for the next DISTRIBUTION of this instance as Master, which
 *   re-plans them from the model first (what runs by then is not started again). When another
 *   instance becomes Master, or the cluster closes, their callers get the truth: success when
 *   the application ended RUNNING, else ABNORMAL_TERMINATION saying why it was interrupted.
 */
import { failOnThrow, type ActorFactory, type ActorRef, type ReplyTo } from '../core/index.js';
import { describeError, rpcFault } from '../../errors/errors.js';
import { pythonList } from '../../errors/python-text.js';
import { neverStarted } from '../../model/application-state.js';
import { applicationView, applicationViews, type ApplicationView } from '../../model/applications.js';
import type { ClusterModel, ProcessRecord } from '../../model/cluster-model.js';
import { emptyModel } from '../../model/cluster-model.js';
import { displayedState, isRunningState, isStoppedState } from '../../model/process-state.js';
import { resolveApplicationHash, resolveIdentifiers } from '../../rules/resolve.js';
import type { ProgramRules, RuleSet } from '../../rules/types.js';
import { startResult } from '../../strategies/command-results.js';
import { distributeApplication } from '../../strategies/distribution.js';
import { chooseInstance, placementInput, type PlacementInput, type StrategyRegistry } from '../../strategies/placement.js';
import type { ChooseMessage } from '../plugins/plugins.js';
import { autoStartStages, processStartStages } from '../../strategies/sequences.js';
import { interruptedVerdict } from '../../strategies/interrupted-jobs.js';
import { startingFailureDecision } from '../../strategies/starting-failure.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { ContextMessage } from '../context/messages.js';
import type { ClusterView } from '../state-machine/view.js';
import type { StarterMessage } from './messages.js';
import { candidatesOf, configurationsOf, placementContext, predictStart, processIdentifiers, type ClusterFacts } from './placement-inputs.js';
import type { StartingFailureStrategy } from '../../vocabulary/strategies.js';
import { monotonicSeconds } from '../../clock/clock.js';

export interface StarterDeps {
  readonly view: ClusterView;
  readonly context: ActorRef<ContextMessage>;
  readonly rules: () => RuleSet;
  /** The bridge of an instance (the local one, or a peer's through the transport). */
  readonly bridgeOf: (identifier: string) => ActorRef<BridgeMessage>;
  readonly strategies: StrategyRegistry;
  /** Strategies of plugins (actors asked `choose`), by name. */
  readonly plugins: ReadonlyMap<string, ActorRef<ChooseMessage>>;
  /** Facts of the cluster placement needs (instances, RUNNING ones, machine ids). */
  readonly facts: () => ClusterFacts;
  /** starting_failure_strategy STOP: the stopper stops the application. */
  readonly stopApplication: (application: string) => void;
  /** Extra time over startsecs before a start without news fails. Default 5000 ms. */
  readonly startMarginMs?: number;
}

interface Planned {
  readonly record: ProcessRecord;
  readonly rules: ProgramRules;
}

interface Command {
  readonly namespec: string;
  readonly application: string;
  readonly target: string;
  readonly rules: ProgramRules;
  /** Monotonic s when sent: older reports of the target (a previous run) say nothing of it. */
  readonly sentMonotonic: number;
  /** Epoch s (whole) when sent: a report of this start shows a start time from then on. */
  readonly sentEpoch: number;
  deadline: number;
  readonly planned: Planned;
}

interface Job {
  readonly application: string | undefined;
  readonly strategy: string;
  /** Given by the request; undefined: each process keeps the extra arguments it last started with. */
  readonly extraArgs: string | undefined;
  readonly ignoreWaitExit: boolean;
  stages: Planned[][];
  stage: number;
  /** The starts of the current stage were sent: once they settle, the next stage (never sent twice). */
  stageSent: boolean;
  /** starting_failure_strategy STOP asked: the application is stopped when the job finishes. */
  stopAfter: boolean;
  /** SINGLE_INSTANCE / SINGLE_NODE: the target of each process, chosen when the job begins. */
  targets: ReadonlyMap<string, string | null> | undefined;
  readonly commands: Map<string, Command>;
  readonly waiters: ReplyTo<boolean>[];
  readonly namespecs: readonly string[];
}

/** Extra arguments are the process's, not an instance's: those of its last start, wherever it was. */
function lastExtraArgs(record: ProcessRecord): string {
  const infos = [...record.infos.values()];
  const latest = infos.reduce<(typeof infos)[number] | undefined>((best, info) => (best === undefined || info.start > best.start ? info : best), undefined);
  return latest?.extraArgs ?? '';
}

export function starter(deps: StarterDeps): ActorFactory<StarterMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    const margin = deps.startMarginMs ?? 5000;
    const queue: Job[] = [];
    /** Jobs stopped by an abort (ELECTION...), kept with their waiters until re-planned or dropped. */
    const interrupted: Job[] = [];
    /** Told once no job is left. */
    const idleWaiters: (() => void)[] = [];
    let current: Job | undefined;
    let model: ClusterModel = emptyModel;
    const startingStrategy = (): string => view.options.startingStrategy;
    const appView = (name: string): ApplicationView | undefined => applicationView(model, deps.rules(), name, startingStrategy());

    const publishJobs = (): void => {
      view.jobs = { ...view.jobs, starting: current !== undefined || queue.length > 0 };
    };

    const pending = (): Map<string, number> => {
      const loads = new Map<string, number>();
      for (const command of current?.commands.values() ?? []) {
        const record = model.processes.get(command.namespec);
        if (record !== undefined && isRunningState(record.synthesis.state)) continue;
        loads.set(command.target, (loads.get(command.target) ?? 0) + command.rules.expectedLoading);
      }
      return loads;
    };

    const pluginName = (plugin: ActorRef<ChooseMessage>): string => plugin.name.replace(/^strategy:/, '');

    /** The identifiers of a process's rule, `@` / `#` signs applied. */
    const identifiersOf = (planned: Planned, facts: ClusterFacts): readonly string[] => {
      const application = appView(planned.record.application);
      return application === undefined ? planned.rules.identifiers : processIdentifiers(planned.record, planned.rules, application, facts);
    };

    /** A plugin's choice, checked: one of the valid candidates, or null. */
    const askPlugin = async (plugin: ActorRef<ChooseMessage>, input: PlacementInput | null): Promise<string | null> => {
      if (input === null) return null;
      const chosen = await plugin.ask<string | null>((replyTo) => ({ type: 'choose', ...input, replyTo }));
      if (chosen !== null && !input.candidates.some((candidate) => candidate.identifier === chosen && candidate.valid)) {
        throw new Error(`strategy ${pluginName(plugin)} chose ${String(chosen)}, which is not a valid candidate`);
      }
      return chosen;
    };

    const targetOf = (job: Job, planned: Planned): string | null | Promise<string | null> => {
      const facts = deps.facts();
      const placement = placementContext(model, deps.rules(), startingStrategy(), facts, pending());
      const plugin = deps.plugins.get(job.strategy);
      if (plugin !== undefined) {
        // plugins place every process by itself, whatever the distribution rule
        return askPlugin(plugin, placementInput(candidatesOf(planned.record, identifiersOf(planned, facts), facts), planned.rules.expectedLoading, placement));
      }
      const strategy = deps.strategies.get(job.strategy);
      if (strategy === undefined) return null;
      const application = job.application === undefined ? undefined : appView(job.application);
      if (application !== undefined && application.rules.distribution !== 'ALL_INSTANCES' && job.targets === undefined) {
        // an application `#` gives it one instance by its name's rank (spec/rules.md §8.2)
        const identifiers = resolveApplicationHash(application.name, application.rules, facts.instances).rules.identifiers;
        const planned = job.stages.flat();
        job.targets = distributeApplication(
          strategy,
          {
            distribution: application.rules.distribution,
            identifiers: resolveIdentifiers(identifiers, facts.instances).identifiers,
            processes: application.processes.map(({ record, rules }) => ({
              namespec: record.namespec,
              startSequence: rules.startSequence,
              expectedLoad: rules.expectedLoading,
              configurations: configurationsOf(record),
            })),
          },
          planned.map(({ record, rules }) => ({ namespec: record.namespec, expectedLoad: rules.expectedLoading })),
          placement,
        ).targets;
      }
      if (job.targets !== undefined) return job.targets.get(planned.record.namespec) ?? null;
      return chooseInstance(strategy, candidatesOf(planned.record, identifiersOf(planned, facts), facts), planned.rules.expectedLoading, placement);
    };

    const fail = (job: Job, planned: Pick<Planned, 'rules'> & { readonly namespec: string; readonly application: string }, reason: string, forced = false): void => {
      log.warn(`start of ${planned.namespec} failed: ${reason}`);
      // what no instance will report (no resource, a refused start) is shown as FATAL (states.md §4.4)
      if (forced) deps.context.tell({ type: 'force-state', namespec: planned.namespec, state: 'FATAL', reason });
      const decision = startingFailureDecision({ required: planned.rules.required, startingFailureStrategy: planned.rules.startingFailureStrategy as StartingFailureStrategy });
      if (decision.abortPlanned) job.stages = job.stages.slice(0, job.stage + 1);
      if (decision.stopRequest) job.stopAfter = true;
    };

    const sendStart = (job: Job, planned: Planned): void => {
      const target = targetOf(job, planned);
      if (!(target instanceof Promise)) {
        dispatch(job, planned, target);
        return;
      }
      // placing: counted as in flight until the plugin answers
      const { record, rules } = planned;
      job.commands.set(record.namespec, {
        namespec: record.namespec,
        application: record.application,
        target: '',
        rules,
        sentMonotonic: monotonicSeconds(),
        sentEpoch: Math.floor(Date.now() / 1000),
        deadline: Date.now() + margin,
        planned,
      });
      target.then(
        (chosen) => context.self.tell({ type: 'placed', namespec: record.namespec, target: chosen }),
        (error: unknown) => context.self.tell({ type: 'command-failed', namespec: record.namespec, reason: describeError(error) }),
      );
    };

    const dispatch = (job: Job, planned: Planned, target: string | null): void => {
      const { record, rules } = planned;
      if (target === null) {
        fail(job, { rules, namespec: record.namespec, application: record.application }, 'No resource available', true);
        return;
      }
      const startsecs = record.infos.get(target)?.startsecs ?? 1;
      job.commands.set(record.namespec, {
        namespec: record.namespec,
        application: record.application,
        target,
        rules,
        sentMonotonic: monotonicSeconds(),
        sentEpoch: Math.floor(Date.now() / 1000),
        deadline: Date.now() + startsecs * 1000 + margin,
        planned,
      });
      log.info(`starting ${record.namespec} on ${target}`);
      deps
        .bridgeOf(target)
        .ask<boolean>((replyTo) => ({ type: 'start-args', namespec: record.namespec, extraArgs: job.extraArgs ?? lastExtraArgs(record), wait: false, replyTo }))
        .catch((error: unknown) => context.self.tell({ type: 'command-failed', namespec: record.namespec, reason: describeError(error) }));
    };

    /**
     * A process already on its way (STARTING, BACKOFF: a start sent before an interruption, or by
     * someone else) when its stage begins: not started again, but its stage still waits for it.
     */
    const followStarting = (job: Job, planned: Planned): void => {
      const { record, rules } = planned;
      const target = record.synthesis.runningIdentifiers[0];
      if (target === undefined) return;
      const startsecs = record.infos.get(target)?.startsecs ?? 1;
      // sent "at 0": any report of the target is news of this start
      job.commands.set(record.namespec, { namespec: record.namespec, application: record.application, target, rules, sentMonotonic: 0, sentEpoch: 0, deadline: Date.now() + startsecs * 1000 + margin, planned });
    };

    const finish = (job: Job): void => {
      if (job.stopAfter && job.application !== undefined) deps.stopApplication(job.application);
      const failed = job.namespecs.filter((namespec) => {
        const record = model.processes.get(namespec);
        return record === undefined || isStoppedState(displayedState(record.synthesis));
      });
      for (const replyTo of job.waiters) {
        if (job.application !== undefined) {
          const state = appView(job.application)?.evaluation.state;
          if (state === 'RUNNING') replyTo.reply(true);
          else replyTo.fail(rpcFault('NOT_RUNNING', job.application));
        } else if (failed.length > 0) replyTo.fail(rpcFault('NOT_RUNNING', `processes=${pythonList(failed)}`));
        else replyTo.reply(true);
      }
    };

    /** Runs stages until one has commands in flight, or the job is done. */
    const advance = (): void => {
      while (current !== undefined) {
        const job = current;
        if (job.commands.size > 0) return;
        if (job.stageSent) {
          job.stage += 1;
          job.stageSent = false;
          continue;
        }
        if (job.stage < job.stages.length) {
          job.stageSent = true;
          for (const planned of job.stages[job.stage] ?? []) {
            const record = model.processes.get(planned.record.namespec) ?? planned.record;
            if (!isRunningState(record.synthesis.state)) sendStart(job, { ...planned, record });
            else if (record.synthesis.state !== 'RUNNING') followStarting(job, { ...planned, record });
          }
          continue;
        }
        finish(job);
        current = queue.shift();
        publishJobs();
      }
      for (const waiter of idleWaiters.splice(0)) waiter();
    };

    const enqueue = (job: Job): void => {
      queue.push(job);
      if (current === undefined) current = queue.shift();
      publishJobs();
      advance();
    };

    const stagesOf = (application: ApplicationView): Planned[][] =>
      processStartStages(application.processes.filter(({ rules }) => rules.startSequence > 0).map(({ record, rules }) => ({ record, rules, startSequence: rules.startSequence }))).map(
        (stage) => stage.map(({ record, rules }) => ({ record, rules })),
      );

    const applicationJob = (application: ApplicationView, strategy: string, waiters: ReplyTo<boolean>[]): Job => {
      const stages = stagesOf(application);
      return {
        application: application.name,
        strategy,
        extraArgs: undefined,
        ignoreWaitExit: false,
        stages,
        stage: 0,
        stageSent: false,
        stopAfter: false,
        targets: undefined,
        commands: new Map(),
        waiters,
        namespecs: stages.flat().map(({ record }) => record.namespec),
      };
    };

    /** The commands of the current job settled by this model. */
    const follow = (): void => {
      const job = current;
      if (job === undefined) return;
      for (const command of [...job.commands.values()]) {
        if (command.target === '') continue;
        const info = model.processes.get(command.namespec)?.infos.get(command.target);
        // the bridge republishes the old state when it stores extra arguments: only a new start counts
        if (info === undefined || info.localMtime < command.sentMonotonic || (info.start < command.sentEpoch && info.state !== 'STARTING')) continue;
        const result = startResult(info.state, info.expected, { waitExit: command.rules.waitExit, ignoreWaitExit: job.ignoreWaitExit });
        if (result === 'success') job.commands.delete(command.namespec);
        else if (result === 'failure' && info.state !== 'STOPPED') {
          job.commands.delete(command.namespec);
          fail(job, command, `${info.state}${info.spawnerr === '' ? '' : ` (${info.spawnerr})`} on ${command.target}`);
        } else if (result === 'backoff' || (info.state === 'RUNNING' && command.rules.waitExit)) {
          command.deadline = info.state === 'RUNNING' ? Number.POSITIVE_INFINITY : Date.now() + info.startsecs * 1000 + margin;
        }
      }
      advance();
    };

    /** Queues the DISTRIBUTION start: the managed applications to (re)start, by start_sequence. Returns how many. */
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
      for (const stage of stages) for (const { application } of stage) enqueue(applicationJob(application, application.rules.startingStrategy, []));
      log.info(`distribution: ${stages.flat().length} applications to start`);
      return stages.flat().length;
    };

    /** ELECTION (and the other aborts) interrupt jobs; a new DISTRIBUTION on this Master re-plans them, their waiters still waiting. */
    const resumeInterrupted = (): void => {
      if (interrupted.length === 0) return;
      log.info(`resuming ${interrupted.length} interrupted start jobs`);
      for (const job of interrupted.splice(0)) enqueue(job);
    };

    /** Interrupted jobs another Master took over, or that a closing cluster ends: their waiters are told what happened. */
    const dropInterrupted = (): void => {
      if (interrupted.length === 0) return;
      const verdict = interruptedVerdict(view.state, view.masterIdentifier, view.localIdentifier);
      if (verdict === undefined) return;
      log.warn(`start jobs interrupted (${interrupted.length}) dropped: ${verdict}`);
      for (const job of interrupted.splice(0)) {
        const state = job.application === undefined ? undefined : appView(job.application)?.evaluation.state;
        for (const replyTo of job.waiters) {
          if (state === 'RUNNING') replyTo.reply(true);
          else replyTo.fail(rpcFault('ABNORMAL_TERMINATION', `start of ${job.application ?? job.namespecs.join(', ')} interrupted: ${verdict}`));
        }
      }
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('tick', 500, { type: 'tick' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed':
            model = message.model;
            follow();
            return;
          case 'start-application': {
            failOnThrow(message.replyTo, () => {
              const application = appView(message.application);
              if (application === undefined) throw rpcFault('BAD_NAME', `application=${message.application} unknown to Supvisors`);
              if (!application.managed) throw rpcFault('NOT_MANAGED', message.application);
              if (application.evaluation.state !== 'STOPPED') throw rpcFault('ALREADY_STARTED', message.application);
              const job = applicationJob(application, message.strategy, message.wait ? [message.replyTo] : []);
              if (job.namespecs.length === 0 || !job.stages.flat().some(({ record }) => !isRunningState(record.synthesis.state))) {
                throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${message.application}`);
              }
              if (!message.wait) message.replyTo.reply(true);
              enqueue(job);
            });
            return;
          }
          case 'start-processes': {
            failOnThrow(message.replyTo, () => {
              const planned: Planned[] = [];
              for (const namespec of message.namespecs) {
                const record = model.processes.get(namespec);
                if (record === undefined) continue;
                if (isRunningState(record.synthesis.state)) throw rpcFault('ALREADY_STARTED', namespec);
                const application = appView(record.application);
                const rules = application?.processes.find((process) => process.record.namespec === namespec)?.rules;
                if (rules !== undefined) planned.push({ record, rules });
              }
              const given = message.given ?? message.namespecs.join(', ');
              if (planned.length === 0) throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${given}`);
              // nothing placeable: refused now, nothing queued (a plugin's choice is only known later)
              const strategy = deps.strategies.get(message.strategy);
              if (strategy !== undefined) {
                const facts = deps.facts();
                const placement = placementContext(model, deps.rules(), startingStrategy(), facts, pending());
                const placeable = planned.some((one) => chooseInstance(strategy, candidatesOf(one.record, identifiersOf(one, facts), facts), one.rules.expectedLoading, placement) !== null);
                if (!placeable) throw rpcFault('ABNORMAL_TERMINATION', `failed to start ${given}`);
              }
              if (!message.wait) message.replyTo.reply(true);
              enqueue({
                application: undefined,
                strategy: message.strategy,
                extraArgs: message.extraArgs,
                ignoreWaitExit: true,
                stages: [planned],
                stage: 0,
                stageSent: false,
                stopAfter: false,
                targets: undefined,
                commands: new Map(),
                waiters: message.wait ? [message.replyTo] : [],
                namespecs: planned.map(({ record }) => record.namespec),
              });
            });
            return;
          }
          case 'start-distribution':
            resumeInterrupted();
            distribute();
            publishJobs();
            return;
          case 'restart-sequence':
            failOnThrow(message.replyTo, () => {
              if (view.jobs.starting || view.jobs.stopping) throw rpcFault('BAD_SUPVISORS_STATE', 'jobs in progress');
              if (distribute() === 0) throw rpcFault('ABNORMAL_TERMINATION', 'failed to trigger start sequence');
              publishJobs();
              if (!message.wait) message.replyTo.reply(true);
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
              const strategy = deps.strategies.get(message.strategy);
              if (strategy === undefined) throw rpcFault('NOT_APPLICABLE', `strategy ${message.strategy} (a plugin) cannot be simulated: test_start needs a built-in strategy`);
              const facts = deps.facts();
              message.replyTo.reply(predictStart(application, strategy, placementContext(model, deps.rules(), startingStrategy(), facts, pending()), facts, message.namespecs));
            });
            return;
          case 'abort': {
            const stopped = [current, ...queue.splice(0)].filter((job): job is Job => job !== undefined);
            if (stopped.length > 0) log.warn(`start jobs interrupted (${stopped.length}): re-planned at the next DISTRIBUTION if this instance is still the Master`);
            // the current stage is planned again from the model then: what runs by then is not started twice
            for (const job of stopped) interrupted.push({ ...job, stageSent: false, targets: undefined, commands: new Map() });
            current = undefined;
            publishJobs();
            advance();
            return;
          }
          case 'placed': {
            const command = current?.commands.get(message.namespec);
            if (current === undefined || command === undefined || command.target !== '') return;
            current.commands.delete(message.namespec);
            dispatch(current, command.planned, message.target);
            advance();
            return;
          }
          case 'command-failed': {
            const command = current?.commands.get(message.namespec);
            if (current === undefined || command === undefined) return;
            current.commands.delete(message.namespec);
            fail(current, command, message.reason, true);
            advance();
            return;
          }
          case 'tick': {
            dropInterrupted();
            const job = current;
            if (job === undefined) return;
            for (const command of [...job.commands.values()]) {
              if (Date.now() <= command.deadline) continue;
              job.commands.delete(command.namespec);
              fail(job, command, `no RUNNING event from ${command.target} in time`);
            }
            advance();
            return;
          }
        }
      },
    };
  };
}
