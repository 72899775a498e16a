/**
 * The memory of a process as Linux accounts it, from /proc: resident set (VmRSS), its high-water
 * mark since the process started (VmHWM) and the proportional set (Pss, shared pages divided
 * among their sharers, what a node really costs beside others). KiB in the files, MiB here.
 */
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  readonly rssMiB: number;
  readonly peakRssMiB: number;
  readonly pssMiB: number;
}

/** The `<key>: <n> kB` line of a /proc status-like text, in MiB; NaN when missing. */
export function fieldMiB(text: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

/** The memory of `pid`, or undefined when it is gone. */
export function procMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { rssMiB: fieldMiB(status, 'VmRSS'), peakRssMiB: fieldMiB(status, 'VmHWM'), pssMiB: fieldMiB(rollup, 'Pss') };
  } catch {
    return undefined;
  }
}
