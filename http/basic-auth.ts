import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuseUpgrade } from './upgrade-socket.js';

/** The `[inet_http_server]` username and password; the password may be `{SHA}<sha1 hex>`. */
export interface Credentials {
  username: string;
  password: string;
}

/** Supervisor's realm: clients written for it (supervisorctl, xmlrpc.client) show it as is. */
export const BASIC_CHALLENGE = 'Basic realm="default"';

function sameText(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Supervisor's check of an `Authorization: Basic ...` header, `{SHA}` passwords included. */
export function isAuthorized(header: string | undefined, expected: Credentials): boolean {
  const token = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (token === undefined) return false;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const password = decoded.slice(colon + 1);
  const hashed = expected.password.startsWith('{SHA}');
  const given = hashed ? createHash('sha1').update(password).digest('hex') : password;
  const wanted = hashed ? expected.password.slice('{SHA}'.length) : expected.password;
  const userMatches = sameText(decoded.slice(0, colon), expected.username);
  return sameText(given, wanted) && userMatches;
}

/**
 * Who a request is, for every surface of a node (main port routes and upgrades, event_port):
 * - `open`: no credentials are configured, nothing to check (Supervisor's rule);
 * - `authenticated`: the right Basic credentials;
 * - `anonymous`: no `Authorization` header where the surface lets anonymous clients in
 *   (`event_port_open`); they are served, but hold fewer slots (actors/event-publisher/admission.ts);
 * - `missing` / `wrong`: refused with 401. Wrong credentials are refused even where anonymous
 *   clients are let in, so that a misconfigured client learns it at once.
 */
export type Access = 'open' | 'authenticated' | 'anonymous' | 'missing' | 'wrong';

export function accessOf(header: string | undefined, expected: Credentials | undefined, anonymousAllowed = false): Access {
  if (expected === undefined) return 'open';
  if (header === undefined || header === '') return anonymousAllowed ? 'anonymous' : 'missing';
  return isAuthorized(header, expected) ? 'authenticated' : 'wrong';
}

export function isRefused(access: Access): access is 'missing' | 'wrong' {
  return access === 'missing' || access === 'wrong';
}

/** Supervisor's answer: 401 with a Basic challenge, then the connection closes. */
export function sendUnauthorized(response: ServerResponse): void {
  // Written here rather than with http-server's sendText: the server imports this module.
  const text = 'Unauthorized\n';
  response.writeHead(401, { 'WWW-Authenticate': BASIC_CHALLENGE, Connection: 'close', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** The same answer to a websocket upgrade, written on the raw socket before any handshake. */
export function refuseUpgradeUnauthorized(socket: Duplex): void {
  refuseUpgrade(socket, 401, { 'WWW-Authenticate': BASIC_CHALLENGE });
}
