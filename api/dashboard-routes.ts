/**
 * The dashboard on the node's port (docs/dashboard.md): its pages (`/`, `/conciliation`,
 * `/actors`, `/instance/<id>`, `/application/<name>`, `/logs/<id>`) all answer the one HTML
 * page, which loads `/ui/app.js` and `/ui/app.css` and routes in the browser. The assets are the
 * build's (scripts/build-dashboard.mjs → dist/dashboard-bundle/), read once, sent compressed as
 * the browser accepts them (brotli, gzip), revalidated by ETag. `/ui/user.css` is the text of
 * the `css_files` option, read once (Supvisors 0.19 does the same), loaded after ours so that
 * its rules win. Python Supvisors' page names (`/index.html`, `/application.html?appname=`...)
 * redirect to ours. The port's one authentication applies first (http/http-server.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRoute, legacyRoute } from './dashboard-paths.js';
import { sendText, type Route } from '../http/http-server.js';
import type { Logger } from '../log/logger.js';

const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboard-bundle');

/**
 * Only our own files, no inline script; styles inline for the charts' sizes; data: images for
 * the chart library's canvas exports. The websocket is same-origin (`'self'` covers ws: in
 * current browsers; listed for older ones).
 */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

interface Asset {
  readonly type: string;
  readonly etag: string;
  readonly plain: Buffer;
  readonly br?: Buffer;
  readonly gzip?: Buffer;
}

const PAGE = { name: 'index.html', type: 'text/html; charset=utf-8' };
/** The build's files under /ui/ and their types. */
const UI_TYPES = new Map([
  ['app.js', 'text/javascript; charset=utf-8'],
  ['app.css', 'text/css; charset=utf-8'],
]);

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function readAsset(name: string, type: string): Asset | undefined {
  const path = join(BUNDLE, name);
  if (!existsSync(path)) return undefined;
  const plain = readFileSync(path);
  const optional = (suffix: string): Buffer | undefined => (existsSync(`${path}${suffix}`) ? readFileSync(`${path}${suffix}`) : undefined);
  const br = optional('.br');
  const gzip = optional('.gz');
  return { type, etag: etagOf(plain), plain, ...(br === undefined ? {} : { br }), ...(gzip === undefined ? {} : { gzip }) };
}

/** The encodings a client accepts (q=0 excluded). */
function accepted(request: IncomingMessage): Set<string> {
  const header = request.headers['accept-encoding'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const encodings = new Set<string>();
  for (const part of text.split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    if (params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param))) continue;
    if (name !== '') encodings.add(name.trim().toLowerCase());
  }
  return encodings;
}

function sendAsset(request: IncomingMessage, response: ServerResponse, asset: Asset, extra: Readonly<Record<string, string>> = {}): void {
  const headers: Record<string, string> = { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff', Vary: 'Accept-Encoding', ...extra };
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const encodings = accepted(request);
  let body = asset.plain;
  if (asset.br !== undefined && encodings.has('br')) {
    body = asset.br;
    headers['Content-Encoding'] = 'br';
  } else if (asset.gzip !== undefined && encodings.has('gzip')) {
    body = asset.gzip;
    headers['Content-Encoding'] = 'gzip';
  }
  response.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  response.end(request.method === 'HEAD' ? undefined : body);
}

export interface DashboardOptions {
  /** This node's identifier: the Supervisor pages of Python Supvisors were about it. */
  readonly localIdentifier: string;
  /** The `css_files` option's files, in order (globs expanded by the configuration). */
  readonly cssFiles: readonly string[];
  readonly log: Logger;
}

export function dashboardRoutes(options: DashboardOptions): Route[] {
  const { log } = options;
  if (!existsSync(join(BUNDLE, PAGE.name))) log.warn(`the dashboard is not built (no ${BUNDLE}): run npm run build`);
  // Read at their first request, then kept: a node nobody opens the dashboard of never holds them (about 450 KB).
  const read = new Map<string, Asset | undefined>();
  const assetNamed = (name: string, type: string): Asset | undefined => {
    if (!read.has(name)) read.set(name, readAsset(name, type));
    return read.get(name);
  };
  let userCss: Asset | undefined;
  const userStyles = (): Asset => {
    if (userCss === undefined) {
      const texts = options.cssFiles.flatMap((file) => {
        try {
          return [`/* ${file} */\n${readFileSync(file, 'utf8')}`];
        } catch (thrown) {
          log.warn(`css_files: ${file} cannot be read (${thrown instanceof Error ? thrown.message : String(thrown)})`);
          return [];
        }
      });
      const plain = Buffer.from(texts.join('\n'));
      userCss = { type: 'text/css; charset=utf-8', etag: etagOf(plain), plain };
    }
    return userCss;
  };

  const page = (request: IncomingMessage, response: ServerResponse): void => {
    const html = assetNamed(PAGE.name, PAGE.type);
    if (html === undefined) return sendText(response, 503, 'the dashboard is not built: run npm run build\n');
    sendAsset(request, response, html, { 'Content-Security-Policy': PAGE_POLICY });
  };
  const asset = (request: IncomingMessage, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const name = path.slice('/ui/'.length);
    if (name === 'user.css') return sendAsset(request, response, userStyles());
    const type = UI_TYPES.get(name);
    const found = type === undefined ? undefined : assetNamed(name, type);
    if (found === undefined) return sendText(response, 404, type !== undefined ? 'the dashboard is not built: run npm run build\n' : `no such file: ${path}\n`);
    sendAsset(request, response, found);
  };
  const legacy = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const target = legacyRoute(url.pathname, url.search, options.localIdentifier) ?? { page: 'main', query: {} };
    response.writeHead(302, { Location: formatRoute(target), 'Content-Length': '0' });
    response.end();
  };

  const pages = ['/', '/conciliation', '/actors', '/instance/*', '/application/*', '/logs/*'];
  const legacyPages = ['/index.html', '/conciliation.html', '/application.html', '/proc_instance.html', '/host_instance.html', '/maintail.html', '/tail.html'];
  return [
    ...pages.map((path): Route => ({ method: 'GET', path, handle: page })),
    { method: 'GET', path: '/ui/*', handle: asset },
    ...legacyPages.map((path): Route => ({ method: 'GET', path, handle: legacy })),
  ];
}
