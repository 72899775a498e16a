/**
 * What integration tests check of the runtime's local model against the real supervisord: the
 * transitions the bridge logged, and its get_all_local_process_info next to supervisord's own
 * getAllProcessInfo, field by field.
 */
import { isStruct, XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';
import type { TestNode } from './supervisord.js';
import { waitFor } from './wait.js';

/** A struct's fields as plain values (doubles unwrapped). */
export type Row = Record<string, string | number | boolean>;

export function toRows(value: XmlRpcValue): Row[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value.map((item) => toRow(item));
}

export function toRow(value: XmlRpcValue): Row {
  if (!isStruct(value)) throw new Error(`expected a struct, got ${JSON.stringify(value)}`);
  const row: Row = {};
  for (const [key, field] of Object.entries(value)) {
    const plain = field instanceof XmlRpcDouble ? field.value : field;
    if (typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean') row[key] = plain;
  }
  return row;
}

export const specOf = (row: Row): string => (row['group'] === row['name'] ? String(row['name']) : `${String(row['group'])}:${String(row['name'])}`);

/**
 * The states one process went through, from the bridge's debug lines
 * `[supervisor-bridge] NAMESPEC: FROM -> TO (pid N)`, written `A -> B -> C`; a gap (a line whose
 * FROM is not the previous TO) shows as ` | `. Lines of a re-read ("read again") are not transitions.
 */
export function transitions(log: string, spec: string): string {
  const line = new RegExp(`\\[supervisor-bridge\\] ${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\w+) -> (\\w+)(?: \\(pid \\d+\\))?$`, 'gm');
  let text = '';
  let last: string | undefined;
  for (const [, from, to] of log.matchAll(line)) {
    if (last === undefined) text = `${from}`;
    else if (from !== last) text += ` | ${from}`;
    text += ` -> ${to}`;
    last = to;
  }
  return text;
}

/** `pid N, uptime H:MM:SS` (or `D days, H:MM:SS`) -> its uptime in seconds. */
function uptimeOf(description: string): number | undefined {
  const match = /uptime (?:(\d+) days?, )?(\d+):(\d\d):(\d\d)$/.exec(description);
  if (match === null) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/**
 * Differences between one S5 record and supervisord's record of the same process. Times may
 * differ by a second: the bridge stamps a transition when it reads the event, supervisord when it
 * makes it. A RUNNING description holds an uptime that ticks between the two calls.
 */
export function processMismatches(ours: Row, theirs: Row): string[] {
  const spec = specOf(theirs);
  const problems: string[] = [];
  const same = (key: string, expected: unknown, actual: unknown = ours[key]): void => {
    if (actual !== expected) problems.push(`${spec}.${key}: ours ${JSON.stringify(actual)}, supervisord ${JSON.stringify(expected)}`);
  };
  const close = (key: string, slack: number): void => {
    if (Math.abs(Number(ours[key]) - Number(theirs[key])) > slack) same(key, theirs[key]);
  };
  for (const key of ['statename', 'state', 'pid', 'exitstatus', 'spawnerr']) same(key, theirs[key]);
  same('expected', theirs['spawnerr'] === '');
  close('start', 1);
  close('stop', 1);
  const description = String(theirs['description']);
  if (theirs['statename'] === 'RUNNING') {
    const mine = String(ours['description']);
    const [a, b] = [uptimeOf(mine), uptimeOf(description)];
    if (!mine.startsWith(`pid ${String(theirs['pid'])}, uptime `) || a === undefined || b === undefined || Math.abs(a - b) > 2) {
      same('description', description);
    }
  } else if (ours['stop'] === theirs['stop'] && ours['start'] === theirs['start']) {
    same('description', description);
  }
  return problems;
}

/** The runtime's own process, local-cluster's `[eventlistener:supvisors]`: the local process info leaves it out. */
export const RUNTIME_LISTENER = 'supvisors';

/**
 * Every difference between the runtime's get_all_local_process_info and supervisord's
 * getAllProcessInfo; `hidden` names processes the model leaves out on purpose (reduced numprocs),
 * besides the runtime's own listener, which it always leaves out.
 */
export async function modelMismatches(node: TestNode, hidden: readonly string[] = []): Promise<string[]> {
  const [ours, theirs] = await Promise.all([
    node.api.call('supvisors.get_all_local_process_info').then(toRows),
    node.supervisor.call('supervisor.getAllProcessInfo').then(toRows),
  ]);
  const mine = new Map(ours.map((row) => [specOf(row), row]));
  const problems: string[] = [];
  for (const row of theirs) {
    const spec = specOf(row);
    const match = mine.get(spec);
    mine.delete(spec);
    if (hidden.includes(spec) || spec === RUNTIME_LISTENER) {
      if (match !== undefined) problems.push(`${spec}: should be hidden, is in the model`);
    } else if (match === undefined) {
      problems.push(`${spec}: missing from the model`);
    } else {
      problems.push(...processMismatches(match, row));
    }
  }
  for (const spec of mine.keys()) problems.push(`${spec}: in the model, unknown to supervisord`);
  return problems;
}

/** Polls until the model matches supervisord (bounded); fails listing the last differences. */
export async function waitModelMatches(node: TestNode, hidden: readonly string[] = [], timeoutMs = 10_000): Promise<void> {
  let problems: string[] = [];
  try {
    await waitFor(
      'the model to match supervisord',
      async () => {
        problems = await modelMismatches(node, hidden).catch((thrown: unknown) => [`call failed: ${String(thrown)}`]);
        return problems.length === 0;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; differences:\n  ${problems.join('\n  ')}`, { cause: error });
  }
}
