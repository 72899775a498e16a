/**
 * The event publisher (spec/events.md, docs/events.md): sends every `publish` message to the
 * external subscribers, over WebSockets (`event_link = WS`) or a ZeroMQ PUB socket
 * (`event_link = ZMQ`), on `event_port`.
 *
 * WS: a websocket server of its own on `event_port` (all interfaces unless `host` is given;
 * supvisorsd gives the main port's host), and, when `mount` is given, the same stream on the
 * runtime's main port under `/events/...`.
 *
 * Authentication comes before any slot is taken: on the main port the HTTP server checks the
 * credentials before it calls the mounted handler; on the event port this actor checks them
 * (the same Basic check, http/basic-auth.ts) before the websocket handshake, unless
 * `open` lets anonymous subscribers in. Slots are then given by admission.ts (in all, per
 * address, and a reserve anonymous subscribers cannot take).
 * The request path is the subscription, fixed for the connection (events/headers.ts). One event
 * is one text frame `["<header>", {body}]`, encoded once for all clients.
 *
 * Drop policy: a client whose send buffer (`bufferedAmount`) holds `maxBufferedBytes` or more
 * is skipped for that message, counted for it and in total (the `clients` answer), and the
 * drops are logged at most once per `dropReportMs`. Sends never wait, so a slow or stuck
 * subscriber delays neither the actor nor the other subscribers. The server pings every
 * `pingIntervalMs` (20 s, as Python's websockets does) and ends a client that did not answer the
 * previous ping: a stuck client is let go after 20–40 s.
 *
 * The bind is retried every `bindRetryMs` (1 s) until it succeeds, as Python does for WS.
 *
 * Connections and closes are handled in the `ws` callbacks (the same thread as the handlers,
 * and `publish` never awaits), so the client table needs no messages of its own.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type * as ZeroMqModule from 'zeromq';
import type { UpgradeHandler } from '../../http/http-server.js';
import { accessOf, isRefused, refuseUpgradeUnauthorized, type Access, type Credentials } from '../../http/basic-auth.js';
import { describePeer, refuseUpgrade } from '../../http/upgrade-socket.js';
import { eventAuthError } from '../../config/consistency.js';
import { SupvisorsError, describeError } from '../../errors/errors.js';
import { EVENT_HEADERS, parseSubscriptionPath, type EventHeader } from '../../events/headers.js';
import { encodeEvent, zmqFrames, type EncodedEvent, type JsonObject } from '../../events/json.js';
import type { Logger } from '../../log/logger.js';
import { RateLimitedLog } from '../../log/rate-limited.js';
import type { ActorContext, ActorFactory, Behavior } from '../core/index.js';
import { DEFAULT_SLOT_LIMITS, slotRefusal } from './admission.js';
import type { EventClientAccess, EventClientInfo, EventClientVia, EventPublisherMessage, EventPublisherStatus } from './messages.js';

/** The path prefix of the event stream on the runtime's main port: `/events/<header>/...`. */
export const MAIN_PORT_EVENTS_PATH = '/events';

export const EVENT_PUBLISHER_DEFAULTS = {
  maxBufferedBytes: 4 * 1024 * 1024,
  maxClients: DEFAULT_SLOT_LIMITS.maxClients,
  maxClientsPerAddress: DEFAULT_SLOT_LIMITS.maxPerAddress,
  reservedForAuthenticated: DEFAULT_SLOT_LIMITS.reservedForAuthenticated,
  open: false,
  bindRetryMs: 1000,
  pingIntervalMs: 20_000,
  dropReportMs: 10_000,
} as const;

export interface EventPublisherOptions {
  readonly link: 'WS' | 'ZMQ';
  /** `event_port`; 0 = any free port (tests). */
  readonly port: number;
  /** Bind address; default all interfaces (WS: every IPv4 and IPv6 address; ZMQ: `0.0.0.0`). supvisorsd gives the main port's. */
  readonly host?: string;
  /**
   * `[inet_http_server]` username / password: the event port asks for them (HTTP Basic, 401
   * before the handshake), unless `open`. None: everything is open, as supervisord is.
   */
  readonly credentials?: Credentials;
  /** `event_port_open`: subscribers without credentials are let in on the event port (wrong ones are still refused). */
  readonly open?: boolean;
  /**
   * WS only: registers the upgrade handler on the runtime's main port (under
   * MAIN_PORT_EVENTS_PATH) and returns the function that removes it. Called at start, and the
   * remover at stop.
   */
  readonly mount?: (handler: UpgradeHandler) => () => void;
  /** A client whose send buffer holds this many bytes is skipped (default 4 MiB). */
  readonly maxBufferedBytes?: number;
  /** WS connections beyond this are refused with 503 (default 256). */
  readonly maxClients?: number;
  /** WS connections from one remote address beyond this are refused with 503 (default 64). */
  readonly maxClientsPerAddress?: number;
  /** Slots anonymous subscribers cannot take (default 64). */
  readonly reservedForAuthenticated?: number;
  readonly bindRetryMs?: number;
  /** 0 = no server pings. */
  readonly pingIntervalMs?: number;
  readonly dropReportMs?: number;
}

