/**
 * The runtime as one of supervisord's processes: supervisord starts it as an event listener and
 * tells every child its own group and name in its environment. Python Supvisors lives inside
 * supervisord and has no such process, so the runtime leaves its own out of what it shows.
 */
export interface OwnProcess {
  readonly group: string;
  readonly name: string;
}

/** This process's group and name as supervisord gave them; undefined when not started by supervisord. */
export function ownProcess(env: NodeJS.ProcessEnv = process.env): OwnProcess | undefined {
  const group = env['SUPERVISOR_GROUP_NAME'];
  const name = env['SUPERVISOR_PROCESS_NAME'];
  return group === undefined || name === undefined ? undefined : { group, name };
}

/** Whether a process is the runtime's own (never, when it was not started by supervisord). */
export function isOwnProcess(process: { readonly group: string; readonly name: string }, own: OwnProcess | undefined): boolean {
  return own !== undefined && process.group === own.group && process.name === own.name;
}
