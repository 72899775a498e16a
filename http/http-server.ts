import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { SupvisorsError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import { RateLimitedLog } from '../log/rate-limited.js';
import { accessOf, isRefused, refuseUpgradeUnauthorized, sendUnauthorized, type Credentials } from './basic-auth.js';
import { describePeer, refuseUpgrade } from './upgrade-socket.js';

/** One route: the first whose method and path match handles the request. */
export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix when it ends with `*` (Supervisor serves `/RPC2*`). */
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
}

/**
 * Takes over a connection that asked for an HTTP upgrade (a websocket) on its path. It owns the
 * socket from then on: it answers the handshake or refuses it, and closes the socket.
 */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The one authentication of the port. Every route and every upgrade asks for the credentials
 * before it is looked up, so that a route or websocket added later cannot forget them; only the
 * paths named in `ownAuthentication` are let through, for endpoints that authenticate by
 * themselves (the peer endpoint /peer: its handshake proves a shared secret, transport/auth.ts).
 */
export interface HttpSecurity {
  /** Supervisor's `[inet_http_server]` username / password; none = everything open, as supervisord. */
  readonly credentials?: Credentials;
  /** Exact paths whose upgrades (and plain requests) skip the Basic check. */
  readonly ownAuthentication?: readonly string[];
}

function pathMatches(route: Route, path: string): boolean {
  return route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : path === route.path;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * The runtime's one HTTP server. Routes are plain functions; a handler that throws answers 500
 * and is logged, never taking the server down. With credentials (HttpSecurity), every request
 * and upgrade is authenticated here, before routing.
 */
export class HttpServer {
  private readonly server: Server | TlsServer;
  private readonly upgrades = new Map<string, UpgradeHandler>();
  /** Upgraded sockets leave the HTTP server's bookkeeping: tracked here so that close() ends them. */
  private readonly upgraded = new Set<Duplex>();
  /** Refusals come from clients: a flood of them costs a few log lines. */
  private readonly refusals: RateLimitedLog;

  constructor(
    private readonly routes: readonly Route[],
    private readonly log: Logger,
    /**
     * PEM certificate and key: HTTPS (and wss for upgrades) instead of HTTP. Clients are asked for
     * a certificate, checked against `ca` (default: Node's bundled CAs), without requiring one (API
     * clients have none): a handler reads the verdict on its socket (`authorized`), as the peer
     * endpoint does.
     */
    tls?: { readonly cert: Buffer; readonly key: Buffer; readonly ca?: Buffer },
    private readonly security: HttpSecurity = {},
  ) {
    this.refusals = new RateLimitedLog(log);
    const handler = (request: IncomingMessage, response: ServerResponse): void => void this.dispatch(request, response);
    this.server = tls === undefined ? createServer(handler) : createTlsServer({ cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: false, ...(tls.ca === undefined ? {} : { ca: tls.ca }) }, handler);
    this.server.keepAliveTimeout = 30_000;
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  /**
   * Serves upgrade requests (websockets) on an exact path, or on every path under a prefix given
   * as `prefix*`, sharing the runtime's port. A plain
   * request on that path answers 426; an upgrade on any other path answers 404. Returns the
   * function that removes the handler.
   */
  onUpgrade(path: string, handler: UpgradeHandler): () => void {
    if (this.upgrades.has(path)) throw new SupvisorsError('BAD_ARGUMENTS', `an upgrade handler is already registered on ${path}`);
    this.upgrades.set(path, handler);
    return () => {
      if (this.upgrades.get(path) === handler) this.upgrades.delete(path);
    };
  }

  /** True when the request may go on; else the refusal is logged and `refuse` answers it. */
  private authenticated(request: IncomingMessage, path: string, from: string, what: string, refuse: () => void): boolean {
    if (this.security.ownAuthentication?.includes(path) === true) return true;
    const access = accessOf(request.headers.authorization, this.security.credentials);
    if (!isRefused(access)) return true;
    // The kind is ours (bounded), never the client's method.
    this.refusals.warn(what === 'upgrade request' ? 'unauthorized upgrade' : 'unauthorized request', `${what} on ${path} from ${from} refused (401): ${access} credentials`);
    refuse();
    return false;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const from = describePeer(socket);
    // An upgraded socket has no error listener any more: a reset must not crash the node.
    socket.on('error', (error) => this.log.debug(`upgraded connection from ${from} failed: ${error.message}`));
    // Before the handler: no websocket handshake, and no slot of a handler, without credentials.
    if (!this.authenticated(request, path, from, 'upgrade request', () => refuseUpgradeUnauthorized(socket))) return;
    const handler = this.upgradeHandler(path);
    if (handler === undefined) {
      this.refusals.warn('upgrade to nothing', `upgrade request from ${from} refused: nothing to upgrade to on ${path}`);
      refuseUpgrade(socket, 404);
      return;
    }
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    try {
      handler(request, socket, head);
    } catch (thrown) {
      this.log.error(`upgrade on ${path} from ${from} failed: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
      socket.destroy();
    }
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!this.authenticated(request, path, describePeer(request.socket), `HTTP ${request.method ?? '?'}`, () => sendUnauthorized(response))) return;
    const onPath = this.routes.filter((candidate) => pathMatches(candidate, path));
    const route = onPath.find((candidate) => candidate.method === request.method);
    if (route === undefined) {
      if (this.upgradeHandler(path) !== undefined) {
        this.refusals.warn('plain request on upgrade path', `plain HTTP ${request.method ?? '?'} on ${path} from ${describePeer(request.socket)} refused: this path only takes websocket upgrades`);
        response.setHeader('Upgrade', 'websocket');
        sendText(response, 426, `${path} only takes websocket upgrades\n`);
      } else if (onPath.length === 0) sendText(response, 404, `no such page: ${path}\n`);
      else sendText(response, 405, `method ${request.method ?? '?'} not allowed on ${path}\n`);
      return;
    }
    try {
      await route.handle(request, response);
    } catch (thrown) {
      this.log.error(`HTTP ${request.method ?? '?'} ${path} failed: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
      if (!response.headersSent) sendText(response, 500, 'internal error\n');
      else response.destroy();
    }
  }

  /** The handler of an exact path, else of a prefix registered as `prefix*` (the event stream's `/events/<headers>`). */
  private upgradeHandler(path: string): UpgradeHandler | undefined {
    const exact = this.upgrades.get(path);
    if (exact !== undefined) return exact;
    for (const [key, handler] of this.upgrades) if (key.endsWith('*') && path.startsWith(key.slice(0, -1))) return handler;
    return undefined;
  }

  /** Listens on host:port (port 0 = any free port); resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    this.refusals.flush();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.upgraded) socket.destroy();
    });
  }
}