type ZeroMq = typeof ZeroMqModule;

async function loadZeroMq(): Promise<ZeroMq> {
  try {
    return await import('zeromq');
  } catch (thrown) {
    throw new SupvisorsError('CONFIG_INVALID', `event_link = ZMQ needs the zeromq package, which cannot be loaded here: ${describeError(thrown)}`, {
      cause: thrown,
    });
  }
}

/**
 * Throws CONFIG_INVALID when `event_link` cannot be served on this machine (ZMQ without a
 * loadable `zeromq` addon). Call it before spawning the publisher. (ZMQ with credentials and a
 * closed event port is refused earlier, when the configuration is read: config/consistency.ts.)
 */
export async function checkEventLink(link: 'NONE' | 'WS' | 'ZMQ'): Promise<void> {
  if (link === 'ZMQ') await loadZeroMq();
}

interface Client {
  readonly id: number;
  readonly ws: WebSocket;
  readonly remote: string;
  /** The remote address alone: the per-address slot count. */
  readonly address: string;
  readonly via: EventClientVia;
  readonly access: EventClientAccess;
  readonly path: string;
  readonly headers: ReadonlySet<EventHeader>;
  readonly connectedAt: number;
  /** The socket under the websocket, when `ws` lets us see it (see WsLink.cork). */
  readonly socket: Duplex | undefined;
  sent: number;
  dropped: number;
  /** Drops not yet logged. */
  unreported: number;
  alive: boolean;
}

function addressOf(socket: Duplex): string {
  return (socket as Partial<Socket>).remoteAddress ?? '?';
}

/** The socket under a server-side websocket: `ws` keeps it in `_socket` (not public). */
function socketOf(ws: WebSocket): Duplex | undefined {
  const socket: unknown = (ws as unknown as { _socket?: unknown })._socket;
  return typeof socket === 'object' && socket !== null && typeof (socket as Partial<Duplex>).cork === 'function' && typeof (socket as Partial<Duplex>).uncork === 'function'
    ? (socket as Duplex)
    : undefined;
}

function zeroCounts(): Record<EventHeader, number> {
  const counts: Partial<Record<EventHeader, number>> = {};
  for (const header of EVENT_HEADERS) counts[header] = 0;
  return counts as Record<EventHeader, number>;
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(error);
    server.once('error', failed);
    const done = (): void => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    };
    if (host === undefined) server.listen(port, done);
    else server.listen(port, host, done);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Bytes held in a corked socket before they are let go within a burst. */
const CORK_FLUSH_BYTES = 64 * 1024;

/** What the two links have in common, seen from the behaviour. */
interface Link {
  readonly port: number | undefined;
  bind(): Promise<void>;
  publish(header: EventHeader, body: JsonObject): void;
  heartbeat(): void;
  reportDrops(): void;
  status(): Pick<EventPublisherStatus, 'dropped' | 'refused' | 'unauthorized' | 'clients' | 'mainPort'>;
  close(): Promise<void>;
}

class BindState {
  port: number | undefined = undefined;
  failures = 0;
  lastError = '';

  failed(log: Logger, what: string, error: unknown, retryMs: number): void {
    this.failures += 1;
    this.lastError = describeError(error);
    // The first failure and then one in 60: the retry goes on every second.
    const line = `cannot bind ${what} (attempt ${this.failures}, retried every ${retryMs} ms): ${this.lastError}`;
    if (this.failures === 1 || this.failures % 60 === 0) log.warn(line);
    else log.debug(line);
  }
}

