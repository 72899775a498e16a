/**
 * The checks of a plugin module's exports and of its answers (docs/extending.md): pure functions
 * of plain data. A module is checked in its worker thread when it is loaded; its answers are
 * checked again on the runtime's side, which trusts nothing that crosses the thread boundary.
 * Each check throws an Error whose message names what is wrong.
 */
import type { ConciliationAction, ConflictingProcess } from '../strategies/conciliation.js';
import type { PlacementInput } from '../strategies/placement.js';
import { conciliationStrategyNames, runningFailureStrategyNames, startingStrategyNames, type RunningFailureStrategy } from '../vocabulary/strategies.js';
import { pluginKinds, type PluginDescription, type PluginKind } from './protocol.js';
import { EVENT_HEADERS, EXTENSION_HEADERS } from '../events/headers.js';

const namePattern = /^[A-Z][A-Z0-9_]*$/;

/** The function each kind must export. */
export const entryOf: Readonly<Record<PluginKind, string>> = { starting: 'choose', running_failure: 'decide', conciliation: 'conciliate', actor: 'start' };

/** The built-in names a plugin of each kind may not take. */
export const builtinNamesOf: Readonly<Record<PluginKind, readonly string[]>> = {
  starting: startingStrategyNames,
  running_failure: runningFailureStrategyNames,
  conciliation: conciliationStrategyNames,
  actor: [],
};

const isKind = (value: unknown): value is PluginKind => (pluginKinds as readonly unknown[]).includes(value);

export function describeModule(exports: Readonly<Record<string, unknown>>): PluginDescription {
  const { name, kind, headers } = exports;
  if (name === undefined && typeof exports.strategy === 'string' && typeof exports.actor === 'function') {
    throw new Error("this module has the former in-process shape (exports 'strategy' and 'actor'): export 'name', 'kind' and 'choose' instead (docs/extending.md)");
  }
  if (typeof name !== 'string' || !namePattern.test(name)) throw new Error(`export 'name' must be an upper-case name ([A-Z][A-Z0-9_]*), got ${JSON.stringify(name)}`);
  if (!isKind(kind)) throw new Error(`export 'kind' must be one of ${pluginKinds.map((item) => `'${item}'`).join(', ')}, got ${JSON.stringify(kind)}`);
  if (builtinNamesOf[kind].includes(name)) throw new Error(`${name} is the name of a built-in ${kind} strategy`);
  const entry = entryOf[kind];
  if (typeof exports[entry] !== 'function') throw new Error(`a '${kind}' plugin must export a function '${entry}'`);
  if (kind !== 'actor' || headers === undefined) return { name, kind };
  const known: readonly string[] = [...EVENT_HEADERS, ...EXTENSION_HEADERS];
  const given: readonly unknown[] = Array.isArray(headers) ? headers : [];
  const names = given.filter((header): header is string => typeof header === 'string' && known.includes(header));
  if (!Array.isArray(headers) || names.length !== given.length) throw new Error(`export 'headers' must be a list of event headers among ${known.join(', ')}, got ${JSON.stringify(headers)}`);
  return { name, kind, headers: names };
}

/** A `choose` answer: null, or the identifier of a valid candidate. */
export function checkChoice(name: string, input: PlacementInput, chosen: unknown): string | null {
  if (chosen === null) return null;
  if (typeof chosen === 'object' && typeof (chosen as { then?: unknown }).then === 'function') throw new Error(`strategy ${name}: choose must answer at once (an identifier or null), not a promise`);
  if (typeof chosen !== 'string' || !input.candidates.some((candidate) => candidate.identifier === chosen && candidate.valid)) {
    throw new Error(`strategy ${name} chose ${JSON.stringify(chosen) ?? 'undefined'}, which is not a valid candidate`);
  }
  return chosen;
}

/** A `decide` answer: a built-in running failure strategy. */
export function checkDecision(name: string, decided: unknown): RunningFailureStrategy {
  const found = runningFailureStrategyNames.find((builtin) => builtin === decided);
  if (found === undefined) throw new Error(`strategy ${name} decided ${JSON.stringify(decided) ?? 'undefined'}: expected one of ${runningFailureStrategyNames.join(', ')}`);
  return found;
}

/** A `conciliate` answer: actions on the conflicts asked about, stops on instances where the process runs. */
export function checkActions(name: string, conflicts: readonly ConflictingProcess[], answer: unknown): ConciliationAction[] {
  if (!Array.isArray(answer)) throw new Error(`strategy ${name} answered ${JSON.stringify(answer) ?? 'undefined'}: expected a list of actions`);
  return answer.map((item: unknown): ConciliationAction => {
    const action = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const conflict = conflicts.find((process) => process.namespec === action.namespec);
    const text = JSON.stringify(item) ?? 'undefined';
    if (conflict === undefined) throw new Error(`strategy ${name}: action ${text} does not name a process in conflict`);
    if (action.kind === 'restart' || action.kind === 'running-failure') return { kind: action.kind, namespec: conflict.namespec };
    if (action.kind !== 'stop') throw new Error(`strategy ${name}: action ${text} has no kind 'stop', 'restart' or 'running-failure'`);
    const running = conflict.instances.map((instance) => instance.identifier);
    const identifiers = action.identifiers;
    if (!Array.isArray(identifiers) || !identifiers.every((identifier) => typeof identifier === 'string' && running.includes(identifier))) {
      throw new Error(`strategy ${name}: action ${text} must stop identifiers among ${running.join(', ')}`);
    }
    return { kind: 'stop', namespec: conflict.namespec, identifiers: [...(identifiers as string[])] };
  });
}
