/**
 * One rules file read into ParsedRules (spec/rules.md §2, §3, §4, §6), nothing merged or resolved
 * yet. Unlike Python Supvisors, which drops every rule on any schema error, a problem only costs
 * what it touches: a rejected value keeps its default, an unknown or repeated element is
 * ignored (the first of a kind is used), and an element that cannot be applied (invalid pattern)
 * marks its application broken, which keeps that application unmanaged. Only a file that is
 * not well-formed XML gives nothing.
 */
import { patternProblem } from './patterns.js';
import { parseStatusFormula } from './status-formula.js';
import type { AliasElement, ApplicationElement, ApplicationValues, ModelElement, ParsedRules, ProgramElement, ProgramValues, RulesFinding, RulesOptions, Selector } from './types.js';
import { commaItems, readBoolean, readChoice, readLoading, readSequence, type ValueReading } from './values.js';
import { readXml, type XmlElement } from './xml-tree.js';
import { distributionRuleNames, runningFailureStrategyNames, startingFailureStrategyNames, startingStrategyNames } from '../vocabulary/strategies.js';

const applicationChildren = [
  'distribution',
  'identifiers',
  'start_sequence',
  'stop_sequence',
  'starting_strategy',
  'starting_failure_strategy',
  'running_failure_strategy',
  'operational_status',
  'programs',
] as const;

const programChildren = [
  'reference',
  'identifiers',
  'start_sequence',
  'stop_sequence',
  'required',
  'wait_exit',
  'expected_loading',
  'starting_failure_strategy',
  'running_failure_strategy',
] as const;

export interface RulesParsing {
  rules: ParsedRules;
  findings: RulesFinding[];
  /** False when the text is not well-formed XML: no rule of the file is used. */
  wellFormed: boolean;
}

/** `application 'name'`, `program pattern 'p'`: how findings name an element. */
export function describeSelector(kind: string, selector: Selector): string {
  return selector.name !== undefined ? `${kind} '${selector.name}'` : `${kind} pattern '${selector.pattern ?? ''}'`;
}

class FileParser {
  readonly findings: RulesFinding[] = [];
  private readonly startingStrategies: string[];
  private readonly runningFailureStrategies: string[];

  constructor(
    private readonly file: string,
    options: RulesOptions,
  ) {
    const extra = options.extraStrategies ?? {};
    this.startingStrategies = [...startingStrategyNames, ...(extra.starting ?? [])];
    this.runningFailureStrategies = [...runningFailureStrategyNames, ...(extra.runningFailure ?? [])];
  }

  report(level: RulesFinding['level'], line: number, message: string): void {
    this.findings.push({ level, file: this.file, line, message });
  }

  root(root: XmlElement): ParsedRules {
    const rules: ParsedRules = { file: this.file, aliases: [], models: [], applications: [] };
    if (root.name !== 'root') this.report('warning', root.line, `the root element is <${root.name}>, expected <root> (read anyway)`);
    this.checkAttributes(root, [], 'the root element');
    for (const child of root.children) {
      if (child.name === 'alias') this.pushDefined(rules.aliases, this.alias(child));
      else if (child.name === 'model') this.pushDefined(rules.models, this.model(child));
      else if (child.name === 'application') this.pushDefined(rules.applications, this.application(child));
      else this.report('warning', child.line, `unknown element <${child.name}> ignored (expected alias, model or application)`);
    }
    return rules;
  }

  private pushDefined<T>(list: T[], item: T | undefined): void {
    if (item !== undefined) list.push(item);
  }

  private checkAttributes(element: XmlElement, allowed: readonly string[], what: string): void {
    for (const name of element.attributes.keys()) {
      if (!allowed.includes(name)) {
        const expected = allowed.length === 0 ? 'none expected' : `expected ${allowed.join(' or ')}`;
        this.report('warning', element.line, `${what}: unknown attribute ${name} ignored (${expected})`);
      }
    }
  }

