/**
 * An example actor plugin (docs/extending.md): CRASH_JOURNAL follows the process statuses of the
 * event stream and appends one JSON line per crash (FATAL, or EXITED unexpectedly) to the file
 * named by the environment variable SUPVISORS_CRASH_JOURNAL of supvisorsd:
 *
 *   {"namespec":"web:proxy","state":"FATAL","time":"2026-12-06T18:40:02.113Z","applicationState":"RUNNING"}
 *
 * `applicationState` is the state of the process's application at that time, asked through
 * `host.call('supvisors.get_application_info', [application])` (null when the call fails).
 *
 *   [supvisors]
 *   plugins = /path/to/dist/examples/plugins/crash-journal.js
 *
 * Every node runs its own actor plugins and sees the whole cluster: each node's journal records
 * every crash of the cluster. A status published again while its process stays crashed writes no
 * new line.
 */
import { appendFile } from 'node:fs/promises';
import type { ActorHost, PluginEvent } from '../../plugin-worker/protocol.js';

export const name = 'CRASH_JOURNAL';
export const kind = 'actor';
export const headers = ['process'];

/** One line of the journal. */
export interface JournalLine {
  readonly namespec: string;
  readonly state: string;
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly applicationState: string | null;
}

/** The fields of a process status (spec/events.md §4.5) a journal needs. */
export interface ProcessStatus {
  readonly namespec: string;
  readonly application: string;
  readonly state: string;
  readonly expectedExit: boolean;
}

/** A process status body, or undefined when `body` is not one. */
export function processStatus(body: unknown): ProcessStatus | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { application_name: application, process_name: process, statename: state, expected_exit: expected } = body as Record<string, unknown>;
  if (typeof application !== 'string' || typeof process !== 'string' || typeof state !== 'string') return undefined;
  // Supervisor's namespec: the name alone when the group has the process's name
  return { namespec: application === process ? process : `${application}:${process}`, application, state, expectedExit: expected !== false };
}

export function crashed(status: ProcessStatus): boolean {
  return status.state === 'FATAL' || (status.state === 'EXITED' && !status.expectedExit);
}

async function applicationState(host: ActorHost, application: string): Promise<string | null> {
  try {
    const info = await host.call('supvisors.get_application_info', [application]);
    const state = typeof info === 'object' && info !== null ? (info as Record<string, unknown>).statename : undefined;
    return typeof state === 'string' ? state : null;
  } catch (error) {
    host.log('warn', `CRASH_JOURNAL: no state of application ${application}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export function start(host: ActorHost): { receive(event: PluginEvent): Promise<void> } {
  const journal = process.env.SUPVISORS_CRASH_JOURNAL;
  if (journal === undefined || journal === '') host.log('warn', 'CRASH_JOURNAL: SUPVISORS_CRASH_JOURNAL is not set, no journal is written');
  /**
   * The processes whose crash is written, until they run or stop again: a crash is written once
   * however often its status is published, a failed start's forced FATAL and the state its
   * supervisord reports after it included.
   */
  const written = new Set<string>();
  return {
    async receive(event) {
      const status = processStatus(event.body);
      if (status === undefined) return;
      if (!crashed(status)) {
        if (status.state === 'RUNNING' || status.state === 'STOPPED') written.delete(status.namespec);
        return;
      }
      if (written.has(status.namespec) || journal === undefined || journal === '') return;
      written.add(status.namespec);
      const line: JournalLine = { namespec: status.namespec, state: status.state, time: new Date().toISOString(), applicationState: await applicationState(host, status.application) };
      await appendFile(journal, `${JSON.stringify(line)}\n`);
    },
  };
}
