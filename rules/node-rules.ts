/**
 * The rules files as a node uses them (docs/rules.md "Problems"): loaded once at start, every
 * finding logged at the one level of its kind, and a file that gives no rule at all (unreadable,
 * not well-formed XML) turned into a configuration error, so that the node refuses to start with
 * the reason instead of running with that file's applications silently unmanaged. Also: the
 * programs the rules name that the live supervisord does not have, which only it can tell, and
 * the programs whose Supervisor `autorestart` works against their running-failure strategy.
 */
import { SupvisorsError } from '../errors/errors.js';
import { loadRulesFiles, type RulesLoading } from './load-rules.js';
import { bestPattern } from './patterns.js';
import { applicationRulesFor, programRulesFor } from './resolve.js';
import type { ApplicationEntry, RuleSet, RulesFinding, RulesOptions } from './types.js';
import type { Autorestart } from '../supervisor/local-process.js';

/** The part of the logger the rules need. */
export interface RulesLog {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

/** `file:line: message` (no line when the finding is about the whole file or a glob). */
export function formatRulesFinding(finding: RulesFinding): string {
  return `${finding.file}${finding.line > 0 ? `:${finding.line}` : ''}: ${finding.message}`;
}

/** The configuration error for the files that gave no rule; undefined when there is none. */
export function unusableRulesError(unusable: readonly RulesFinding[]): SupvisorsError | undefined {
  if (unusable.length === 0) return undefined;
  const files = new Set(unusable.map((finding) => finding.file));
  return new SupvisorsError(
    'CONFIG_INVALID',
    `invalid rules (${files.size} file${files.size === 1 ? '' : 's'} unusable):\n${unusable.map((finding) => `rules: ${formatRulesFinding(finding)}`).join('\n')}`,
  );
}

/**
 * Loads the rules files for the node: findings logged (errors as ERROR, warnings as WARN), then
 * throws CONFIG_INVALID when a file gave no rule; otherwise the rule set.
 */
export function loadNodeRules(globs: readonly string[], options: RulesOptions, log: RulesLog): RuleSet {
  const loading: RulesLoading = loadRulesFiles(globs, options);
  for (const finding of loading.findings) log[finding.level === 'error' ? 'error' : 'warn'](`rules: ${formatRulesFinding(finding)}`);
  const refused = unusableRulesError(loading.unusable);
  if (refused !== undefined) throw refused;
  const { rules } = loading;
  const managed = rules.namedApplications.length + rules.patternApplications.length;
  if (globs.length > 0) log.info(`rules: ${rules.files.length} files, ${managed} application entries${rules.broken.length > 0 ? `, ${rules.broken.length} broken` : ''}`);
  return rules;
}

/** One process as supervisord's getAllConfigInfo describes it. */
export interface ConfiguredProcess {
  readonly group: string;
  readonly name: string;
}

/**
 * The applications and programs the rules select by name that supervisord does not have, one
 * line each (with file and line): a typo there leaves the real group unmanaged without any
 * other sign. A named program is looked up in the groups its application element selects;
 * an application that selects no group is reported alone. Patterns are not reported: matching
 * nothing is their normal case on most nodes.
 */
export function unknownRulesPrograms(rules: RuleSet, processes: readonly ConfiguredProcess[]): string[] {
  // Which element applies to each group, as at run time: the name first, else the best pattern.
  const selected = new Map<ApplicationEntry, Map<string, Set<string>>>();
  for (const { group, name } of processes) {
    const entry = rules.namedApplications.find((known) => known.name === group) ?? bestPattern(rules.patternApplications, group);
    if (entry === undefined) continue;
    const groups = selected.get(entry) ?? new Map<string, Set<string>>();
    groups.set(group, (groups.get(group) ?? new Set<string>()).add(name));
    selected.set(entry, groups);
  }
  const problems: string[] = [];
  for (const entry of new Set([...rules.namedApplications, ...rules.patternApplications])) {
    const groups = selected.get(entry);
    if (groups === undefined) {
      if (entry.name !== undefined) problems.push(`${entry.file}:${entry.line}: application '${entry.name}' is not a group of supervisord`);
      continue;
    }
    const known = new Set([...groups.values()].flatMap((names) => [...names]));
    for (const program of entry.rules.namedPrograms) {
      if (program.name === undefined || known.has(program.name)) continue;
      problems.push(`${program.file}:${program.line}: program '${program.name}' is not a process of ${[...groups.keys()].map((group) => `'${group}'`).join(', ')} in supervisord`);
    }
  }
  return problems;
}

/** A process as the local supervisord has it, with its program's `autorestart` (config/program-sections.ts). */
export interface RestartingProcess extends ConfiguredProcess {
  readonly programName: string;
  readonly autorestart: Autorestart;
}

/**
 * The programs that Supervisor's `autorestart` spawns again after a crash although their
 * running-failure strategy stops or restarts their whole application (STOP_APPLICATION,
 * RESTART_APPLICATION), one line per program. Python Supvisors sets their autorestart to false
 * inside supervisord (rules.md); ours runs beside it and stops each new spawn instead, so this
 * is a warning, with the fix.
 */
export function autorestartAgainstRules(rules: RuleSet, processes: readonly RestartingProcess[]): string[] {
  const lines = new Map<string, string>();
  for (const { group, name, programName, autorestart } of processes) {
    if (autorestart === 'false') continue;
    const application = applicationRulesFor(rules, group);
    if (application.selectedBy === 'none') continue;
    const strategy = programRulesFor(application.rules, name).rules.runningFailureStrategy;
    if (strategy !== 'STOP_APPLICATION' && strategy !== 'RESTART_APPLICATION') continue;
    const key = `${group}:${programName}`;
    if (!lines.has(key)) lines.set(key, `program '${programName}' of '${group}': autorestart = ${autorestart} spawns it again after a crash, against its running_failure_strategy ${strategy} (Supvisors then stops the new spawn); set autorestart = false`);
  }
  return [...lines.values()];
}
