import type { ReplyTo } from '../core/index.js';
import type { StreamHeader } from '../../events/headers.js';
import type { JsonObject } from '../../events/json.js';

/** The actor's name on a node. */
export const EVENT_PUBLISHER = 'event-publisher';

/** Where a WebSocket subscriber came in. */
export type EventClientVia = 'event-port' | 'main-port';

/**
 * How a subscriber got in: `open` (no credentials configured), `authenticated` (Basic
 * credentials checked, by the main port's HTTP server or by the event port), `anonymous` (no
 * credentials, on an event port opened by `event_port_open` although credentials are configured).
 */
export type EventClientAccess = 'open' | 'authenticated' | 'anonymous';

/** One WebSocket subscriber, as the `clients` query shows it. */
export interface EventClientInfo {
  readonly id: number;
  /** Remote address:port. */
  readonly remote: string;
  readonly via: EventClientVia;
  readonly access: EventClientAccess;
  /** The request path as sent (it is the subscription). */
  readonly path: string;
  /** The 0.19 headers, and ours when the path names them (events/headers.ts). */
  readonly headers: readonly StreamHeader[];
  /** Epoch ms. */
  readonly connectedAt: number;
  readonly sent: number;
  /** Messages skipped because the client's send buffer was full. */
  readonly dropped: number;
  /** Bytes waiting in its send buffer now. */
  readonly bufferedBytes: number;
}

export interface EventPublisherStatus {
  readonly link: 'NONE' | 'WS' | 'ZMQ';
  /** The bound event port; undefined while the bind has not succeeded (retried every second). */
  readonly port: number | undefined;
  readonly bindFailures: number;
  readonly lastBindError: string;
  /** Whether WebSocket subscribers are also taken on the runtime's main port. */
  readonly mainPort: boolean;
  /** Messages handed to the publisher. */
  readonly published: number;
  readonly publishedByHeader: Readonly<Record<StreamHeader, number>>;
  /**
   * Deliveries skipped: WS, client buffers full (over all clients, past ones included); ZMQ,
   * sends refused by the socket (libzmq's own drops at the high-water mark are not seen).
   */
  readonly dropped: number;
  /** Connections refused with 503 (no slot for them, publisher closing). */
  readonly refused: number;
  /** Event port connections refused with 401 (missing or wrong credentials); the main port's are the HTTP server's. */
  readonly unauthorized: number;
  /** WS subscribers connected now (always empty for ZMQ: a PUB socket does not know its subscribers). */
  readonly clients: readonly EventClientInfo[];
}

export type EventPublisherMessage =
  /**
   * One event, sent to every subscriber of its header. Build it with events/payloads.ts (0.19's
   * headers) or events/process-stream.ts (ours: WS subscribers naming them only, never ZMQ).
   */
  | { readonly type: 'publish'; readonly header: StreamHeader; readonly body: JsonObject }
  /** Status, clients and drop counters. */
  | { readonly type: 'clients'; readonly replyTo: ReplyTo<EventPublisherStatus> }
  /** Internal: (re)try to bind the event port. */
  | { readonly type: 'bind' }
  /** Internal: ping the WS clients, end those that did not answer the previous ping. */
  | { readonly type: 'heartbeat' }
  /** Internal: log the drops since the last report. */
  | { readonly type: 'report-drops' };
