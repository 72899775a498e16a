/**
 * The conciliator: conflicts are processes of managed applications running on several instances
 * (typically after a partition heals, each side having restarted what it lost; the context sets
 * `view.conflicts`, which moves the Master's FSM to CONCILIATION and back once none is left). It
 * applies a conciliation strategy (strategies/conciliation.ts):
 * - on the Master's CONCILIATION, with `conciliation_strategy` (USER: nothing, wait for
 *   `supvisors.conciliate`), again while conflicts remain and no stop job runs;
 * - on `supvisors.conciliate(strategy)`, or `supvisors.conciliate_process(strategy, namespec)` for
 *   the conflicts of one namespec (ours, the dashboard's per-conflict strategies, as Python's page).
 * SENICIDE keeps the youngest copy, INFANTICIDE the oldest (uptimes on each instance's own
 * monotonic clock, copies.ts), STOP stops them all, RESTART stops them all and starts one again,
 * RUNNING_FAILURE stops them all and applies the program's running-failure strategy.
 * A conciliation plugin's name is asked in its worker thread for the actions (the same kinds), which
 * are performed when they come back; a plugin that fails to answer leaves the conflicts as USER does.
 */
import { failOnThrow, type ActorFactory, type ActorRef, type ReplyTo } from '../core/index.js';
import { describeError, rpcFault } from '../../errors/errors.js';
import { applicationView } from '../../model/applications.js';
import { emptyModel, type ClusterModel, type ProcessRecord } from '../../model/cluster-model.js';
import { derivedFacts } from '../../model/derived.js';
import type { RuleSet } from '../../rules/types.js';
import { conciliate, type ConciliationAction } from '../../strategies/conciliation.js';
import { readClock } from '../../clock/clock.js';
import { conflictCopies } from './copies.js';
import type { ContextMessage, ContextNotice } from '../context/messages.js';
import type { FailureHandlerMessage } from '../failure-handler/failure-handler.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { StarterMessage } from '../starter/messages.js';
import type { StopperMessage } from '../stopper/messages.js';
import { isConciliationStrategy } from '../../vocabulary/strategies.js';
import { PLUGIN_ASK_MS, type PluginMessage } from '../plugins/messages.js';

export const CONCILIATOR = 'conciliator';

export type ConciliatorMessage =
  | ContextNotice
  /** The FSM (Master in CONCILIATION): apply `conciliation_strategy`. */
  | { readonly type: 'auto' }
  /**
   * `supvisors.conciliate`: replies false for USER (nothing done), true once triggered. With
   * `namespecs`, only their conflicts (NOT_APPLICABLE when none of them is in conflict).
   */
  | { readonly type: 'conciliate'; readonly strategy: string; readonly namespecs?: readonly string[]; readonly replyTo: ReplyTo<boolean> }
  /** Internal: a conciliation plugin answered. */
  | { readonly type: 'plugin-actions'; readonly strategy: string; readonly actions: readonly ConciliationAction[] };

export interface ConciliatorDeps {
  readonly view: ClusterSnapshot;
  readonly context: ActorRef<ContextMessage>;
  readonly starter: ActorRef<StarterMessage>;
  readonly stopper: ActorRef<StopperMessage>;
  readonly failureHandler: ActorRef<FailureHandlerMessage>;
  readonly rules: () => RuleSet;
  /** The conciliation plugins (their proxy actors), by name. */
  readonly plugins?: ReadonlyMap<string, ActorRef<PluginMessage>>;
}