  /** The first child of each allowed kind; others reported and ignored. */
  private children(element: XmlElement, allowed: readonly string[], what: string): Map<string, XmlElement> {
    const found = new Map<string, XmlElement>();
    for (const child of element.children) {
      const first = found.get(child.name);
      if (!allowed.includes(child.name)) {
        this.report('warning', child.line, `${what}: unknown element <${child.name}> ignored (expected ${allowed.join(', ')})`);
      } else if (first !== undefined) {
        this.report('warning', child.line, `${what}: <${child.name}> repeated, the one of line ${first.line} is used`);
      } else {
        found.set(child.name, child);
      }
    }
    return found;
  }

  /** The value of a child element; undefined when absent, empty (treated as absent) or rejected. */
  private value<T>(children: Map<string, XmlElement>, name: string, what: string, read: (text: string) => ValueReading<T>): T | undefined {
    const child = children.get(name);
    if (child === undefined || child.text === '') return undefined;
    const reading = read(child.text);
    if (reading.ok) return reading.value;
    this.report(reading.level, child.line, `${what} ${name}: ${reading.problem}; ignored`);
    return undefined;
  }

  private identifiers(children: Map<string, XmlElement>): ProgramValues['identifiers'] {
    const child = children.get('identifiers');
    if (child === undefined || child.text === '') return undefined;
    return { tokens: commaItems(child.text), file: this.file, line: child.line };
  }

  private selector(element: XmlElement, kind: string): Selector | undefined {
    this.checkAttributes(element, ['name', 'pattern'], kind);
    const name = element.attributes.get('name');
    const pattern = element.attributes.get('pattern');
    if (name === '') this.report('warning', element.line, `${kind}: an empty name matches nothing`);
    const selector: Selector = { file: this.file, line: element.line };
    if (name !== undefined && name !== '') selector.name = name;
    if (pattern !== undefined) selector.pattern = pattern;
    if (selector.name === undefined && selector.pattern === undefined) {
      this.report('warning', element.line, `${kind} with neither name nor pattern ignored (it can never be selected)`);
      return undefined;
    }
    return selector;
  }

  private alias(element: XmlElement): AliasElement | undefined {
    this.checkAttributes(element, ['name'], 'alias');
    if (element.children.length > 0) this.report('warning', element.line, 'alias: child elements ignored (expected comma-separated names)');
    const name = element.attributes.get('name');
    if (name === undefined || name === '') {
      this.report('warning', element.line, 'alias without name ignored');
      return undefined;
    }
    if (element.text === '') {
      this.report('warning', element.line, `alias '${name}' is empty: ignored`);
      return undefined;
    }
    return { name, items: commaItems(element.text), file: this.file, line: element.line };
  }

  private programValues(element: XmlElement, what: string): ProgramValues {
    const children = this.children(element, programChildren, what);
    const values: ProgramValues = {};
    const reference = children.get('reference')?.text;
    if (reference !== undefined && reference !== '') values.reference = reference;
    values.identifiers = this.identifiers(children);
    values.startSequence = this.value(children, 'start_sequence', what, readSequence);
    values.stopSequence = this.value(children, 'stop_sequence', what, readSequence);
    values.required = this.value(children, 'required', what, readBoolean);
    values.waitExit = this.value(children, 'wait_exit', what, readBoolean);
    values.expectedLoading = this.value(children, 'expected_loading', what, readLoading);
    values.startingFailureStrategy = this.value(children, 'starting_failure_strategy', what, (text) => readChoice(text, startingFailureStrategyNames));
    values.runningFailureStrategy = this.value(children, 'running_failure_strategy', what, (text) => readChoice(text, this.runningFailureStrategies));
    return withoutUndefined(values);
  }

  private model(element: XmlElement): ModelElement | undefined {
    this.checkAttributes(element, ['name', 'pattern'], 'model');
    const name = element.attributes.get('name');
    if (name === undefined || name === '') {
      this.report('warning', element.line, 'model without name ignored (models are referenced by name)');
      return undefined;
    }
    return { name, values: this.programValues(element, `model '${name}'`), file: this.file, line: element.line };
  }

