/**
 * Using a RuleSet: which rules apply to an application or a process (spec/rules.md §5: exact
 * name first, then the best pattern), which instances a list of names stands for (§7), and how
 * the `@` / `#` signs place processes and applications (§8). All pure: the instances known at
 * the time are passed in.
 */
import { applicationHashSuffix, withoutSign } from './merge-rules.js';
import { bestPattern } from './patterns.js';
import type { ApplicationRules, ProgramRules, RuleSet } from './types.js';

export type Selection = 'name' | 'pattern' | 'none';

/** An instance as rules see it; the list order is the instance order (declared, then discovered). */
export interface KnownInstance {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly stereotypes: readonly string[];
}

export interface ApplicationLookup {
  rules: ApplicationRules;
  selectedBy: Selection;
  /** Why the selected element cannot be applied; the rules are then those of an unmanaged application. */
  broken?: string;
}

export interface ProgramLookup {
  rules: ProgramRules;
  selectedBy: Selection;
  /** A `@`/`#` sign was reset to `*` because the element was selected by its name. */
  signReset: boolean;
}

/** Rules of an application no element selects (spec/rules.md §3). */
export function unmanagedApplicationRules(startingStrategy = 'CONFIG'): ApplicationRules {
  return {
    managed: false,
    distribution: 'ALL_INSTANCES',
    identifiers: ['*'],
    hashIdentifiers: [],
    startSequence: 0,
    stopSequence: 0,
    startingStrategy,
    startingFailureStrategy: 'ABORT',
    runningFailureStrategy: 'CONTINUE',
    statusFormulaText: '',
    namedPrograms: [],
    patternPrograms: [],
  };
}

/** Rules of a process no program element selects: defaults, failure strategies of its application. */
export function defaultProgramRules(application: ApplicationRules): ProgramRules {
  return {
    identifiers: ['*'],
    atIdentifiers: [],
    hashIdentifiers: [],
    startSequence: 0,
    stopSequence: 0,
    required: false,
    waitExit: false,
    expectedLoading: 0,
    startingFailureStrategy: application.startingFailureStrategy,
    runningFailureStrategy: application.runningFailureStrategy,
  };
}

/** `startingStrategy` is the option's value, for unmanaged applications. */
export function applicationRulesFor(rules: RuleSet, applicationName: string, startingStrategy = 'CONFIG'): ApplicationLookup {
  const named = rules.namedApplications.find((entry) => entry.name === applicationName);
  const entry = named ?? bestPattern(rules.patternApplications, applicationName);
  if (entry === undefined) return { rules: unmanagedApplicationRules(startingStrategy), selectedBy: 'none' };
  const selectedBy = named === undefined ? 'pattern' : 'name';
  if (entry.broken !== undefined) return { rules: unmanagedApplicationRules(startingStrategy), selectedBy, broken: entry.broken };
  return { rules: entry.rules, selectedBy };
}

/** Lookups by application rules (fixed once loaded) and process name: the model asks them at every change. */
const programLookups = new WeakMap<ApplicationRules, Map<string, ProgramLookup>>();

/** `processName` is the Supervisor process name (`prg_01`), not the program section name. */
export function programRulesFor(application: ApplicationRules, processName: string): ProgramLookup {
  let known = programLookups.get(application);
  if (known === undefined) {
    known = new Map();
    programLookups.set(application, known);
  }
  let lookup = known.get(processName);
  if (lookup === undefined) {
    lookup = lookupProgramRules(application, processName);
    known.set(processName, lookup);
  }
  return lookup;
}

function lookupProgramRules(application: ApplicationRules, processName: string): ProgramLookup {
  const named = application.namedPrograms.find((entry) => entry.name === processName);
  if (named !== undefined) {
    const signed = named.rules.atIdentifiers.length > 0 || named.rules.hashIdentifiers.length > 0;
    return { rules: signed ? withoutSign(named.rules) : named.rules, selectedBy: 'name', signReset: signed };
  }
  const patterned = bestPattern(application.patternPrograms, processName);
  if (patterned !== undefined) return { rules: patterned.rules, selectedBy: 'pattern', signReset: false };
  return { rules: defaultProgramRules(application), selectedBy: 'none', signReset: false };
}

