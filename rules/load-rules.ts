/**
 * The rules files of the `rules_files` option: the globs expanded (sorted, repeats dropped), each
 * file read and parsed, then all merged in that order. A file that cannot be read or is not
 * well-formed XML gives an error finding and no rule, and is listed in `unusable`: supvisorsd
 * refuses to start on it (rather than run with every application of that file unmanaged).
 */
import { readFileSync } from 'node:fs';
import { globFiles } from '../config/glob.js';
import { mergeRules } from './merge-rules.js';
import { parseRulesFile } from './parse-rules.js';
import type { ParsedRules, RuleSet, RulesFinding, RulesOptions } from './types.js';

export interface RulesLoading {
  rules: RuleSet;
  findings: RulesFinding[];
  /** The findings of the files that gave no rule at all (unreadable, not well-formed XML): configuration errors. */
  unusable: RulesFinding[];
}

/** `cwd` is the base of relative globs (default: the working directory). */
export function loadRulesFiles(globs: readonly string[], options: RulesOptions & { cwd?: string } = {}): RulesLoading {
  const findings: RulesFinding[] = [];
  const unusable: RulesFinding[] = [];
  const files = new Set<string>();
  for (const glob of globs) {
    const matches = globFiles(glob, options.cwd ?? process.cwd());
    if (matches.length === 0) findings.push({ level: 'warning', file: glob, line: 0, message: 'no rules file matches this glob' });
    for (const match of matches) files.add(match);
  }
  const parsed: ParsedRules[] = [];
  for (const file of [...files].sort()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const finding: RulesFinding = { level: 'error', file, line: 0, message: `cannot read the rules file: ${error instanceof Error ? error.message : String(error)}` };
      findings.push(finding);
      unusable.push(finding);
      continue;
    }
    const parsing = parseRulesFile(text, file, options);
    findings.push(...parsing.findings);
    if (!parsing.wellFormed) unusable.push(...parsing.findings);
    parsed.push(parsing.rules);
  }
  const merging = mergeRules(parsed, options);
  findings.push(...merging.findings);
  return { rules: merging.rules, findings, unusable };
}
