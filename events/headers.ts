/**
 * The event headers and the subscription carried by a WebSocket request path (spec/events.md §2,
 * §3.1). Pure.
 *
 * - The seven headers of Supvisors 0.19 (EVENT_HEADERS), which Python clients know.
 * - Our extension headers (EXTENSION_HEADERS, docs/events.md): `process_added` and
 *   `application_added` tell a process or an application that joined the model before any status
 *   of it was published (0.19 publishes nothing for them). A subscriber gets them only when its
 *   path names them: `all` keeps meaning the seven 0.19 headers, so that a Python client, which
 *   logs an unknown header as an error, never receives one.
 * - The path is split on `/`, empty pieces dropped; a piece equal to a header subscribes to it,
 *   `all` to the seven 0.19 headers; anything else is ignored silently. A query string is not
 *   removed: it stays glued to the last piece (and so usually breaks its match), as in Python
 *   Supvisors.
 * - `/` (or an empty path) means connected with no subscription at all.
 */

/** In the order of the spec table. */
export const EVENT_HEADERS = ['supvisors', 'instance', 'application', 'process', 'event', 'hstats', 'pstats'] as const;

export type EventHeader = (typeof EVENT_HEADERS)[number];

/** Ours, never part of `all`: the body of each is the status of its 0.19 counterpart (S4, S3). */
export const EXTENSION_HEADERS = ['process_added', 'application_added'] as const;

export type ExtensionHeader = (typeof EXTENSION_HEADERS)[number];

/** Any header the publisher sends: 0.19's or ours. */
export type StreamHeader = EventHeader | ExtensionHeader;

/** Every header: the seven of 0.19, then ours. */
export const STREAM_HEADERS: readonly StreamHeader[] = [...EVENT_HEADERS, ...EXTENSION_HEADERS];

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

/** The path piece that subscribes to every 0.19 header. */
export const ALL_TOKEN = 'all';

const headerSet: ReadonlySet<string> = new Set(EVENT_HEADERS);
const extensionSet: ReadonlySet<string> = new Set(EXTENSION_HEADERS);

export function isEventHeader(value: string): value is EventHeader {
  return headerSet.has(value);
}

export function isExtensionHeader(value: string): value is ExtensionHeader {
  return extensionSet.has(value);
}

export function isStreamHeader(value: string): value is StreamHeader {
  return isEventHeader(value) || isExtensionHeader(value);
}

/**
 * The headers a request path subscribes to, in the order of STREAM_HEADERS: `all` gives the
 * seven 0.19 headers; an extension header only when the path names it.
 */
export function parseSubscriptionPath(path: string): ReadonlySet<StreamHeader> {
  const wanted = new Set(path.split('/').filter((piece) => piece !== ''));
  const all = wanted.has(ALL_TOKEN);
  return new Set(STREAM_HEADERS.filter((header) => wanted.has(header) || (all && isEventHeader(header))));
}

/**
 * The path that subscribes to `headers`: `/all` when all seven 0.19 headers are there (as the
 * Python client does), else `/<h1>/<h2>...` in the order of EVENT_HEADERS; the extension headers
 * asked for follow (`/all/process_added`); `/` for none.
 */
export function subscriptionPath(headers: Iterable<StreamHeader>): string {
  const wanted = new Set(headers);
  const standard = EVENT_HEADERS.every((header) => wanted.has(header)) ? [ALL_TOKEN] : EVENT_HEADERS.filter((header) => wanted.has(header));
  return `/${[...standard, ...EXTENSION_HEADERS.filter((header) => wanted.has(header))].join('/')}`;
}