/**
 * The identifiers a list of names stands for, in list order: `*` for every instance, then an
 * identifier, else a nick, else a stereotype (all its instances, in instance order); repeats
 * dropped. Names matching nothing (unknown, or an alias left unexpanded) come back in `unknown`.
 */
export function resolveIdentifiers(names: readonly string[], instances: readonly KnownInstance[]): { identifiers: string[]; unknown: string[] } {
  const identifiers = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const exact = instances.find((instance) => instance.identifier === name) ?? instances.find((instance) => instance.nickIdentifier === name);
    const matching = name === '*' ? instances : exact !== undefined ? [exact] : instances.filter((instance) => instance.stereotypes.includes(name));
    if (matching.length === 0) unknown.push(name);
    for (const instance of matching) identifiers.add(instance.identifier);
  }
  return { identifiers: [...identifiers], unknown };
}

/**
 * Places the processes of one homogeneous program carrying a `@` or `#` sign (spec/rules.md §8.1).
 * `assigned[i]` is what process index i already has (undefined: not yet; an assignment is
 * final); `reference` is the resolved list of the sign. `@` gives each unassigned process, in
 * index order, the next reference instance no process holds yet, leaving excess processes
 * unassigned; `#` gives it the reference instance holding the fewest processes, the earliest on
 * ties (round-robin, rolling over).
 */
export function assignSignedProcesses(sign: '@' | '#', reference: readonly string[], assigned: readonly (string | undefined)[]): (string | undefined)[] {
  const result = [...assigned];
  const counts = new Map(reference.map((identifier) => [identifier, 0]));
  for (const identifier of result) {
    const count = identifier === undefined ? undefined : counts.get(identifier);
    if (identifier !== undefined && count !== undefined) counts.set(identifier, count + 1);
  }
  result.forEach((identifier, index) => {
    if (identifier !== undefined) return;
    const candidates = sign === '@' ? reference.filter((candidate) => counts.get(candidate) === 0) : reference;
    let chosen: string | undefined;
    for (const candidate of candidates) {
      if (chosen === undefined || (counts.get(candidate) ?? 0) < (counts.get(chosen) ?? 0)) chosen = candidate;
    }
    if (chosen === undefined) return;
    result[index] = chosen;
    counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
  });
  return result;
}

/**
 * Resolves an application-level `#` (spec/rules.md §8.2): the application named `..._N` or
 * `...-N` gets the single instance at (N - 1) modulo the reference length, the reference being
 * the hash list resolved to instances (as 0.19.1 does for stereotypes and aliases). Failing that,
 * no instance is candidate and start_sequence is reset to 0, with the reason in `problem`.
 */
export function resolveApplicationHash(applicationName: string, rules: ApplicationRules, instances: readonly KnownInstance[]): { rules: ApplicationRules; problem?: string } {
  if (rules.hashIdentifiers.length === 0) return { rules };
  const failed = (problem: string) => ({ rules: { ...rules, identifiers: [], hashIdentifiers: [], startSequence: 0 }, problem });
  const suffix = applicationHashSuffix.exec(applicationName)?.[1];
  const rank = suffix === undefined ? 0 : Number.parseInt(suffix, 10);
  if (rank < 1) return failed(`application ${applicationName}: '#' needs a name ending with -N or _N (N >= 1)`);
  const reference = resolveIdentifiers(rules.hashIdentifiers, instances).identifiers;
  const chosen = reference[(rank - 1) % reference.length];
  if (chosen === undefined) return failed(`application ${applicationName}: no known instance among ${rules.hashIdentifiers.join(',')}`);
  return { rules: { ...rules, identifiers: [chosen], hashIdentifiers: [] } };
}
