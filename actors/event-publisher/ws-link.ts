/**
 * The WS transport of the event publisher (`event_link = WS`).
 *
 * A websocket server of its own on `event_port` (all interfaces unless `host` is given;
 * supvisorsd gives the main port's host), and, when `mount` is given, the same stream on the
 * runtime's main port under `/events/...`.
 *
 * Authentication comes before any slot is taken: on the main port the HTTP server checks the
 * credentials before it calls the mounted handler; on the event port this link checks them
 * (the same Basic check, http/basic-auth.ts) before the websocket handshake, unless
 * `open` lets anonymous subscribers in. Slots are then given by admission.ts (in all, per
 * address, and a reserve anonymous subscribers cannot take).
 * The request path is the subscription, fixed for the connection (events/headers.ts): our
 * extension headers reach only the clients whose path names them. One event is one text frame `["<header>", {body}]`, encoded once for all clients.
 *
 * Drop policy: a client whose send buffer (`bufferedAmount`) holds `maxBufferedBytes` or more
 * is skipped for that message, counted for it and in total (the `clients` answer), and the
 * drops are logged at most once per `dropReportMs`. Sends never wait, so a slow or stuck
 * subscriber delays neither the actor nor the other subscribers. The server pings every
 * `pingIntervalMs` (20 s, as Python's websockets does) and ends a client that did not answer the
 * previous ping: a stuck client is let go after 20–40 s.
 *
 * Connections and closes are handled in the `ws` callbacks (the same thread as the handlers,
 * and `publish` never awaits), so the client table needs no messages of its own.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { accessOf, isRefused, refuseUpgradeUnauthorized, type Access } from '../../http/basic-auth.js';
import { describePeer, refuseUpgrade } from '../../http/upgrade-socket.js';
import { parseSubscriptionPath, type StreamHeader } from '../../events/headers.js';
import { encodeEvent, type JsonObject } from '../../events/json.js';
import type { Logger } from '../../log/logger.js';
import { RateLimitedLog } from '../../log/rate-limited.js';
import { slotRefusal } from './admission.js';
import type { BindState, Link } from './link.js';
import type { EventClientAccess, EventClientInfo, EventClientVia, EventPublisherStatus } from './messages.js';
import type { ResolvedOptions } from './options.js';

/** The path prefix of the event stream on the runtime's main port: `/events/<header>/...`. */
export const MAIN_PORT_EVENTS_PATH = '/events';

interface Client {
  readonly id: number;
  readonly ws: WebSocket;
  readonly remote: string;
  /** The remote address alone: the per-address slot count. */
  readonly address: string;
  readonly via: EventClientVia;
  readonly access: EventClientAccess;
  readonly path: string;
  readonly headers: ReadonlySet<StreamHeader>;
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

export class WsLink implements Link {
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
    // event_link = NONE: the main port's /events only, no port of its own.
    if (this.options.link === 'NONE' || this.bindState.port !== undefined || this.closing) return;
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

  publish(header: StreamHeader, body: JsonObject): void {
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
