import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';

/** One route: the first whose method and path match handles the request. */
export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix when it ends with `*` (Supervisor serves `/RPC2*`). */
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
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
 * and is logged, never taking the server down.
 */
export class HttpServer {
  private readonly server: Server;

  constructor(
    private readonly routes: readonly Route[],
    private readonly log: Logger,
  ) {
    this.server = createServer((request, response) => void this.dispatch(request, response));
    this.server.keepAliveTimeout = 30_000;
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const onPath = this.routes.filter((candidate) => pathMatches(candidate, path));
    const route = onPath.find((candidate) => candidate.method === request.method);
    if (route === undefined) {
      if (onPath.length === 0) sendText(response, 404, `no such page: ${path}\n`);
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
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
