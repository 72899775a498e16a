/**
 * Progress of the commands that wait for a job at the server (start / stop / restart of
 * applications and processes, restart_sequence, sreload / sshutdown, update_numprocs...).
 *
 * While the XML-RPC call waits, the node's event stream (`process` and `application` headers,
 * docs/events.md) tells which processes are starting or stopping where; `out.progress` shows it
 * on one transient line (`[2s] web:front STARTING on node2`), refreshed every second. A node
 * without our `/events` path (a Python server) or with `event_link = NONE` refuses the stream:
 * the command then waits silently. Ctrl-C (`context.signal`) stops the wait, never the job: the
 * caller says so (report.ts `interrupt`). The event client is closed in every case.
 *
 * `ProgressBoard` is the pure part: what the line says after which events.
 */
import type { EventClient } from '../client/events.js';
import type { ApplicationStatusBody, ProcessStatusBody } from '../events/payloads.js';
import type { CommandContext } from './command.js';
import { nicknames } from './instance-address.js';
import { namespecOf, splitNamespec } from '../supervisor/namespec.js';

/** Processes in these states are moving: the line lists them. */
const MOVING = new Set(['STARTING', 'BACKOFF', 'STOPPING']);
/** At most this many moving processes on the line, then `(+N more)`. */
const SHOWN = 3;
/** The stream must open within this bound before the call is sent, else the wait is silent. */
const OPEN_TIMEOUT_MS = 1000;
const TICK_MS = 1000;

/** Which events concern the operation (`process` undefined for an application's own status). */
export type Concerns = (application: string, process: string | undefined) => boolean;

export interface Watch {
  /** The line before any event, e.g. `starting web`. */
  readonly label: string;
  /** Default: every event. */
  readonly concerns?: Concerns;
}

export type ProcessStatus = Pick<ProcessStatusBody, 'application_name' | 'process_name' | 'statename' | 'identifiers'>;
export type ApplicationStatus = Pick<ApplicationStatusBody, 'application_name' | 'statename'>;

export class ProgressBoard {
  private readonly moving = new Map<string, string>();
  private last: string;

  constructor(
    label: string,
    private readonly nickOf: (identifier: string) => string = (identifier) => identifier,
    private readonly concerns: Concerns = () => true,
  ) {
    this.last = label;
  }

  /** A `process` body; true when it concerns the operation (the line may have changed). */
  process(body: ProcessStatus): boolean {
    if (!this.concerns(body.application_name, body.process_name)) return false;
    const name = namespecOf(body.application_name, body.process_name);
    const where = body.identifiers.length === 0 ? '' : ` on ${body.identifiers.map(this.nickOf).join(', ')}`;
    const text = `${name} ${body.statename}${where}`;
    if (MOVING.has(body.statename)) this.moving.set(name, text);
    else this.moving.delete(name);
    this.last = text;
    return true;
  }

  /** An `application` body; true when it concerns the operation. */
  application(body: ApplicationStatus): boolean {
    if (!this.concerns(body.application_name, undefined)) return false;
    this.last = `${body.application_name} ${body.statename}`;
    return true;
  }

  /** The line: the moving processes, else the last news; the seconds waited first. */
  text(elapsedS: number): string {
    const moving = [...this.moving.values()];
    const more = moving.length > SHOWN ? ` (+${moving.length - SHOWN} more)` : '';
    const news = moving.length === 0 ? this.last : `${moving.slice(0, SHOWN).join(', ')}${more}`;
    return `[${Math.floor(elapsedS)}s] ${news}`;
  }
}

/** What the watched processes of a namespec argument are: `g:*` / `g:` the group, `g:p` one, `p` the group p's p. */
export function namespecConcerns(spec: string): Concerns {
  const { application: group, process: name } = splitNamespec(spec);
  return (application, process) => application === group && (name === undefined || process === undefined || process === name);
}

/** The applications named: their events only. */
export function applicationConcerns(application: string): Concerns {
  return (name) => name === application;
}

export type Waited<T> = { readonly done: true; readonly value: T } | { readonly done: false };

/** Opens the event stream for the board; undefined when it does not open within the bound (or on abort). */
async function openStream(context: CommandContext, board: ProgressBoard, render: () => void): Promise<EventClient | undefined> {
  // settled by the first of: open, refused, Ctrl-C, the bound
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  let events: EventClient | undefined;
  try {
    events = context.client.events({
      headers: ['process', 'application'],
      handlers: {
        process: (body) => {
          if (board.process(body)) render();
        },
        application: (body) => {
          if (board.application(body)) render();
        },
      },
      onOpen: () => settle(),
      // never opened: a server without the stream; no retry, the wait goes on silently
      onError: () => {
        if (events !== undefined && events.connections === 0) settle();
      },
    });
  } catch {
    return undefined;
  }
  const timer = setTimeout(settle, OPEN_TIMEOUT_MS);
  context.signal.addEventListener('abort', settle, { once: true });
  await settled;
  clearTimeout(timer);
  context.signal.removeEventListener('abort', settle);
  if (events.connected) return events;
  await events.close();
  return undefined;
}

/**
 * Runs `call` (an XML-RPC call waiting for its job) with the progress line, until it answers
 * (`done`, its value; a fault is thrown as usual) or Ctrl-C (`done: false`, the call left to the
 * server).
 */
export async function waitWithProgress<T>(context: CommandContext, watch: Watch, call: () => Promise<T>): Promise<Waited<T>> {
  const { out, signal } = context;
  if (signal.aborted) return { done: false };
  const started = Date.now();
  const nicks = new Map<string, string>();
  const board = new ProgressBoard(watch.label, (identifier) => nicks.get(identifier) ?? identifier, watch.concerns);
  const render = (): void => out.progress(board.text((Date.now() - started) / 1000));
  let events: EventClient | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let onAbort: () => void = () => undefined;
  try {
    if (!out.json) {
      events = await openStream(context, board, render);
      if (signal.aborted) return { done: false };
      if (events !== undefined) {
        // identifiers → nicks for the line; until (or unless) known, the identifiers are shown
        context.client
          .with({ timeoutMs: 2000, retries: 0 })
          .supvisors.get_all_instances_info()
          .then((infos) => nicknames(infos).forEach((nick, identifier) => nicks.set(identifier, nick)))
          .catch(() => undefined);
        render();
        ticker = setInterval(render, TICK_MS);
        ticker.unref();
      }
    }
    if (signal.aborted) return { done: false };
    const answer = call();
    // left to the server on Ctrl-C: its late answer or failure is nobody's business
    answer.catch(() => undefined);
    const interrupted = new Promise<Waited<T>>((resolve) => {
      onAbort = () => resolve({ done: false });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return await Promise.race([answer.then((value): Waited<T> => ({ done: true, value })), interrupted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (ticker !== undefined) clearInterval(ticker);
    await events?.close();
  }
}
