/** What the tests' HTTP clients send: Basic credentials, and websocket upgrades read for their status. */
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
