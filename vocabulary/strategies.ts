/**
 * The names of Supvisors' strategies and distribution rules (spec/strategies.md, rules.md §3–§4,
 * config.md §3): the option values, the rules files' values and the XML-RPC strategy parameters.
 * Each list is in the order of the Python enumeration (index = wire value).
 */

export const startingStrategyNames = ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE'] as const;
export type StartingStrategy = (typeof startingStrategyNames)[number];

export const conciliationStrategyNames = ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE'] as const;
export type ConciliationStrategy = (typeof conciliationStrategyNames)[number];

/** A built-in conciliation strategy (not a plugin's name). */
export function isConciliationStrategy(name: string): name is ConciliationStrategy {
  return (conciliationStrategyNames as readonly string[]).includes(name);
}

export const supvisorsFailureStrategyNames = ['CONTINUE', 'RESYNC', 'SHUTDOWN'] as const;
export type SupvisorsFailureStrategy = (typeof supvisorsFailureStrategyNames)[number];

/** The kinds of strategies, as `get_all_strategies` lists them (`actor`: a plugin that follows the cluster). */
export const strategyKinds = ['starting', 'starting_failure', 'running_failure', 'conciliation', 'supvisors_failure', 'actor'] as const;
export type StrategyKind = (typeof strategyKinds)[number];

export const distributionRuleNames = ['ALL_INSTANCES', 'SINGLE_INSTANCE', 'SINGLE_NODE'] as const;
export type DistributionRule = (typeof distributionRuleNames)[number];

export const startingFailureStrategyNames = ['ABORT', 'STOP', 'CONTINUE'] as const;
export type StartingFailureStrategy = (typeof startingFailureStrategyNames)[number];

export const runningFailureStrategyNames = ['CONTINUE', 'RESTART_PROCESS', 'STOP_APPLICATION', 'RESTART_APPLICATION', 'SHUTDOWN', 'RESTART'] as const;
export type RunningFailureStrategy = (typeof runningFailureStrategyNames)[number];

/** A built-in running failure strategy (not a plugin's name). */
export function isRunningFailureStrategy(name: string): name is RunningFailureStrategy {
  return (runningFailureStrategyNames as readonly string[]).includes(name);
}

/** Every built-in strategy with its kind, kind by kind, each kind in its enumeration's order. */
export function builtinStrategies(): { readonly name: string; readonly kind: StrategyKind }[] {
  const of = (kind: StrategyKind, names: readonly string[]): { name: string; kind: StrategyKind }[] => names.map((name) => ({ name, kind }));
  return [
    ...of('starting', startingStrategyNames),
    ...of('starting_failure', startingFailureStrategyNames),
    ...of('running_failure', runningFailureStrategyNames),
    ...of('conciliation', conciliationStrategyNames),
    ...of('supvisors_failure', supvisorsFailureStrategyNames),
  ];
}
