/**
 * The names of Supvisors' strategies and distribution rules (spec/strategies.md, rules.md §3–§4,
 * config.md §3): the option values, the rules files' values and the XML-RPC strategy parameters.
 * Each list is in the order of the Python enumeration (index = wire value).
 */

export const startingStrategyNames = ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE'] as const;
export type StartingStrategy = (typeof startingStrategyNames)[number];

export const conciliationStrategyNames = ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE'] as const;
export type ConciliationStrategy = (typeof conciliationStrategyNames)[number];

export const supvisorsFailureStrategyNames = ['CONTINUE', 'RESYNC', 'SHUTDOWN'] as const;
export type SupvisorsFailureStrategy = (typeof supvisorsFailureStrategyNames)[number];

export const distributionRuleNames = ['ALL_INSTANCES', 'SINGLE_INSTANCE', 'SINGLE_NODE'] as const;
export type DistributionRule = (typeof distributionRuleNames)[number];

export const startingFailureStrategyNames = ['ABORT', 'STOP', 'CONTINUE'] as const;
export type StartingFailureStrategy = (typeof startingFailureStrategyNames)[number];

export const runningFailureStrategyNames = ['CONTINUE', 'RESTART_PROCESS', 'STOP_APPLICATION', 'RESTART_APPLICATION', 'SHUTDOWN', 'RESTART'] as const;
export type RunningFailureStrategy = (typeof runningFailureStrategyNames)[number];
