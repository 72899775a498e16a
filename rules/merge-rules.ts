/**
 * Several parsed rules files into one RuleSet (spec/rules.md §5): aliases and models are global
 * (a later definition replaces an earlier one, aliases keeping their first position); an
 * application or program name is taken by its first element; a pattern declared again keeps its
 * first position with the later element. Every rule gets its default here, model references are
 * followed (a program plus two chained models at most) and aliases expanded, since a sign may
 * come from an alias.
 */
import { expandAliases, extractSigns } from './identifiers.js';
import { describeSelector } from './parse-rules.js';
import { patternProblem } from './patterns.js';
import type {
  AliasElement,
  ApplicationElement,
  ApplicationEntry,
  ApplicationRules,
  IdentifierTokens,
  ModelElement,
  ParsedRules,
  Place,
  ProgramElement,
  ProgramEntry,
  ProgramRules,
  ProgramValues,
  RuleSet,
  RulesFinding,
  RulesOptions,
  Selector,
} from './types.js';

/** Models applied under a program element, the program itself included (spec/rules.md §5.4). */
const maxReferenceDepth = 3;

/** `-N` or `_N` at the end of an application name, N >= 1 (zero padding allowed). */
export const applicationHashSuffix = /[-_](\d+)$/;

export interface RulesMerging {
  rules: RuleSet;
  findings: RulesFinding[];
}

function where(place: Place): string {
  return `${place.file}:${place.line}`;
}

class Merger {
  readonly findings: RulesFinding[] = [];
  readonly aliases: AliasElement[] = [];
  readonly models = new Map<string, ModelElement>();

  constructor(private readonly options: RulesOptions) {}

  report(level: RulesFinding['level'], place: Place, message: string): void {
    this.findings.push({ level, file: place.file, line: place.line, message });
  }

  addAlias(alias: AliasElement): void {
    const index = this.aliases.findIndex((known) => known.name === alias.name);
    const known = this.aliases[index];
    if (known === undefined) {
      this.aliases.push(alias);
      return;
    }
    this.report('warning', alias, `alias '${alias.name}' redefines the one of ${where(known)} (keeping its place in the alias order)`);
    this.aliases[index] = alias;
  }

  addModel(model: ModelElement): void {
    const known = this.models.get(model.name);
    if (known !== undefined) this.report('warning', model, `model '${model.name}' replaces the one of ${where(known)}`);
    this.models.set(model.name, model);
  }

  /** The element's values over those of the models it references, deepest model first. */
  private chainedValues(element: ProgramElement, what: string): ProgramValues {
    const merged: ProgramValues = {};
    const chain: string[] = [];
    const apply = (values: ProgramValues, depth: number): void => {
      const { reference, ...own } = values;
      if (reference !== undefined) {
        const model = this.models.get(reference);
        if (model === undefined) {
          this.report('error', element, `${what}: unknown model '${reference}' ignored`);
        } else if (depth === 1) {
          this.report('error', element, `${what}: maximum number ${maxReferenceDepth} of references reached, model '${reference}' (via ${chain.join(' -> ')}) ignored`);
        } else {
          chain.push(reference);
          apply(model.values, depth - 1);
        }
      }
      Object.assign(merged, own);
    };
    apply(element.values, maxReferenceDepth);
    return merged;
  }

  private signed(tokens: IdentifierTokens | undefined, what: string): { names: string[]; sign: '' | '@' | '#' } {
    if (tokens === undefined) return { names: ['*'], sign: '' };
    const signed = extractSigns(expandAliases(tokens.tokens, this.aliases));
    if (signed.bothSigns) this.report('error', tokens, `${what} identifiers: both '@' and '#' given, '#' dropped`);
    if (signed.sign === '' && signed.names.length === 0) this.report('error', tokens, `${what} identifiers: no name left, no instance is candidate`);
    return signed;
  }

  private programRules(element: ProgramElement, application: ApplicationRules, what: string): ProgramRules {
    const values = this.chainedValues(element, what);
    const signed = this.signed(values.identifiers, what);
    const startSequence = values.startSequence ?? 0;
    let required = values.required ?? false;
    if (required && startSequence === 0) {
      this.report('error', element, `${what}: required forced to false because start_sequence is 0`);
      required = false;
    }
    const rules: ProgramRules = {
      identifiers: signed.sign === '' ? signed.names : [],
      atIdentifiers: signed.sign === '@' ? signed.names : [],
      hashIdentifiers: signed.sign === '#' ? signed.names : [],
      startSequence,
      stopSequence: values.stopSequence ?? startSequence,
      required,
      waitExit: values.waitExit ?? false,
      expectedLoading: values.expectedLoading ?? 0,
      startingFailureStrategy: values.startingFailureStrategy ?? application.startingFailureStrategy,
      runningFailureStrategy: values.runningFailureStrategy ?? application.runningFailureStrategy,
    };
    if (signed.sign !== '' && element.pattern === undefined) {
      this.report('error', values.identifiers ?? element, `${what} identifiers: '${signed.sign}' reset to '*' because the program is not selected by a pattern`);
      return withoutSign(rules);
    }
    return rules;
  }

