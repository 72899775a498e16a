/**
 * Processes of a local node, by PID only (never by name): the children of a PID read from /proc,
 * liveness (a zombie counts as dead), and the set of PIDs seen under a node, each with its start
 * time so that a PID reused later by an unrelated process is never signalled.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat after `pid (comm)`: comm may hold spaces and parentheses, cut after the last ')'. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Children, grandchildren... of a PID, from /proc. */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry); // undefined: gone meanwhile
    if (fields !== undefined) parentOf.set(Number(entry), Number(fields[1]));
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() ?? 0;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a zombie is dead for our purpose
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
}

/** The start time of a process (clock ticks since boot, /proc/PID/stat field 22), undefined when gone. */
function startTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** Sends a signal to a PID that may be gone already. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** PIDs seen under a node, each with its start time: a PID reused by an unrelated process is not taken for ours. */
export class PidSet {
  private readonly started = new Map<number, string>();

  add(pid: number): void {
    if (pid <= 0 || this.started.has(pid)) return;
    const when = startTime(pid);
    if (when !== undefined) this.started.set(pid, when);
  }

  /** The PIDs still alive and still the same processes. */
  current(): number[] {
    return [...this.started].filter(([pid, when]) => alive(pid) && startTime(pid) === when).map(([pid]) => pid);
  }
}
