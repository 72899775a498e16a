/**
 * A supervisord.conf and its `[include]`d files, as Supervisor 4.2 assembles them:
 * - `[include] files` is a space-separated list of globs, expanded (`%(here)s`,
 *   `%(host_node_name)s`, `%(ENV_X)s`) and resolved against the main file's directory; the
 *   files each glob matches are read in sorted order, globs in the order written (a file matched
 *   twice is read once); a glob matching nothing is a warning, as in Supervisor.
 * - Only the main file's `[include]` counts (an `[include]` in an included file is ignored with a
 *   warning, as Supervisor 4 ignores it).
 * - A section defined in two files is an error (Supervisor would merge them silently).
 * - Every section remembers its file: `%(here)s` in its values is that file's directory.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expand, expansionVariables, type ExpansionScope } from './expansion.js';
import type { Findings } from './findings.js';
import { globFiles } from './glob.js';
import { parseIni, type IniOption, type IniSection } from './ini.js';
import { accepted, rejected, type Parsed } from './values.js';

export interface SupervisordConf {
  /** Absolute path of the main file. */
  readonly file: string;
  /** Sections of the main file then of the included files, by name. */
  readonly sections: ReadonlyMap<string, IniSection>;
}

/** `FILE:LINE: [section] option`, the head of every message about an option. */
export function optionPlace(section: IniSection, option: IniOption): string {
  return `${section.file}:${option.line}: [${section.name}] ${option.key}`;
}

export function sectionPlace(section: IniSection): string {
  return `${section.file}:${section.line}: [${section.name}]`;
}

/** The option's value after Supervisor's expansions, `%(here)s` being the section's directory. */
export function expandedValue(section: IniSection, option: IniOption, scope: ExpansionScope): Parsed<string> {
  return expand(option.value, expansionVariables(scope, dirname(section.file)));
}

/**
 * The option's expanded value converted by `parse`; when either fails, the problem is the whole
 * error line, naming the place, the value as written (not for a `secret` one) and what is allowed.
 */
export function convertOption<T>(section: IniSection, option: IniOption, scope: ExpansionScope, parse: (text: string) => Parsed<T>, secret = false): Parsed<T> {
  const expanded = expandedValue(section, option, scope);
  const parsed = expanded.ok ? parse(expanded.value) : expanded;
  if (parsed.ok) return parsed;
  const shown = !expanded.ok ? '' : secret ? ' (value not shown: it may hold a secret)' : ` = ${JSON.stringify(option.value)}`;
  return rejected(`${optionPlace(section, option)}${shown}: ${parsed.problem}`);
}

/** The converted value of option `key`; undefined when absent, or invalid (the error is then in `findings`). */
export function readOption<T>(section: IniSection, key: string, scope: ExpansionScope, parse: (text: string) => Parsed<T>, findings: Findings): T | undefined {
  const option = section.options.get(key);
  if (option === undefined) return undefined;
  const converted = convertOption(section, option, scope, parse);
  if (converted.ok) return converted.value;
  findings.errors.push(converted.problem);
  return undefined;
}

/** The file's sections, or undefined when it cannot be read. */
function readIniFile(file: string, findings: Findings): readonly IniSection[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    findings.errors.push(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const document = parseIni(text, file);
  findings.errors.push(...document.errors);
  findings.warnings.push(...document.warnings);
  return document.sections;
}

function includedFiles(include: IniSection, scope: ExpansionScope, findings: Findings): string[] {
  const option = include.options.get('files');
  if (option === undefined) {
    findings.errors.push(`${sectionPlace(include)} has no files option (expected space-separated file globs)`);
    return [];
  }
  const patterns = convertOption(include, option, scope, accepted);
  if (!patterns.ok) {
    findings.errors.push(patterns.problem);
    return [];
  }
  const files = new Set<string>();
  for (const pattern of patterns.value.split(/\s+/).filter((item) => item !== '')) {
    const matches = globFiles(pattern, dirname(include.file));
    if (matches.length === 0) findings.warnings.push(`${optionPlace(include, option)}: no file matches ${pattern}`);
    for (const match of matches) files.add(match);
  }
  // A glob may match the main file itself: Supervisor re-reads it to no effect, we skip it.
  files.delete(include.file);
  return [...files];
}

/** The assembled configuration of `mainFile` (an absolute path), or undefined when it cannot be read. */
export function readSupervisordConf(mainFile: string, scope: ExpansionScope, findings: Findings): SupervisordConf | undefined {
  const mainSections = readIniFile(mainFile, findings);
  if (mainSections === undefined) return undefined;
  const sections = new Map(mainSections.map((section) => [section.name, section]));
  const include = sections.get('include');
  for (const included of include === undefined ? [] : includedFiles(include, scope, findings)) {
    for (const section of readIniFile(included, findings) ?? []) {
      const first = sections.get(section.name);
      if (section.name === 'include') {
        findings.warnings.push(`${sectionPlace(section)} ignored: only the main file's [include] is read, as in Supervisor 4`);
      } else if (first !== undefined) {
        findings.errors.push(`${sectionPlace(section)} already defined at ${first.file}:${first.line}`);
      } else {
        sections.set(section.name, section);
      }
    }
  }
  return { file: mainFile, sections };
}
