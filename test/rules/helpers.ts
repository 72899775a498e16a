import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import type { ApplicationRules, RuleSet, RulesFinding, RulesOptions } from '../../rules/types.js';

export const file = 'rules.xml';

/** A rules file whose body starts on line 3. */
export function doc(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<root>\n${body}\n</root>\n`;
}

/** One document parsed and merged, with the findings of both steps. */
export function load(xml: string, options: RulesOptions = {}): { rules: RuleSet; findings: RulesFinding[] } {
  const parsing = parseRulesFile(xml, file, options);
  const merging = mergeRules([parsing.rules], options);
  return { rules: merging.rules, findings: [...parsing.findings, ...merging.findings] };
}

export function finding(level: RulesFinding['level'], line: number, message: string): RulesFinding {
  return { level, file, line, message };
}

/** The rules of the application element named `name` (test documents define it once). */
export function application(rules: RuleSet, name: string): ApplicationRules {
  const entry = rules.namedApplications.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no application ${name}`);
  return entry.rules;
}
