/**
 * `supvisorsctl events`: the headers asked for, and one readable line per event message
 * (docs/events.md), e.g. `12:00:01 process web:front RUNNING on node2`. Pure.
 */
import { EVENT_HEADERS, EventHeaders, isEventHeader, type EventHeader } from '../events/headers.js';
import type { EventBodies } from '../events/payloads.js';
import { stateCell } from './colors.js';
import { stateName } from '../vocabulary/supervisor-states.js';
import { namespecOf } from '../supervisor/namespec.js';
import { clockText } from './clock-text.js';

/** Without a header named: every header but the statistics (one message per process and node each period). */
export const DEFAULT_EVENT_HEADERS: readonly EventHeader[] = ['supvisors', 'instance', 'application', 'process', 'event'];

/** Python's EventHeaders names, lower case (`process_status`, `host_statistics`...), for the wire names. */
const ALIASES: ReadonlyMap<string, EventHeader> = new Map(Object.entries(EventHeaders).map(([name, header]) => [name.toLowerCase(), header]));

/** The headers named (wire names, Python's names, `all`), in the order of EVENT_HEADERS; none: the default. */
export function parseEventsArgs(args: readonly string[]): { readonly headers: readonly EventHeader[] } | { readonly error: string } {
  if (args.length === 0) return { headers: DEFAULT_EVENT_HEADERS };
  const wanted = new Set<EventHeader>();
  for (const word of args) {
    if (word === 'all') EVENT_HEADERS.forEach((header) => wanted.add(header));
    else if (isEventHeader(word)) wanted.add(word);
    else {
      const header = ALIASES.get(word.toLowerCase());
      if (header === undefined) return { error: `unknown event header ${word}: use ${EVENT_HEADERS.join(', ')} or all` };
      wanted.add(header);
    }
  }
  return { headers: EVENT_HEADERS.filter((header) => wanted.has(header)) };
}

/** One message of the stream, its body typed by its header. */
export type EventMessage = { [H in EventHeader]: { readonly header: H; readonly body: EventBodies[H] } }[EventHeader];

export interface EventLineContext {
  /** identifier -> nick, to name instances as users know them. */
  readonly nicks: ReadonlyMap<string, string>;
  /** When the message arrived: the line starts with its local time. */
  readonly at: Date;
  readonly color: boolean;
}

const percent = (value: number | undefined): string => `${(value ?? 0).toFixed(1)}%`;

function describe(message: EventMessage, context: EventLineContext): string {
  const nick = (identifier: string): string => context.nicks.get(identifier) ?? identifier;
  const state = (name: string): string => stateCell(name, name.length, context.color);
  const flags = (pairs: readonly (readonly [boolean, string])[]): string => pairs.filter(([on]) => on).map(([, text]) => ` ${text}`).join('');
  switch (message.header) {
    case 'supvisors': {
      const body = message.body;
      const master = body.master_identifier === '' ? 'none' : nick(body.master_identifier);
      const jobs = (kind: string, identifiers: readonly string[]): string => (identifiers.length === 0 ? '' : ` ${kind} ${identifiers.map(nick).join(',')}`);
      return `${state(body.fsm_statename)} master ${master}${flags([[body.degraded_mode, 'degraded']])}${jobs('starting', body.starting_jobs)}${jobs('stopping', body.stopping_jobs)}`;
    }
    case 'instance': {
      const body = message.body;
      return `${body.nick_identifier} ${state(body.statename)} loading ${body.loading}%${flags([[body.process_failure, 'process failure']])}`;
    }
    case 'application': {
      const body = message.body;
      return `${body.application_name} ${state(body.statename)}${flags([[body.major_failure, 'major failure'], [body.minor_failure, 'minor failure']])}`;
    }
    case 'process': {
      const body = message.body;
      const where = body.identifiers.length === 0 ? '' : ` on ${body.identifiers.map(nick).join(', ')}`;
      const exit = body.statename === 'EXITED' ? (body.expected_exit ? ' (expected)' : ' (unexpected)') : '';
      return `${namespecOf(body.application_name, body.process_name)} ${state(body.statename)}${exit}${where}`;
    }
    case 'event': {
      const body = message.body;
      const namespec = namespecOf(body.group, body.name);
      if ('statename' in body) return `${namespec} ${body.disabled ? 'disabled' : 'enabled'}`;
      if (!('identifier' in body)) return `${namespec} removed`;
      const where = body.identifier === '' ? '' : ` on ${nick(body.identifier)}`;
      const pid = body.pid > 0 ? ` pid ${body.pid}` : '';
      const reason = body.spawnerr === '' ? '' : 'disabled' in body ? ` (${body.spawnerr})` : ` (forced: ${body.spawnerr})`;
      return `${namespec} ${state(stateName(body.state))}${where}${pid}${reason}`;
    }
    case 'hstats': {
      const body = message.body;
      return `${nick(body.identifier)} cpu ${percent(body.cpu[0])} mem ${percent(body.mem)}`;
    }
    case 'pstats': {
      const body = message.body;
      return `${body.namespec} on ${nick(body.identifier)} pid ${body.pid} cpu ${percent(body.cpu)} mem ${percent(body.mem)}`;
    }
  }
}

/** `HH:MM:SS <header> <what happened>`. */
export function eventLine(message: EventMessage, context: EventLineContext): string {
  return `${clockText(context.at)} ${message.header} ${describe(message, context)}`;
}
