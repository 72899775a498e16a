import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendText } from '../http-server.js';

/** The `[inet_http_server]` username and password; the password may be `{SHA}<sha1 hex>`. */
export interface Credentials {
  username: string;
  password: string;
}

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

/** Supervisor's answer: 401 with a Basic challenge, then the connection closes. */
export function sendUnauthorized(response: ServerResponse): void {
  response.setHeader('WWW-Authenticate', 'Basic realm="default"');
  response.setHeader('Connection', 'close');
  sendText(response, 401, 'Unauthorized\n');
}