  private program(element: XmlElement, application: string): (ProgramElement & { broken?: string }) | undefined {
    const selector = this.selector(element, `${application}: program`);
    if (selector === undefined) return undefined;
    const what = `${application}: ${describeSelector('program', selector)}`;
    const program: ProgramElement & { broken?: string } = { ...selector, values: this.programValues(element, what) };
    const problem = selector.pattern === undefined ? undefined : patternProblem(selector.pattern);
    if (problem !== undefined) {
      program.broken = `${what} at line ${element.line}: invalid regular expression (${problem})`;
      this.report('error', element.line, `${program.broken}; the application stays unmanaged`);
    }
    return program;
  }

  private applicationValues(children: Map<string, XmlElement>, what: string): ApplicationValues {
    const values: ApplicationValues = {};
    values.distribution = this.value(children, 'distribution', what, (text) => readChoice(text, distributionRuleNames));
    values.identifiers = this.identifiers(children);
    values.startSequence = this.value(children, 'start_sequence', what, readSequence);
    values.stopSequence = this.value(children, 'stop_sequence', what, readSequence);
    values.startingStrategy = this.value(children, 'starting_strategy', what, (text) => readChoice(text, this.startingStrategies));
    values.startingFailureStrategy = this.value(children, 'starting_failure_strategy', what, (text) => readChoice(text, startingFailureStrategyNames));
    values.runningFailureStrategy = this.value(children, 'running_failure_strategy', what, (text) => readChoice(text, this.runningFailureStrategies));
    const status = children.get('operational_status');
    if (status !== undefined && status.text !== '') {
      const reading = parseStatusFormula(status.text);
      if (reading.ok) {
        values.operationalStatus = { text: status.text, formula: reading.formula };
        for (const warning of reading.warnings) this.report('warning', status.line, `${what} operational_status: ${warning}`);
      } else {
        this.report('error', status.line, `${what} operational_status: ${reading.problem}; formula ignored (the required flags of the programs are used)`);
      }
    }
    return withoutUndefined(values);
  }

  private application(element: XmlElement): ApplicationElement | undefined {
    const selector = this.selector(element, 'application');
    if (selector === undefined) return undefined;
    const what = describeSelector('application', selector);
    const children = this.children(element, applicationChildren, what);
    const application: ApplicationElement = { ...selector, values: this.applicationValues(children, what), programs: [] };
    const problems: string[] = [];
    const patternError = selector.pattern === undefined ? undefined : patternProblem(selector.pattern);
    if (patternError !== undefined) {
      problems.push(`invalid regular expression (${patternError})`);
      this.report('error', element.line, `${what}: invalid regular expression (${patternError}); the application stays unmanaged`);
    }
    const programs = children.get('programs');
    if (programs !== undefined) {
      this.checkAttributes(programs, [], `${what} programs`);
      for (const child of programs.children) {
        if (child.name !== 'program') {
          this.report('warning', child.line, `${what} programs: unknown element <${child.name}> ignored (expected program)`);
          continue;
        }
        const program = this.program(child, what);
        if (program === undefined) continue;
        const { broken, ...usable } = program;
        if (broken !== undefined) problems.push(broken);
        application.programs.push(usable);
      }
    }
    if (problems.length > 0) application.broken = problems.join('; ');
    return application;
  }
}

/** The object without its undefined fields, so that "absent" has one spelling. */
function withoutUndefined<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;
}

export function parseRulesFile(text: string, fileName: string, options: RulesOptions = {}): RulesParsing {
  const parser = new FileParser(fileName, options);
  const reading = readXml(text);
  if (!reading.ok) {
    parser.report('error', reading.line, `${reading.message}; no rule of this file is used`);
    return { rules: { file: fileName, aliases: [], models: [], applications: [] }, findings: parser.findings, wellFormed: false };
  }
  for (const entity of reading.unknownEntities) parser.report('warning', entity.line, `entity &${entity.name}; kept as written (only the XML entities and valid character references are decoded)`);
  const rules = parser.root(reading.root);
  return { rules, findings: parser.findings.sort((left, right) => left.line - right.line), wellFormed: true };
}
