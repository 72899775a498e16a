/**
 * The order in which supervisord takes a group's processes (startProcessGroup): its
 * `process_group.processes` sorted by priority, a stable sort over the order of the
 * configuration, which is the `programs` of a `[group:g]` section (a `[program:x]` alone is its
 * own group), then the process numbers of each program.
 */

/** Supervisor's priority of a program that sets none. */
export const DEFAULT_PRIORITY = 999;

export interface GroupMember {
  readonly name: string;
  readonly programName: string;
  readonly processIndex: number;
}

/**
 * `processes` of one group in supervisord's order; `priorities` by process name (getAllConfigInfo's
 * `process_prio`), `programs` the `programs` of its `[group:g]` section ([] for another group).
 */
export function inGroupOrder<T extends GroupMember>(processes: readonly T[], priorities: ReadonlyMap<string, number>, programs: readonly string[]): T[] {
  const rank = (process: T): [number, number, number] => [
    priorities.get(process.name) ?? DEFAULT_PRIORITY,
    Math.max(programs.indexOf(process.programName), 0),
    process.processIndex,
  ];
  return [...processes].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}