class WsLink implements Link {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  /** Sockets corked during the current burst; uncorked on the next setImmediate. */
  private readonly corked = new Set<Duplex>();
  private readonly unmount: (() => void) | undefined;
  private nextId = 1;
  private dropped = 0;
  private refused = 0;
  private unauthorized = 0;
  private closing = false;
  /** Refusals come from clients: a flood of them costs a few log lines. */
  private readonly refusals: RateLimitedLog;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly log: Logger,
    private readonly bindState: BindState,
  ) {
    this.refusals = new RateLimitedLog(log);
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: 64 * 1024 });
    this.server = createServer((_request, response) => {
      response.writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      response.end('this port only takes websocket upgrades\n');
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', (error) => this.log.debug(`event connection from ${describePeer(socket)} failed: ${error.message}`));
      this.upgrade(request, socket, head, 'event-port');
    });
    this.unmount = options.mount?.((request, socket, head) => this.upgrade(request, socket, head, 'main-port'));
  }

  get port(): number | undefined {
    return this.bindState.port;
  }

  async bind(): Promise<void> {
    if (this.bindState.port !== undefined || this.closing) return;
    const port = await listen(this.server, this.options.port, this.options.host);
    this.bindState.port = port;
    this.log.info(`websocket event server listening on ${this.options.host ?? 'all interfaces'} port ${port}`);
  }

  /**
   * Main port: the HTTP server checked the credentials before calling us (http/http-server.ts).
   * Event port: checked here, the same way, before anything else.
   */
  private accessFor(request: IncomingMessage, via: EventClientVia): Access {
    const { credentials } = this.options;
    if (via === 'main-port') return credentials === undefined ? 'open' : 'authenticated';
    return accessOf(request.headers.authorization, credentials, this.options.open);
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, via: EventClientVia): void {
    const remote = describePeer(socket);
    const address = addressOf(socket);
    const access = this.accessFor(request, via);
    if (isRefused(access)) {
      this.unauthorized += 1;
      this.refusals.warn('event subscriber unauthorized', `event subscriber ${remote} refused (401) on the ${via}: ${access} credentials`);
      refuseUpgradeUnauthorized(socket);
      return;
    }
    let fromAddress = 0;
    let anonymous = 0;
    for (const client of this.clients) {
      if (client.address === address) fromAddress += 1;
      if (client.access === 'anonymous') anonymous += 1;
    }
    const limits = { maxClients: this.options.maxClients, maxPerAddress: this.options.maxClientsPerAddress, reservedForAuthenticated: this.options.reservedForAuthenticated };
    const refusal = this.closing ? 'the publisher is closing' : slotRefusal({ total: this.clients.size, fromAddress, anonymous }, access, limits);
    if (refusal !== undefined) {
      this.refused += 1;
      this.refusals.warn('event subscriber refused', `event subscriber ${remote} refused (503): ${refusal}`);
      refuseUpgrade(socket, 503);
      return;
    }
    const raw = request.url ?? '/';
    const path = via === 'main-port' && raw.startsWith(MAIN_PORT_EVENTS_PATH) ? raw.slice(MAIN_PORT_EVENTS_PATH.length) : raw;
    this.wss.handleUpgrade(request, socket, head, (ws: WebSocket) => this.accept(ws, { remote, address, via, access }, path));
  }

  private accept(ws: WebSocket, { remote, address, via, access }: Pick<Client, 'remote' | 'address' | 'via' | 'access'>, path: string): void {
    if (this.closing) {
      ws.terminate();
      return;
    }
    const client: Client = {
      id: this.nextId,
      ws,
      remote,
      address,
      via,
      access,
      path,
      headers: parseSubscriptionPath(path),
      connectedAt: Date.now(),
      socket: socketOf(ws),
      sent: 0,
      dropped: 0,
      unreported: 0,
      alive: true,
    };
    this.nextId += 1;
    this.clients.add(client);
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('error', (error) => this.log.debug(`event subscriber #${client.id} ${remote}: ${error.message}`));
    ws.on('close', (code) => {
      this.clients.delete(client);
      this.log.info(`event subscriber #${client.id} ${remote} gone (code ${code}): ${client.sent} sent, ${client.dropped} dropped`);
    });
    this.log.info(`event subscriber #${client.id} ${remote} (${access}) on the ${via} with path ${path}: ${[...client.headers].join(', ') || 'no subscription'}`);
  }

  publish(header: EventHeader, body: JsonObject): void {
    let frame: Buffer | undefined;
    for (const client of this.clients) {
      if (!client.headers.has(header) || client.ws.readyState !== WebSocket.OPEN) continue;
      if (client.ws.bufferedAmount >= this.options.maxBufferedBytes) {
        client.dropped += 1;
        client.unreported += 1;
        this.dropped += 1;
        continue;
      }
      // Encoded once, only when someone listens; a Buffer sent with binary: false is a text frame.
      frame ??= Buffer.from(encodeEvent(header, body).text);
      this.cork(client);
      client.ws.send(frame, { binary: false });
      client.sent += 1;
    }
  }

  /**
   * Holds the client's socket writes until the current burst of messages is handled, so that a
   * burst (statistics every tick) leaves in a few large writes instead of one system call per
   * frame per client: 2.5x the throughput to 10 subscribers (bench/events.ts); at most
   * CORK_FLUSH_BYTES are held per socket. `ws` has no public cork, so this reaches its socket
   * (`_socket`, stable in ws 8); without it, frames go out one by one.
   */
  private cork(client: Client): void {
    const { socket } = client;
    if (socket === undefined) return;
    if (this.corked.has(socket)) {
      // A long burst: let what is held so far go, so that held bytes never look like a backlog.
      if (socket.writableLength >= CORK_FLUSH_BYTES) {
        socket.uncork();
        socket.cork();
      }
      return;
    }
    socket.cork();
    this.corked.add(socket);
    if (this.corked.size === 1) setImmediate(() => this.uncorkAll());
  }

  private uncorkAll(): void {
    for (const socket of this.corked) socket.uncork();
    this.corked.clear();
  }

  heartbeat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.log.warn(`event subscriber #${client.id} ${client.remote} ended: no pong within ${this.options.pingIntervalMs} ms`);
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      if (client.ws.readyState === WebSocket.OPEN) client.ws.ping();
    }
  }

  reportDrops(): void {
    const dropping = [...this.clients].filter((client) => client.unreported > 0);
    if (dropping.length === 0) return;
    const total = dropping.reduce((sum, client) => sum + client.unreported, 0);
    const shown = dropping
      .slice(0, 10)
      .map((client) => `#${client.id} ${client.remote} ${client.unreported}`)
      .join(', ');
    this.log.warn(
      `${total} event messages dropped for ${dropping.length} subscribers whose send buffer is full (${shown}${dropping.length > 10 ? ', ...' : ''}); ${this.dropped} in total`,
    );
    for (const client of dropping) client.unreported = 0;
  }

  status(): Pick<EventPublisherStatus, 'dropped' | 'refused' | 'unauthorized' | 'clients' | 'mainPort'> {
    const clients: EventClientInfo[] = [...this.clients].map((client) => ({
      id: client.id,
      remote: client.remote,
      via: client.via,
      access: client.access,
      path: client.path,
      headers: [...client.headers],
      connectedAt: client.connectedAt,
      sent: client.sent,
      dropped: client.dropped,
      bufferedBytes: client.ws.bufferedAmount,
    }));
    return { dropped: this.dropped, refused: this.refused, unauthorized: this.unauthorized, clients, mainPort: this.unmount !== undefined };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.refusals.flush();
    this.unmount?.();
    this.uncorkAll();
    for (const client of this.clients) client.ws.terminate();
    this.clients.clear();
    this.wss.close();
    await closeServer(this.server);
  }
}

