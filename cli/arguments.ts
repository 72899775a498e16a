/**
 * The argument checks of supvisorsctl's Supvisors commands (spec/cli.md §3), done client-side as
 * Python's supvisorsctl does them: strategies and log levels by their exact names, sent as the int
 * value Python sends (a Python server takes only that; ours takes both), counts, numbers. Pure.
 */
import { isLogLevel, LogLevels } from '../log/levels.js';
import { pythonText } from './table.js';
import { builtinStrategies, conciliationStrategyNames, startingStrategyNames } from '../vocabulary/strategies.js';

/**
 * A strategy named on the command line: its name and its wire value (a built-in's index in the
 * enum; a plugin's name as such, which the node checks: docs/extending.md).
 */
export interface StrategyArgument {
  readonly name: string;
  readonly value: number | string;
}

function strategyOf(names: readonly string[], text: string): StrategyArgument | undefined {
  // exact upper case, as Python's `StartingStrategies[name]`; another upper-case name that no built-in
  // strategy of any kind has may be a plugin's (the node refuses it when it is not)
  const value = names.indexOf(text);
  if (value >= 0) return { name: text, value };
  const builtin = builtinStrategies().some((strategy) => strategy.name === text);
  return !builtin && /^[A-Z][A-Z0-9_]*$/.test(text) ? { name: text, value: text } : undefined;
}

export function startingStrategy(text: string): StrategyArgument | undefined {
  return strategyOf(startingStrategyNames, text);
}

export function conciliationStrategy(text: string): StrategyArgument | undefined {
  return strategyOf(conciliationStrategyNames, text);
}

/** `ERROR: unknown strategy for <command>. use one of ['CONFIG', ...]` (Python's wording). */
export function unknownStrategyText(command: string, conciliation = false): string {
  return `ERROR: unknown strategy for ${command}. use one of ${pythonText([...(conciliation ? conciliationStrategyNames : startingStrategyNames)])}`;
}

/** Supervisor's getLevelNumByDescription: the exact (lower-case) name, else undefined (`INFO` is refused). */
export function logLevelValue(text: string): number | undefined {
  return isLogLevel(text) ? LogLevels[text].value : undefined;
}

/** "all": no argument, or `all` among them. */
export function wantsAll(args: readonly string[]): boolean {
  return args.length === 0 || args.includes('all');
}

/** Python's `int(text)` then `> 0`: the numprocs of update_numprocs. */
export function positiveInteger(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Python's `float(text)` for finite decimal numbers (`2`, `2.5`, `.5`, `1e1`); undefined otherwise. */
export function decimalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** enable_stats / disable_stats: which statistics the words name (none: both); undefined for another word. */
export function statisticsKinds(args: readonly string[]): { host: boolean; process: boolean } | undefined {
  if (args.some((word) => !['host', 'process', 'all'].includes(word))) return undefined;
  if (wantsAll(args)) return { host: true, process: true };
  return { host: args.includes('host'), process: args.includes('process') };
}