  private applicationRules(element: ApplicationElement, what: string): ApplicationRules {
    const values = element.values;
    const signed = this.signed(values.identifiers, what);
    if (signed.sign === '@') this.report('error', values.identifiers ?? element, `${what} identifiers: '@' is not supported on applications, no instance is candidate`);
    if (signed.sign === '#' && element.name !== undefined && element.pattern === undefined && !applicationHashSuffix.test(element.name)) {
      this.report('error', values.identifiers ?? element, `${what} identifiers: '#' needs a name ending with -N or _N (N >= 1): no instance is candidate and start_sequence is reset to 0 when it is resolved`);
    }
    const startSequence = values.startSequence ?? 0;
    const rules: ApplicationRules = {
      managed: true,
      distribution: values.distribution ?? 'ALL_INSTANCES',
      identifiers: signed.sign === '' ? signed.names : [],
      hashIdentifiers: signed.sign === '#' ? signed.names : [],
      startSequence,
      stopSequence: values.stopSequence ?? startSequence,
      startingStrategy: values.startingStrategy ?? this.options.startingStrategy ?? 'CONFIG',
      startingFailureStrategy: values.startingFailureStrategy ?? 'ABORT',
      runningFailureStrategy: values.runningFailureStrategy ?? 'CONTINUE',
      statusFormulaText: values.operationalStatus?.text ?? '',
      namedPrograms: [],
      patternPrograms: [],
    };
    if (values.operationalStatus !== undefined) rules.statusFormula = values.operationalStatus.formula;
    for (const program of element.programs) {
      const programWhat = `${what}: ${describeSelector('program', program)}`;
      const entry: ProgramEntry = { ...selectorOf(program), rules: this.programRules(program, rules, programWhat) };
      this.register(entry, rules.namedPrograms, rules.patternPrograms, programWhat);
    }
    return rules;
  }

  /** Files an entry under its name (first wins) and its pattern (position kept, element replaced). */
  register<T extends Selector>(entry: T, named: T[], patterned: T[], what: string): void {
    if (entry.name !== undefined) {
      const first = named.find((known) => known.name === entry.name);
      if (first === undefined) named.push(entry);
      else this.report('warning', entry, `${what}: already defined at ${where(first)}, which is used for this name`);
    }
    if (entry.pattern !== undefined && patternProblem(entry.pattern) === undefined) {
      const index = patterned.findIndex((known) => known.pattern === entry.pattern);
      const known = patterned[index];
      if (known === undefined) {
        patterned.push(entry);
      } else {
        this.report('warning', entry, `${what}: replaces the element of ${where(known)} for this pattern`);
        patterned[index] = entry;
      }
    }
  }

  applicationEntry(element: ApplicationElement): ApplicationEntry {
    const what = describeSelector('application', element);
    const entry: ApplicationEntry = { ...selectorOf(element), rules: this.applicationRules(element, what) };
    if (element.broken !== undefined) entry.broken = element.broken;
    return entry;
  }
}

function selectorOf(element: Selector): Selector {
  const selector: Selector = { file: element.file, line: element.line };
  if (element.name !== undefined) selector.name = element.name;
  if (element.pattern !== undefined) selector.pattern = element.pattern;
  return selector;
}

/** The rules with their `@`/`#` sign replaced by `*` (a sign only makes sense for a pattern). */
export function withoutSign(rules: ProgramRules): ProgramRules {
  return { ...rules, identifiers: ['*'], atIdentifiers: [], hashIdentifiers: [] };
}

export function mergeRules(files: readonly ParsedRules[], options: RulesOptions = {}): RulesMerging {
  const merger = new Merger(options);
  for (const file of files) {
    for (const alias of file.aliases) merger.addAlias(alias);
    for (const model of file.models) merger.addModel(model);
  }
  const rules: RuleSet = { files: files.map((file) => file.file), aliases: merger.aliases, namedApplications: [], patternApplications: [], broken: [] };
  for (const file of files) {
    for (const element of file.applications) {
      const entry = merger.applicationEntry(element);
      merger.register(entry, rules.namedApplications, rules.patternApplications, describeSelector('application', element));
      if (entry.broken !== undefined) rules.broken.push({ ...selectorOf(element), reason: entry.broken });
    }
  }
  return { rules, findings: merger.findings };
}
