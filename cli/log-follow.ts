/**
 * `supvisorsctl logs NAMESPEC [stdout|stderr]`: its arguments, and where to follow the process
 * (the node it runs on, and when it moves). Reading a log is cli/log-tail.ts's. Pure.
 */
import type { Result } from '../contract/index.js';

export type LogChannel = 'stdout' | 'stderr';

export interface LogsOptions {
  readonly namespec: string;
  readonly channel: LogChannel;
}

export function parseLogsArgs(args: readonly string[]): LogsOptions | { readonly error: string } {
  const [namespec, channel = 'stdout', ...more] = args;
  if (namespec === undefined || namespec === '') return { error: 'logs takes a process (namespec)' };
  if (channel !== 'stdout' && channel !== 'stderr') return { error: `the log is stdout or stderr, not ${channel}` };
  if (more.length > 0) return { error: `unexpected argument ${more.join(' ')}` };
  return { namespec, channel };
}

export type ProcessInfo = Result<'supvisors.get_process_info'>[number];

export type Placement =
  /** Go on where we are (it runs there). */
  | { readonly kind: 'stay' }
  /** Follow it on that node: the first one, or it runs elsewhere now. */
  | { readonly kind: 'follow'; readonly identifier: string }
  /** It runs nowhere: keep reading where it was (its last words), until it runs again. */
  | { readonly kind: 'stopped'; readonly statename: string };

/**
 * Where to read the log of `info` when reading on `current` (undefined: nowhere yet). A process in
 * conflict (running on several nodes) is followed on the first one, or kept where it is.
 */
export function placement(info: ProcessInfo, current: string | undefined): Placement {
  const [first] = info.identifiers;
  if (current !== undefined && info.identifiers.includes(current)) return { kind: 'stay' };
  if (first === undefined) return { kind: 'stopped', statename: info.statename };
  return { kind: 'follow', identifier: first };
}