export function conciliator(deps: ConciliatorDeps): ActorFactory<ConciliatorMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    let model: ClusterModel = emptyModel;
    const current = (): ProcessRecord[] =>
      derivedFacts(model, deps.rules(), view.options.startingStrategy).conflicts.flatMap((namespec) => {
        const record = model.processes.get(namespec);
        return record === undefined ? [] : [record];
      });

    const quietly = (what: string, promise: Promise<unknown>): void => {
      promise.catch((error: unknown) => log.warn(`${what}: ${describeError(error)}`));
    };
    const stop = (namespec: string, identifiers: readonly string[] | undefined): Promise<boolean> =>
      deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs: [namespec], ...(identifiers === undefined ? {} : { identifiers }), wait: true, replyTo }), 600_000);

    /** `stops`: the stops asked in this round, by namespec, which a RUNNING_FAILURE follows. */
    const perform = (action: ConciliationAction, stops: Map<string, Promise<unknown>>): void => {
      switch (action.kind) {
        case 'stop': {
          log.warn(`conciliation: stopping ${action.namespec} on ${action.identifiers.join(', ')}`);
          const stopped = stop(action.namespec, action.identifiers).catch((error: unknown) => log.warn(`conciliation stop of ${action.namespec}: ${describeError(error)}`));
          stops.set(action.namespec, stopped);
          return;
        }
        case 'restart': {
          const application = model.processes.get(action.namespec)?.application ?? '';
          const strategy = applicationView(model, deps.rules(), application, view.options.startingStrategy)?.rules.startingStrategy ?? view.options.startingStrategy;
          log.warn(`conciliation: restarting ${action.namespec}`);
          quietly(
            `conciliation restart of ${action.namespec}`,
            stop(action.namespec, undefined).then(() =>
              deps.starter.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs: [action.namespec], strategy, extraArgs: '', wait: false, replyTo }), 600_000),
            ),
          );
          return;
        }
        case 'running-failure':
          void (stops.get(action.namespec) ?? Promise.resolve()).then(() => deps.failureHandler.tell({ type: 'running-failure', namespecs: [action.namespec] }));
          return;
      }
    };

    /** A conciliation plugin is being asked: its answer comes back as `plugin-actions`. */
    let pluginAsked = false;
    const performAll = (actions: readonly ConciliationAction[]): void => {
      const stops = new Map<string, Promise<unknown>>();
      for (const action of actions) perform(action, stops);
    };

    /** `strategy`: a built-in conciliation strategy or a conciliation plugin's name. */
    const apply = (strategy: string, namespecs?: readonly string[]): boolean => {
      const records = namespecs === undefined ? current() : current().filter((record) => namespecs.includes(record.namespec));
      if (namespecs !== undefined && records.length === 0) throw rpcFault('NOT_APPLICABLE', `${namespecs.join(', ')} not in conflict`);
      if (strategy === 'USER') return false;
      const clock = readClock();
      const conflicting = records.map((record) => conflictCopies(record, view.heartbeats, clock));
      if (isConciliationStrategy(strategy)) {
        performAll(conciliate(strategy, conflicting));
        return true;
      }
      const plugin = deps.plugins?.get(strategy);
      if (plugin === undefined) throw rpcFault('BAD_ARGUMENTS', `unknown conciliation strategy ${strategy}`);
      pluginAsked = true;
      void plugin.ask<ConciliationAction[]>((replyTo) => ({ type: 'conciliate', conflicts: conflicting, replyTo }), PLUGIN_ASK_MS).then(
        (actions) => context.self.tell({ type: 'plugin-actions', strategy, actions }),
        (error: unknown) => {
          context.self.tell({ type: 'plugin-actions', strategy, actions: [] });
          log.warn(`conciliation: strategy ${strategy} gave no actions (${describeError(error)}): the conflicts stay, as with USER`);
        },
      );
      return true;
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed':
            model = message.model;
            return;
          case 'auto':
            // again at each evaluation while conflicts remain: not while the previous stops run, nor while a plugin is asked
            if (view.jobs.stopping || view.jobs.starting || pluginAsked) return;
            apply(view.options.conciliationStrategy);
            return;
          case 'conciliate':
            failOnThrow(message.replyTo, () => message.replyTo.reply(apply(message.strategy, message.namespecs)));
            return;
          case 'plugin-actions':
            pluginAsked = false;
            if (message.actions.length === 0) return;
            log.info(`conciliation: strategy ${message.strategy} answered ${message.actions.length} actions`);
            performAll(message.actions);
            return;
        }
      },
    };
  };
}