class ZmqLink implements Link {
  private dropped = 0;
  private lastSendError = '';

  constructor(
    private readonly socket: ZeroMqModule.Publisher,
    private readonly options: Pick<EventPublisherOptions, 'port' | 'host'>,
    private readonly log: Logger,
    private readonly bindState: BindState,
  ) {}

  get port(): number | undefined {
    return this.bindState.port;
  }

  async bind(): Promise<void> {
    if (this.bindState.port !== undefined || this.socket.closed) return;
    await this.socket.bind(`tcp://${this.options.host ?? '0.0.0.0'}:${this.options.port === 0 ? '*' : String(this.options.port)}`);
    const endpoint = this.socket.lastEndpoint ?? '';
    this.bindState.port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
    this.log.info(`ZeroMQ event publisher bound on ${endpoint}`);
  }

  publish(header: EventHeader, body: JsonObject): void {
    if (this.bindState.port === undefined || this.socket.closed) return;
    const event: EncodedEvent = encodeEvent(header, body);
    // A PUB socket never blocks (libzmq drops per subscriber at the high-water mark), so the
    // promise is settled at once; a refusal is counted, never awaited.
    this.socket.send(zmqFrames(event)).catch((thrown: unknown) => {
      this.dropped += 1;
      this.lastSendError = describeError(thrown);
    });
  }

  heartbeat(): void {
    // ZMTP has its own keep-alive.
  }

  reportDrops(): void {
    if (this.lastSendError === '') return;
    this.log.warn(`ZeroMQ sends refused: ${this.dropped} in total, the last one: ${this.lastSendError}`);
    this.lastSendError = '';
  }

  status(): Pick<EventPublisherStatus, 'dropped' | 'refused' | 'unauthorized' | 'clients' | 'mainPort'> {
    return { dropped: this.dropped, refused: 0, unauthorized: 0, clients: [], mainPort: false };
  }

