/**
 * The failure handler (running-failure strategies, strategies.md §8): on the Master only, in
 * OPERATION or CONCILIATION.
 *
 * - Processes lost with an instance (the context reports them: they ran there and now run
 *   nowhere) get their program's running_failure_strategy as a job, with Supvisors' precedence
 *   STOP_APPLICATION > RESTART_APPLICATION > RESTART_PROCESS > CONTINUE and the promotion of
 *   RESTART_PROCESS to RESTART_APPLICATION when the application is now stopped
 *   (strategies/running-failure.ts). Those of a lost Master are owed (below): the new Master
 *   plans them once it acts, after its DISTRIBUTION.
 * - A crash (FATAL, or an unexpected exit) of a process of a running application asks for its
 *   strategy: STOP_APPLICATION / RESTART_APPLICATION as jobs, SHUTDOWN / RESTART of the whole
 *   cluster; CONTINUE and RESTART_PROCESS are left to Supervisor's autorestart.
 * - Restarts owed (the lost processes a RESTART_* strategy covers) are remembered on every
 *   instance until the process runs again; the next acting Master re-plans what is still owed.
 * - Jobs are released at once: RESTART_PROCESS starts the process again where the starting
 *   strategy and the program's identifiers say, with the extra arguments it had (shared by all
 *   instances); RESTART_APPLICATION stops what still runs, then starts the application.
 * - A program whose strategy is a running_failure plugin's: the plugin is asked (in its worker
 *   thread) which built-in strategy applies to this failure, and its answer is then handled as
 *   above, as it comes back. A plugin that fails to answer gives CONTINUE, logged.
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import { describeError } from '../../errors/errors.js';
import { applicationView, type ApplicationView } from '../../model/applications.js';
import { emptyModel, type ClusterModel } from '../../model/cluster-model.js';
import type { ProcessSynthesis } from '../../model/types.js';
import type { RuleSet } from '../../rules/types.js';
import { crashed } from '../../model/process-state.js';
import { isRunningFailureStrategy } from '../../vocabulary/strategies.js';
import type { RunningFailure } from '../../plugin-worker/protocol.js';
import { PLUGIN_ASK_MS, type PluginMessage } from '../plugins/messages.js';
import { addDefaultJob, crashReaction, noRunningFailureJobs, triggerJobs, type RunningFailureAction, type RunningFailureJobs } from '../../strategies/running-failure.js';
import type { ContextMessage, ContextNotice } from '../context/messages.js';
import type { ClosingKind } from '../state-machine/messages.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { StarterMessage } from '../starter/messages.js';
import type { StopperMessage } from '../stopper/messages.js';
import type { RunningFailureStrategy } from '../../vocabulary/strategies.js';

export const FAILURE_HANDLER = 'failure-handler';

export type FailureHandlerMessage =
  | ContextNotice
  /** Timer: a change of acting Master (or of state) re-plans the restarts still owed. */
  | { readonly type: 'owed' }
  /** Conciliation RUNNING_FAILURE: these processes were stopped everywhere; apply their strategies. */
  | { readonly type: 'running-failure'; readonly namespecs: readonly string[] }
  /** Internal: running_failure plugins answered for these failures. */
  | { readonly type: 'plugins-decided'; readonly cause: RunningFailure['cause']; readonly decided: readonly PluginDecision[] };

/** A plugin's answer for one failure, with the process as it was when the plugin was asked (a crash is judged on it). */
interface PluginDecision {
  readonly namespec: string;
  readonly strategy: RunningFailureStrategy;
  readonly synthesis: ProcessSynthesis | undefined;
}

export interface FailureHandlerDeps {
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly starter: ActorRef<StarterMessage>;
  readonly stopper: ActorRef<StopperMessage>;
  readonly rules: () => RuleSet;
  /** SHUTDOWN / RESTART strategies: the whole cluster closes (as `supvisors.shutdown` / `restart`). */
  readonly close: (kind: ClosingKind) => void;
  /** The running_failure plugins (their proxy actors), by name. */
  readonly plugins?: ReadonlyMap<string, ActorRef<PluginMessage>>;
}

