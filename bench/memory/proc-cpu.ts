/**
 * The CPU time a process used, from /proc/PID/stat (utime + stime, in clock ticks of USER_HZ,
 * 100 per second on Linux whatever the kernel's own tick).
 */
import { readFileSync } from 'node:fs';

const USER_HZ = 100;

/** Seconds of CPU used by `pid` since it started (all its threads), or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after `pid (comm)`: comm may hold spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}
