/** What the tests' HTTP clients send: Basic credentials, plain GETs, and websocket upgrades read for their status. */
import { request } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';

/** The Authorization header of Basic credentials given as `user:password`. */
export function basic(text: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(text).toString('base64')}` };
}

/** How a server answers a websocket upgrade: 101 when the handshake is made (closed at once), else the refusal's status and challenge. */
export function upgradeStatus(url: string, options: ClientOptions = {}): Promise<{ status: number; challenge: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 10_000, ...options });
    ws.on('unexpected-response', (_request, response) => {
      const challenge = response.headers['www-authenticate'];
      resolve({ status: response.statusCode ?? 0, challenge: typeof challenge === 'string' ? challenge : undefined });
      ws.terminate();
    });
    ws.on('open', () => {
      resolve({ status: 101, challenge: undefined });
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET on 127.0.0.1:port, the whole body read; fails after 5 s without an answer. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`GET ${path}: no answer within 5 s`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
