import { DEFAULT_AUTORESTART, type Autorestart, type ProgramRef } from './local-process.js';
import { namespecOf } from './namespec.js';

/**
 * Which program section a process comes from, and its index in that program. Supervisor's
 * getAllConfigInfo does not say (Supvisors re-parses the configuration for it), so the runtime
 * gives the program sections it read: each yields its process names by expanding `process_name`
 * for every process_num. Processes no section explains (e.g. a configuration changed since) fall
 * back to their group as program, indexed by name order, with Supervisor's default autorestart.
 */
export interface ProgramSection {
  /** The `x` of `[program:x]`, `[fcgi-program:x]` or `[eventlistener:x]`. */
  readonly name: string;
  readonly numprocs: number;
  readonly numprocsStart: number;
  /** The raw `process_name` template, default `%(program_name)s`. */
  readonly processName: string;
  readonly autorestart: Autorestart;
}

const TEMPLATE = /%\((\w+)\)([-#0 +]*)(\d*)([sd])/g;

/** Python %-formatting of a process_name template, the subset Supervisor templates use. */
export function expandProcessName(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(TEMPLATE, (whole, key: string, flags: string, width: string, conversion: string) => {
    const value = values[key];
    if (value === undefined) return whole;
    const text = conversion === 'd' ? String(Math.trunc(Number(value))) : String(value);
    const size = Number(width || 0);
    if (text.length >= size) return text;
    if (flags.includes('-')) return text.padEnd(size);
    return flags.includes('0') && conversion === 'd' ? text.padStart(size, '0') : text.padStart(size);
  });
}

/** Whether numprocs can change for this section: its names must depend on the process number. */
export function hasProcessNumber(section: ProgramSection): boolean {
  return /%\(process_num\)/.test(section.processName);
}

/** Process name -> program reference, for every name each section can produce up to `capacity`. */
export function programNames(sections: readonly ProgramSection[]): Map<string, ProgramRef> {
  const names = new Map<string, ProgramRef>();
  for (const section of sections) {
    for (let index = 0; index < section.numprocs; index += 1) {
      const name = expandProcessName(section.processName, {
        program_name: section.name,
        process_num: section.numprocsStart + index,
        numprocs: section.numprocs,
        group_name: section.name,
      });
      if (!names.has(name)) names.set(name, { programName: section.name, processIndex: index, autorestart: section.autorestart });
    }
  }
  return names;
}

/** Program reference of every process, keyed by namespec. */
export function mapPrograms(
  processes: readonly { readonly name: string; readonly group: string }[],
  sections: readonly ProgramSection[],
): Map<string, ProgramRef> {
  const byName = programNames(sections);
  const refs = new Map<string, ProgramRef>();
  const orphansByGroup = new Map<string, string[]>();
  for (const process of processes) {
    const ref = byName.get(process.name);
    if (ref !== undefined) refs.set(namespecOf(process.group, process.name), ref);
    else orphansByGroup.set(process.group, [...(orphansByGroup.get(process.group) ?? []), process.name]);
  }
  for (const [group, names] of orphansByGroup) {
    [...names].sort().forEach((name, processIndex) => refs.set(namespecOf(group, name), { programName: group, processIndex, autorestart: DEFAULT_AUTORESTART }));
  }
  return refs;
}
