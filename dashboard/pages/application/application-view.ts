/**
 * What the Application page derives from the cluster view, pure: one line per process of the
 * application (S4) with its rows on each instance (S6), the description Supvisors' page shows
 * (spec/dashboard.md §7), the instance that description comes from (its statistics and logs),
 * the three status lights, and the expanded rows of the URL.
 */
import type { ApplicationInfoPayload, ProcessInfoPayload } from '../../../payloads/application-payloads.js';
import type { ProcessStatisticsPayload } from '../../../stats-compiler/payloads.js';
import { processStatsKey, type ClusterView, type LocalProcess } from '../../model/cluster-view.js';
import { describeProcess } from '../../model/process-description.js';
import { isRunningState, isStoppedState } from '../../../vocabulary/supervisor-states.js';

/** Supvisors' enablement of the process buttons: Start when stopped-like, Stop and Restart when running-like. */
export const canStart = isStoppedState;
export const canStop = isRunningState;

/** A process as one instance reports it. */
export interface InstanceLine {
  readonly identifier: string;
  readonly nick: string;
  readonly row: LocalProcess;
  /** Supervisor's description, computed at `now` (the event rows carry none). */
  readonly description: string;
  /** FATAL, or EXITED not expected. */
  readonly failed: boolean;
}

export interface ProcessLine {
  readonly namespec: string;
  readonly name: string;
  /** The synthetic state (S4). */
  readonly statename: string;
  /** FATAL, or EXITED not expected (S4 expected_exit). */
  readonly failed: boolean;
  /** It ever crashed on an instance (its rows' has_crashed). */
  readonly crashed: boolean;
  /** Disabled on every instance that knows it. */
  readonly disabled: boolean;
  /** Where it runs (S4 identifiers) with their nicknames. */
  readonly running: readonly { readonly identifier: string; readonly nick: string }[];
  /** It runs on more than one instance: a conflict. */
  readonly conflict: boolean;
  readonly description: string;
  /** The instance the description, statistics and logs come from (the running one, else the last stopped). */
  readonly source: InstanceLine | undefined;
  /** Its rows, in the instances' order. */
  readonly instances: readonly InstanceLine[];
}

function instanceLine(identifier: string, nick: string, namespec: string, row: LocalProcess, nowEpoch: number): InstanceLine {
  const description = describeProcess({ ...row, namespec }, nowEpoch);
  return { identifier, nick, row, description, failed: row.statename === 'FATAL' || (row.statename === 'EXITED' && !row.expected) };
}

/** Supvisors' synthetic description of a process from its instance lines. */
function synthesis(running: readonly InstanceLine[], instances: readonly InstanceLine[]): { description: string; source: InstanceLine | undefined } {
  const [only] = running;
  if (running.length > 1) return { description: `conflict on ${running.map((line) => line.nick).join(', ')}`, source: undefined };
  if (only !== undefined) return { description: `${only.description} on ${only.nick}`, source: only };
  let latest: InstanceLine | undefined;
  for (const line of instances) if (latest === undefined || line.row.stop > latest.row.stop) latest = line;
  if (latest === undefined) return { description: '', source: undefined };
  return { description: latest.row.start > 0 ? `${latest.description} on ${latest.nick}` : latest.description, source: latest };
}

export function processLines(view: ClusterView, application: string, nowEpoch: number): ProcessLine[] {
  const lines: ProcessLine[] = [];
  const nickOf = (identifier: string): string => view.instances.get(identifier)?.nick_identifier ?? identifier;
  for (const [namespec, info] of view.processes) {
    if (info.application_name !== application) continue;
    const instances: InstanceLine[] = [];
    for (const identifier of view.instances.keys()) {
      const row = view.local.get(identifier)?.get(namespec);
      if (row !== undefined) instances.push(instanceLine(identifier, nickOf(identifier), namespec, row, nowEpoch));
    }
    const runningLines = info.identifiers.flatMap((identifier) => instances.filter((line) => line.identifier === identifier));
    lines.push({
      namespec,
      name: info.process_name,
      statename: info.statename,
      failed: info.statename === 'FATAL' || (info.statename === 'EXITED' && !info.expected_exit),
      crashed: instances.some((line) => line.row.has_crashed),
      disabled: instances.length > 0 && instances.every((line) => line.row.disabled),
      running: info.identifiers.map((identifier) => ({ identifier, nick: nickOf(identifier) })),
      conflict: info.identifiers.length > 1,
      ...synthesis(runningLines, instances),
      instances,
    });
  }
  return lines;
}

/** The namespecs of an application's processes, as a key that changes only when the list does. */
export function processListKey(processes: ReadonlyMap<string, ProcessInfoPayload>, application: string): string {
  return [...processes].filter(([, info]) => info.application_name === application).map(([namespec]) => namespec).join('\n');
}

export type LightColour = 'red' | 'yellow' | 'green';

/** The lit light of Supvisors' status LEDs: red on a major failure, yellow on a minor one, green when starting or running; none otherwise. */
export function litLight(application: ApplicationInfoPayload): LightColour | undefined {
  if (application.major_failure) return 'red';
  if (application.minor_failure) return 'yellow';
  return application.statename === 'STARTING' || application.statename === 'RUNNING' ? 'green' : undefined;
}

/** `expanded` in the URL: `*` for every process, else the process names, comma separated. */
export const ALL_EXPANDED = '*';

export function isExpanded(expanded: string | undefined, name: string): boolean {
  if (expanded === undefined) return false;
  return expanded === ALL_EXPANDED || expanded.split(',').includes(name);
}

/** The `expanded` value with one process toggled, among `names` (all of them expanded gives `*`, none gives undefined). */
export function toggleExpanded(expanded: string | undefined, name: string, names: readonly string[]): string | undefined {
  const open = new Set(names.filter((one) => isExpanded(expanded, one)));
  if (open.has(name)) open.delete(name);
  else open.add(name);
  if (open.size === 0) return undefined;
  if (names.every((one) => open.has(one))) return ALL_EXPANDED;
  return names.filter((one) => open.has(one)).join(',');
}

/** The statistics periods the store has seen (pstats `target_period`), ascending. */
export function statsPeriods(view: ClusterView): number[] {
  return [...new Set([...view.processStats.values()].map((stats) => stats.target_period))].sort((a, b) => a - b);
}

/** The period shown: the URL's when the store knows it, else the first one (undefined before any pstats). */
export function chosenPeriod(periods: readonly number[], asked: string | undefined): number | undefined {
  const wanted = asked === undefined ? Number.NaN : Number(asked);
  return periods.includes(wanted) ? wanted : periods[0];
}

/** The latest CPU and MEM figures of a process where it runs, for a period. */
export function latestStats(view: ClusterView, identifier: string, namespec: string, period: number | undefined): ProcessStatisticsPayload | undefined {
  return period === undefined ? undefined : view.processStats.get(processStatsKey(identifier, namespec, period));
}