  close(): Promise<void> {
    if (!this.socket.closed) this.socket.close();
    return Promise.resolve();
  }
}

type ResolvedOptions = Required<Omit<EventPublisherOptions, 'host' | 'mount' | 'credentials'>> & Pick<EventPublisherOptions, 'host' | 'mount' | 'credentials'>;

function resolved(options: EventPublisherOptions): ResolvedOptions {
  const { port } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SupvisorsError('CONFIG_INVALID', `event_port ${port} is not a port number`);
  const defaults = EVENT_PUBLISHER_DEFAULTS;
  return {
    ...options,
    maxBufferedBytes: options.maxBufferedBytes ?? defaults.maxBufferedBytes,
    maxClients: options.maxClients ?? defaults.maxClients,
    maxClientsPerAddress: options.maxClientsPerAddress ?? defaults.maxClientsPerAddress,
    reservedForAuthenticated: options.reservedForAuthenticated ?? defaults.reservedForAuthenticated,
    open: options.open ?? defaults.open,
    bindRetryMs: options.bindRetryMs ?? defaults.bindRetryMs,
    pingIntervalMs: options.pingIntervalMs ?? defaults.pingIntervalMs,
    dropReportMs: options.dropReportMs ?? defaults.dropReportMs,
  };
}

/**
 * The publisher's factory. Spawn it only when `event_link` is not NONE, e.g.
 * `system.spawn(EVENT_PUBLISHER, eventPublisherActor({ link, port, mount }), { mailbox: ... })`.
 * The first bind is attempted before the first message is handled; the actor is running even
 * when it fails (retried every `bindRetryMs`). Throws CONFIG_INVALID for ZMQ without `zeromq`.
 */
export function eventPublisherActor(options: EventPublisherOptions): ActorFactory<EventPublisherMessage> {
  return async (context: ActorContext<EventPublisherMessage>): Promise<Behavior<EventPublisherMessage>> => {
    const settings = resolved(options);
    const { log } = context;
    const bindState = new BindState();
    let link: Link;
    if (settings.link === 'ZMQ') {
      // ZeroMQ cannot ask for credentials: refused unless the port was opened on purpose (the configuration says so first).
      const refusal = eventAuthError('ZMQ', settings.credentials !== undefined, settings.open);
      if (refusal !== undefined) throw new SupvisorsError('CONFIG_INVALID', refusal);
      if (settings.mount !== undefined) log.warn('event_link = ZMQ: nothing is served on the main port');
      const zmq = await loadZeroMq();
      link = new ZmqLink(new zmq.Publisher({ linger: 0 }), settings, log, bindState);
    } else {
      link = new WsLink(settings, log, bindState);
    }
    if (settings.credentials !== undefined && settings.open) {
      log.warn(`event_port_open = true: the event port ${settings.port} serves the cluster's events to anyone who can reach ${settings.host ?? 'any interface'}, without credentials`);
    }
    const what = `the event port ${settings.port} (${settings.link})`;
    const tryBind = async (): Promise<void> => {
      try {
        await link.bind();
      } catch (thrown) {
        bindState.failed(log, what, thrown, settings.bindRetryMs);
        context.timers.once('bind', settings.bindRetryMs, { type: 'bind' });
      }
    };
    await tryBind();
    if (settings.pingIntervalMs > 0) context.timers.every('heartbeat', settings.pingIntervalMs, { type: 'heartbeat' });
    context.timers.every('report-drops', settings.dropReportMs, { type: 'report-drops' });
    const published = zeroCounts();
    let total = 0;

    return {
      // Not async: only a bind retry awaits; a publish is handled without a promise to settle.
      receive(message): void | Promise<void> {
        switch (message.type) {
          case 'publish':
            total += 1;
            published[message.header] += 1;
            try {
              link.publish(message.header, message.body);
            } catch (thrown) {
              // A body that does not encode is the sender's bug: logged, never a restart of the publisher.
              log.error(`${message.header} event not published: ${describeError(thrown)}`);
            }
            return;
          case 'clients':
            message.replyTo.reply({
              link: settings.link,
              port: link.port,
              bindFailures: bindState.failures,
              lastBindError: bindState.lastError,
              published: total,
              publishedByHeader: { ...published },
              ...link.status(),
            });
            return;
          case 'bind':
            return tryBind();
          case 'heartbeat':
            link.heartbeat();
            return;
          case 'report-drops':
            link.reportDrops();
            return;
        }
      },
      async postStop() {
        await link.close();
      },
    };
  };
}
