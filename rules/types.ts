/**
 * Plain data of Supvisors 0.19 rules files (spec/rules.md): what one file holds once parsed
 * (ParsedRules, values as written) and what several files give once merged (RuleSet, every
 * default applied, models and aliases resolved). Field names are camelCase; the XML element and
 * XML-RPC key names are snake_case (`expected_loading` ⇔ expectedLoading).
 */
import type { DistributionRule, StartingFailureStrategy } from '../vocabulary/strategies.js';

/**
 * What the parser accepts besides the built-in names: the starting and running failure
 * strategies brought by plugins (starting failure strategies are the built-in ones only).
 */
export interface RulesOptions {
  extraStrategies?: {
    starting?: readonly string[];
    runningFailure?: readonly string[];
  };
  /** The `starting_strategy` option: default of every application's starting_strategy (CONFIG when absent). */
  startingStrategy?: string;
}

export interface RulesFinding {
  level: 'warning' | 'error';
  file: string;
  /** 1-based; 0 when the finding is about the file as a whole. */
  line: number;
  message: string;
}

export interface Place {
  file: string;
  line: number;
}

/** `<identifiers>` as written: comma-separated items, trimmed; aliases and signs still in. */
export interface IdentifierTokens extends Place {
  tokens: string[];
}

/** `operational_status`: a Python expression over process names and regular expressions. */
export type StatusFormula =
  | { kind: 'process'; text: string }
  | { kind: 'not'; operand: StatusFormula }
  | { kind: 'and' | 'or'; operands: StatusFormula[] }
  | { kind: 'all' | 'any'; operand: StatusFormula };

/** The children of one `program` or `model` element that were present and valid. */
export interface ProgramValues {
  reference?: string;
  identifiers?: IdentifierTokens;
  startSequence?: number;
  stopSequence?: number;
  required?: boolean;
  waitExit?: boolean;
  expectedLoading?: number;
  startingFailureStrategy?: StartingFailureStrategy;
  /** A built-in running failure strategy, or the name of a running_failure plugin. */
  runningFailureStrategy?: string;
}

/** The children of one `application` element that were present and valid (programs apart). */
export interface ApplicationValues {
  distribution?: DistributionRule;
  identifiers?: IdentifierTokens;
  startSequence?: number;
  stopSequence?: number;
  startingStrategy?: string;
  startingFailureStrategy?: StartingFailureStrategy;
  /** A built-in running failure strategy, or the name of a running_failure plugin. */
  runningFailureStrategy?: string;
  operationalStatus?: { text: string; formula: StatusFormula };
}

/** An element selected by `name` (exact) and/or `pattern` (regular expression searched in the name). */
export interface Selector extends Place {
  name?: string;
  pattern?: string;
}

export interface AliasElement extends Place {
  name: string;
  items: string[];
}

export interface ModelElement extends Place {
  name: string;
  values: ProgramValues;
}

export interface ProgramElement extends Selector {
  values: ProgramValues;
}

export interface ApplicationElement extends Selector {
  values: ApplicationValues;
  programs: ProgramElement[];
  /** Why the element cannot be applied (its application stays unmanaged); absent when it can. */
  broken?: string;
}

/** One rules file as written, in document order. */
export interface ParsedRules {
  file: string;
  aliases: AliasElement[];
  models: ModelElement[];
  applications: ApplicationElement[];
}

/**
 * Rules of one process. `identifiers` are names as written after alias expansion (`*`, identifiers,
 * nicks, stereotypes); with a `@` or `#` sign they are empty and the candidates are in
 * `atIdentifiers` / `hashIdentifiers` until the sign is resolved (resolve.ts).
 */
export interface ProgramRules {
  identifiers: string[];
  atIdentifiers: string[];
  hashIdentifiers: string[];
  startSequence: number;
  stopSequence: number;
  required: boolean;
  waitExit: boolean;
  expectedLoading: number;
  startingFailureStrategy: StartingFailureStrategy;
  /** A built-in running failure strategy, or the name of a running_failure plugin. */
  runningFailureStrategy: string;
}

export interface ProgramEntry extends Selector {
  rules: ProgramRules;
}

export interface ApplicationRules {
  managed: boolean;
  distribution: DistributionRule;
  /** As ProgramRules.identifiers; `@` is not supported on applications and leaves both lists empty. */
  identifiers: string[];
  hashIdentifiers: string[];
  startSequence: number;
  stopSequence: number;
  startingStrategy: string;
  startingFailureStrategy: StartingFailureStrategy;
  /** A built-in running failure strategy, or the name of a running_failure plugin. */
  runningFailureStrategy: string;
  /** The accepted `operational_status` text, '' when none or invalid. */
  statusFormulaText: string;
  statusFormula?: StatusFormula;
  /** Program elements by name: distinct names, the first element wins. */
  namedPrograms: ProgramEntry[];
  /** Program elements by pattern: distinct patterns in first-declaration order, the last element wins. */
  patternPrograms: ProgramEntry[];
}

export interface ApplicationEntry extends Selector {
  rules: ApplicationRules;
  broken?: string;
}

/** Several rules files merged (spec/rules.md §5). */
export interface RuleSet {
  files: string[];
  /** In declaration order, a redefinition keeping the first position. */
  aliases: AliasElement[];
  /** Distinct names, the first element (in file order) wins. */
  namedApplications: ApplicationEntry[];
  /** Distinct patterns in first-declaration order, the last element wins. */
  patternApplications: ApplicationEntry[];
  /** Every application element that cannot be applied, with its reason. */
  broken: (Selector & { reason: string })[];
}
