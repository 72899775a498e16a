/**
 * The configurations of `npm run bench:scale`: applications of `sleep` programs (startsecs=0,
 * autostart=false: Supvisors starts them) written in every node's supervisord.conf, and the rules
 * file making each group an application whose programs all share start_sequence 1, CONFIG
 * strategy and the default expected_loading (0). Pure.
 */

export interface ScaleApplication {
  readonly name: string;
  readonly programs: number;
  /** Started at DISTRIBUTION (application start_sequence 1) or only on demand (0). */
  readonly autoStart: boolean;
  /** Its programs' `identifiers` (a node's nick): where they start; undefined: `*` (CONFIG: the first instance). */
  readonly identifiers?: string;
}

/** `count` applications `<prefix>_00`... of `programs` programs each; with `spreadOver`, application i on node (i mod spreadOver) + 1. */
export function applications(prefix: string, count: number, programs: number, autoStart: boolean, spreadOver?: number): ScaleApplication[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `${prefix}_${String(index).padStart(2, '0')}`,
    programs,
    autoStart,
    ...(spreadOver === undefined ? {} : { identifiers: `node${(index % spreadOver) + 1}` }),
  }));
}

/** The process names of an application: `<application>_000`, `<application>_001`... */
export function programNames(application: ScaleApplication): string[] {
  return Array.from({ length: application.programs }, (_, index) => `${application.name}_${String(index).padStart(3, '0')}`);
}

/** The [group:] and [program:] sections of every application, the same text on every node. */
export function programSections(all: readonly ScaleApplication[]): string {
  const sections: string[] = [];
  for (const application of all) {
    const names = programNames(application);
    sections.push(`[group:${application.name}]\nprograms = ${names.join(',')}\n`);
    for (const name of names) sections.push(`[program:${name}]\ncommand = sleep 3600\nautostart = false\nstartsecs = 0\nstopwaitsecs = 5\n`);
  }
  return sections.join('\n');
}

/** The rules file of the applications: every program in start_sequence 1, so that each application starts in one stage. */
export function rulesXml(all: readonly ScaleApplication[]): string {
  const elements = all.map(
    ({ name, autoStart, identifiers }) => `  <application name="${name}">
    <start_sequence>${autoStart ? 1 : 0}</start_sequence>
    <starting_strategy>CONFIG</starting_strategy>
    <programs><program pattern=""><start_sequence>1</start_sequence>${identifiers === undefined ? '' : `<identifiers>${identifiers}</identifiers>`}</program></programs>
  </application>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<root>\n${elements.join('\n')}\n</root>\n`;
}
