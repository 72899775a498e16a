/**
 * The seven event headers (spec/events.md §2) and the subscription carried by a WebSocket
 * request path (§3.1). Pure.
 *
 * - The path is split on `/`, empty pieces dropped; a piece equal to a header subscribes to it,
 *   `all` to every header; anything else is ignored silently. A query string is not removed: it
 *   stays glued to the last piece (and so usually breaks its match), as in Python Supvisors.
 * - `/` (or an empty path) means connected with no subscription at all.
 */

/** In the order of the spec table. */
export const EVENT_HEADERS = ['supvisors', 'instance', 'application', 'process', 'event', 'hstats', 'pstats'] as const;

export type EventHeader = (typeof EVENT_HEADERS)[number];

/** Python's `EventHeaders` names. */
export const EventHeaders = {
  SUPVISORS: 'supvisors',
  INSTANCE: 'instance',
  APPLICATION: 'application',
  PROCESS_STATUS: 'process',
  PROCESS_EVENT: 'event',
  HOST_STATISTICS: 'hstats',
  PROCESS_STATISTICS: 'pstats',
} as const satisfies Record<string, EventHeader>;

/** The path piece that subscribes to every header. */
export const ALL_TOKEN = 'all';

const headerSet: ReadonlySet<string> = new Set(EVENT_HEADERS);

export function isEventHeader(value: string): value is EventHeader {
  return headerSet.has(value);
}

/** The headers a request path subscribes to, in the order of EVENT_HEADERS. */
export function parseSubscriptionPath(path: string): ReadonlySet<EventHeader> {
  const tokens = path.split('/').filter((piece) => piece !== '');
  if (tokens.includes(ALL_TOKEN)) return new Set(EVENT_HEADERS);
  const wanted = new Set(tokens);
  return new Set(EVENT_HEADERS.filter((header) => wanted.has(header)));
}

/**
 * The path that subscribes to `headers`: `/all` when all seven are there (as the Python client
 * does), else `/<h1>/<h2>...` in the order of EVENT_HEADERS; `/` for none.
 */
export function subscriptionPath(headers: Iterable<EventHeader>): string {
  const wanted = new Set(headers);
  if (EVENT_HEADERS.every((header) => wanted.has(header))) return `/${ALL_TOKEN}`;
  return `/${EVENT_HEADERS.filter((header) => wanted.has(header)).join('/')}`;
}