export function failureHandler(deps: FailureHandlerDeps): ActorFactory<FailureHandlerMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    let model: ClusterModel = emptyModel;
    const appView = (name: string): ApplicationView | undefined => applicationView(model, deps.rules(), name, view.options.startingStrategy);
    const acting = (): boolean => view.masterIdentifier === view.localIdentifier && (view.state === 'OPERATION' || view.state === 'CONCILIATION');

    /** `strategy`: a built-in running failure strategy, or a running_failure plugin's name. */
    const rulesOf = (namespec: string): { application: ApplicationView; strategy: string; sequenced: boolean } | undefined => {
      const record = model.processes.get(namespec);
      const application = record === undefined ? undefined : appView(record.application);
      const process = application?.processes.find((item) => item.record.namespec === namespec);
      if (application === undefined || process === undefined || !application.managed) return undefined;
      return { application, strategy: process.rules.runningFailureStrategy, sequenced: process.rules.startSequence > 0 };
    };

    const quietly = (what: string, promise: Promise<unknown>): void => {
      promise.catch((error: unknown) => log.warn(`${what}: ${describeError(error)}`));
    };

    const perform = (action: RunningFailureAction): void => {
      const application = appView(action.application);
      const strategy = application?.rules.startingStrategy ?? view.options.startingStrategy;
      switch (action.kind) {
        case 'stop-application':
          log.warn(`running failure: stopping ${action.application}`);
          quietly(`stop of ${action.application}`, deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-application', application: action.application, wait: true, replyTo }), 600_000));
          return;
        case 'restart-application': {
          log.warn(`running failure: restarting ${action.application}`);
          const start = (): Promise<boolean> => deps.starter.ask<boolean>((replyTo) => ({ type: 'start-application', application: action.application, strategy, wait: false, replyTo }), 600_000);
          const stopFirst = application?.evaluation.state !== 'STOPPED';
          quietly(
            `restart of ${action.application}`,
            stopFirst ? deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-application', application: action.application, wait: true, replyTo }), 600_000).catch(() => false).then(start) : start(),
          );
          return;
        }
        case 'restart-process': {
          log.warn(`running failure: restarting ${action.namespec}`);
          quietly(
            `restart of ${action.namespec}`,
            deps.starter.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs: [action.namespec], strategy, extraArgs: undefined, wait: false, replyTo }), 600_000),
          );
          return;
        }
      }
    };

    const release = (jobs: RunningFailureJobs): void => {
      const triggered = triggerJobs(jobs, new Set());
      for (const namespec of triggered.continued) log.info(`running failure: ${namespec} lost, CONTINUE`);
      for (const action of triggered.actions) perform(action);
    };

    /** The failures whose strategy is a plugin's: each plugin is asked, the answers come back as `plugins-decided`. */
    const askPlugins = (cause: RunningFailure['cause'], failures: readonly { readonly namespec: string; readonly strategy: string }[]): void => {
      if (failures.length === 0) return;
      const answers = failures.map(async ({ namespec, strategy }): Promise<PluginDecision> => {
        const found = rulesOf(namespec);
        const synthesis = model.processes.get(namespec)?.synthesis;
        const plugin = deps.plugins?.get(strategy);
        const failure: RunningFailure = {
          namespec,
          application: found?.application.name ?? '',
          cause,
          state: synthesis?.state ?? 'UNKNOWN',
          applicationState: found?.application.evaluation.state ?? 'STOPPED',
          sequenced: found?.sequenced ?? false,
        };
        try {
          if (plugin === undefined) throw new Error('no such running_failure plugin');
          return { namespec, strategy: await plugin.ask<RunningFailureStrategy>((replyTo) => ({ type: 'decide', failure, replyTo }), PLUGIN_ASK_MS), synthesis };
        } catch (error) {
          log.warn(`running failure: strategy ${strategy} gave no decision for ${namespec} (${describeError(error)}): CONTINUE`);
          return { namespec, strategy: 'CONTINUE', synthesis };
        }
      });
      void Promise.all(answers).then((decided) => context.self.tell({ type: 'plugins-decided', cause, decided }));
    };

    /** `decided`: what plugins answered, by namespec; the others' strategies come from the rules. */
    const onLost = (namespecs: readonly string[], decided?: ReadonlyMap<string, PluginDecision>): void => {
      let jobs = noRunningFailureJobs;
      const toAsk: { namespec: string; strategy: string }[] = [];
      for (const namespec of namespecs) {
        const found = rulesOf(namespec);
        if (found === undefined) continue;
        const strategy = decided?.get(namespec)?.strategy ?? found.strategy;
        if (!isRunningFailureStrategy(strategy)) {
          toAsk.push({ namespec, strategy });
          continue;
        }
        jobs = addDefaultJob(jobs, { namespec, applicationName: found.application.name, sequenced: found.sequenced, runningFailureStrategy: strategy }, found.application.evaluation.state === 'STOPPED');
      }
      release(jobs);
      askPlugins('instance_lost', toAsk);
    };

    /** The processes with a plugin's strategy whose crash was asked about, until they leave the crashed state. */
    const crashedAsked = new Set<string>();
    const onChanged = (namespecs: readonly string[], decided?: ReadonlyMap<string, PluginDecision>): void => {
      let jobs = noRunningFailureJobs;
      const toAsk: { namespec: string; strategy: string }[] = [];
      for (const namespec of namespecs) {
        const record = model.processes.get(namespec);
        const found = rulesOf(namespec);
        if (record === undefined || found === undefined || found.application.evaluation.state === 'STOPPED') continue;
        const decision = decided?.get(namespec);
        const strategy = decision?.strategy ?? found.strategy;
        if (!isRunningFailureStrategy(strategy)) {
          // asked once per crash: when the process turns crashed, not at each change seen while it is
          if (!crashed(record.synthesis)) crashedAsked.delete(namespec);
          else if (!crashedAsked.has(namespec)) {
            crashedAsked.add(namespec);
            toAsk.push({ namespec, strategy });
          }
          continue;
        }
        const reaction = crashReaction(decision?.synthesis ?? record.synthesis, strategy);
        if (reaction === 'restart' || reaction === 'shutdown') {
          log.warn(`running failure: ${namespec} crashed, ${strategy}`);
          deps.close(reaction);
        } else if (reaction === 'job') {
          jobs = addDefaultJob(jobs, { namespec, applicationName: found.application.name, sequenced: found.sequenced, runningFailureStrategy: strategy }, false);
        }
      }
      release(jobs);
      askPlugins('crash', toAsk);
    };

    /**
     * Restarts owed: the lost processes whose strategy restarts them, kept on every instance (each
     * one is told of every loss) until they run somewhere again. Whoever acts as Master next
     * re-plans those still owed, so a restart survives an ELECTION, a Master change or a loss
     * seen while no Master acted (DISTRIBUTION).
     */
    const owed = new Set<string>();
    let wasActing = false;
    const owe = (namespecs: readonly string[]): void => {
      for (const namespec of namespecs) {
        const strategy = rulesOf(namespec)?.strategy;
        // a plugin's strategy may restart it: its answer is asked again by the next acting Master
        if (strategy === 'RESTART_PROCESS' || strategy === 'RESTART_APPLICATION' || (strategy !== undefined && !isRunningFailureStrategy(strategy))) owed.add(namespec);
      }
    };
    const settleOwed = (): void => {
      for (const namespec of owed) if (model.processes.get(namespec)?.synthesis.runningIdentifiers.length !== 0) owed.delete(namespec);
    };
    /**
     * Whether this instance acts as Master now. On becoming it, what is still owed is planned
     * again (the starter skips what runs by then). Answers whether it acted before too.
     */
    const followActing = (): { readonly acting: boolean; readonly before: boolean } => {
      const before = wasActing;
      wasActing = acting();
      if (wasActing && !before && owed.size > 0) {
        log.info(`running failure: restarts still owed after the last change of Master or state: ${[...owed].join(', ')}`);
        onLost([...owed]);
      }
      return { acting: wasActing, before };
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('owed', 500, { type: 'owed' });

    return {
      receive(message) {
        if (message.type === 'owed') {
          followActing();
          return;
        }
        if (message.type === 'running-failure') {
          if (acting()) onLost(message.namespecs);
          return;
        }
        if (message.type === 'plugins-decided') {
          if (!acting()) return;
          const decided = new Map(message.decided.map((decision) => [decision.namespec, decision]));
          for (const { namespec, strategy } of message.decided) log.info(`running failure: ${namespec} (${message.cause}): its plugin decided ${strategy}`);
          if (message.cause === 'instance_lost') onLost([...decided.keys()], decided);
          else onChanged([...decided.keys()], decided);
          return;
        }
        model = message.model;
        if (message.lost !== undefined) owe(message.lost.namespecs);
        settleOwed();
        const now = followActing();
        if (!now.acting) return;
        // on becoming the acting Master, this notice's own loss was planned with what is owed
        if (message.lost === undefined) onChanged(message.namespecs);
        else if (now.before) onLost(message.lost.namespecs);
      },
    };
  };
}
