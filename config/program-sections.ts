/**
 * The program sections of a supervisord.conf, for what supervisord's XML-RPC does not tell: which
 * program a process comes from and its index (Supvisors re-reads the configuration for the same
 * reason). `[program:x]`, `[fcgi-program:x]` and `[eventlistener:x]` share one namespace.
 * numprocs (default 1) and numprocs_start (default 0) get Supervisor's expansions; process_name is
 * kept as its raw template (default `%(program_name)s`); autorestart as Supervisor reads it
 * (false / true / unexpected, with its synonyms; default and unreadable: unexpected). An
 * unreadable file gives no sections.
 */
import { hostname } from 'node:os';
import { DEFAULT_AUTORESTART, type Autorestart } from '../supervisor/local-process.js';
import type { ProgramSection } from '../supervisor/program-map.js';
import { noFindings } from './findings.js';
import { expandedValue, readSupervisordConf } from './supervisord-conf.js';

const PROGRAM_KINDS = /^(program|fcgi-program|eventlistener):(.+)$/;

export function readProgramSections(file: string, env: NodeJS.ProcessEnv = process.env): ProgramSection[] {
  const scope = { hostname: hostname(), env };
  const conf = readSupervisordConf(file, scope, noFindings());
  if (conf === undefined) return [];
  const sections: ProgramSection[] = [];
  for (const section of conf.sections.values()) {
    const name = PROGRAM_KINDS.exec(section.name)?.[2];
    if (name === undefined) continue;
    const text = (key: string): string | undefined => {
      const option = section.options.get(key);
      if (option === undefined) return undefined;
      const expanded = expandedValue(section, option, scope);
      return expanded.ok ? expanded.value : undefined;
    };
    const integer = (key: string, fallback: number): number => {
      const value = Number(text(key) ?? NaN);
      return Number.isInteger(value) ? value : fallback;
    };
    sections.push({
      name,
      numprocs: integer('numprocs', 1),
      numprocsStart: integer('numprocs_start', 0),
      processName: section.options.get('process_name')?.value ?? '%(program_name)s',
      autorestart: autorestartOf(text('autorestart')),
    });
  }
  return sections;
}

/**
 * The programs of each `[group:g]` section, in the order of its `programs` option: the order
 * supervisord gives the group's processes (before sorting them by priority).
 */
export function readGroupPrograms(file: string, env: NodeJS.ProcessEnv = process.env): Map<string, string[]> {
  const scope = { hostname: hostname(), env };
  const conf = readSupervisordConf(file, scope, noFindings());
  const groups = new Map<string, string[]>();
  for (const section of conf?.sections.values() ?? []) {
    const name = /^group:(.+)$/.exec(section.name)?.[1];
    const option = section.options.get('programs');
    if (name === undefined || option === undefined) continue;
    const expanded = expandedValue(section, option, scope);
    if (expanded.ok) groups.set(name, expanded.value.split(',').map((program) => program.trim()).filter((program) => program !== ''));
  }
  return groups;
}

/** Supervisor's reading of `autorestart` (its `auto_restart` option type). */
function autorestartOf(value: string | undefined): Autorestart {
  switch (value?.trim().toLowerCase()) {
    case 'false': case 'no': case 'off': case '0':
      return 'false';
    case 'true': case 'yes': case 'on': case '1':
      return 'true';
    default:
      return DEFAULT_AUTORESTART;
  }
}
