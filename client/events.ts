/**
 * A small typed subscriber of the WebSocket event interface (docs/events.md): connects to
 * `ws://host:port<basePath>/<headers...>` (`/all` for every header), decodes each text frame
 * `["<header>", {body}]` and calls the handler of that header with the body. On an open failure
 * or a close it reconnects, after a delay growing from `minMs` to `maxMs`, until `close()`.
 *
 * ```ts
 * const client = new EventClient({
 *   host: 'localhost', port: 60001, credentials: { username: 'user', password: 'secret' },
 *   handlers: { process: (body) => console.log(body.process_name, body.statename) },
 * });
 * ...
 * await client.close();
 * ```
 *
 * Bodies are typed by header (EventBodies of events/payloads.ts) but only checked to be JSON
 * objects: the publisher is trusted, as Python's subscribers trust it.
 *
 * `SupvisorsClient.events()` (client/client.ts) makes one on the node it calls.
 */
import { WebSocket, type RawData } from 'ws';
import { EVENT_HEADERS, isEventHeader, subscriptionPath, type EventHeader } from '../events/headers.js';
import { decodeWsText } from '../events/json.js';
import type { EventBodies } from '../events/payloads.js';

export type EventHandlers = { readonly [H in EventHeader]?: (body: EventBodies[H]) => void };

export interface ReconnectOptions {
  /** First delay after a failure (default 100 ms). */
  readonly minMs?: number;
  /** Delay bound (default 5000 ms). */
  readonly maxMs?: number;
  /** Growth per failed attempt (default 2). */
  readonly factor?: number;
}

export interface EventClientOptions {
  readonly host: string;
  readonly port: number;
  /** What comes before the subscription: `''` on the event port (default), `/events` on the runtime's main port. */
  readonly basePath?: string;
  /** `wss://` instead of `ws://`. */
  readonly tls?: boolean;
  /** With `tls`: the CA to trust besides the system's (a node's `tls_cafile`, PEM). */
  readonly ca?: Buffer | string;
  /**
   * The `[inet_http_server]` username / password of the node, sent as HTTP Basic with the
   * handshake. Needed on the main port whenever the node has credentials, and on the event
   * port unless it is `event_port_open`; without them the server answers 401 (reported to
   * `onError`, and retried as any failed open).
   */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Headers to subscribe to; default: those that have a handler. */
  readonly headers?: readonly EventHeader[] | 'all';
  readonly handlers: EventHandlers;
  readonly reconnect?: ReconnectOptions;
  /** Handshake timeout (default 1000 ms, as the Python client). */
  readonly openTimeoutMs?: number;
  /** Largest frame accepted (default 1 MiB, as the Python client). */
  readonly maxPayload?: number;
  readonly onOpen?: () => void;
  readonly onClose?: (code: number, reason: string) => void;
  /** Connection errors, and handlers that threw. */
  readonly onError?: (error: Error) => void;
  /** A frame that is not `["<one of the 7 headers>", {...}]`. */
  readonly onInvalid?: (text: string, reason: string) => void;
}

const DEFAULT_RECONNECT = { minMs: 100, maxMs: 5000, factor: 2 } as const;

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

export class EventClient {
  readonly url: string;
  private readonly reconnect: Required<ReconnectOptions>;
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private opens = 0;
  private closed = false;
  private readonly openWaiters = new Set<() => void>();

  constructor(private readonly options: EventClientOptions) {
    const headers =
      options.headers === 'all'
        ? EVENT_HEADERS
        : (options.headers ?? EVENT_HEADERS.filter((header) => options.handlers[header] !== undefined));
    const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
    this.url = `${options.tls === true ? 'wss' : 'ws'}://${host}:${options.port}${options.basePath ?? ''}${subscriptionPath(headers)}`;
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.connect();
  }

  /** The connection is open now. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Connections opened so far (1 after the first open; more after reconnections). */
  get connections(): number {
    return this.opens;
  }

  /** Resolves when the connection is open (at once if it is); rejects after `timeoutMs`. */
  waitOpen(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.openWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.openWaiters.delete(done);
        reject(new Error(`event client not connected to ${this.url} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.openWaiters.add(done);
    });
  }

  private connect(): void {
    this.timer = undefined;
    if (this.closed) return;
    const { credentials, ca } = this.options;
    const socket = new WebSocket(this.url, {
      ...(credentials === undefined ? {} : { headers: { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } }),
      ...(ca === undefined ? {} : { ca }),
      handshakeTimeout: this.options.openTimeoutMs ?? 1000,
      maxPayload: this.options.maxPayload ?? 1024 * 1024,
      perMessageDeflate: false,
    });
    this.socket = socket;
    socket.on('open', () => {
      this.failures = 0;
      this.opens += 1;
      this.options.onOpen?.();
      for (const waiter of [...this.openWaiters]) waiter();
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.receive(toText(data));
      else this.options.onInvalid?.('', 'binary frame');
    });
    socket.on('error', (error: Error) => this.options.onError?.(error));
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.socket === socket) this.socket = undefined;
      this.options.onClose?.(code, reason.toString('utf8'));
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer !== undefined) return;
    const delay = Math.min(this.reconnect.maxMs, this.reconnect.minMs * this.reconnect.factor ** this.failures);
    this.failures += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private receive(text: string): void {
    const frame = decodeWsText(text);
    if (frame === undefined) {
      this.options.onInvalid?.(text, 'not a ["header", {body}] array');
      return;
    }
    if (!isEventHeader(frame.header)) {
      this.options.onInvalid?.(text, `unknown header ${frame.header}`);
      return;
    }
    this.dispatch(frame.header, frame.body);
  }

  private dispatch<H extends EventHeader>(header: H, body: Readonly<Record<string, unknown>>): void {
    const handler = this.options.handlers[header];
    if (handler === undefined) return;
    try {
      // Trusted wire data: the body of header H is EventBodies[H] (see the module comment).
      handler(body as unknown as EventBodies[H]);
    } catch (thrown) {
      this.options.onError?.(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
  }

  /** Stops reconnecting and closes the connection; resolves once it is closed (at most 1 s). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (socket.readyState === WebSocket.OPEN) socket.close(1000);
    else socket.terminate();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
    // Read again: the close above may have settled meanwhile.
    if ((socket.readyState as number) !== WebSocket.CLOSED) socket.terminate();
  }
}
