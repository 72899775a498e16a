/**
 * The raw socket of an upgrade request, before any websocket handshake: who is at the other end
 * (for logs), and the plain HTTP answer that refuses it. Shared by the HTTP server, the peer
 * transport and the event publisher, which all refuse upgrades before accepting them.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** `address:port` of the remote end, `?` for what the socket does not say. */
export function describePeer(socket: Duplex): string {
  const { remoteAddress, remotePort } = socket as Partial<Socket>;
  return `${remoteAddress ?? '?'}:${remotePort ?? '?'}`;
}

/** Answers `status` with no body and closes: the upgrade never becomes a websocket. */
export function refuseUpgrade(socket: Duplex, status: number, headers: Readonly<Record<string, string>> = {}): void {
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${extra}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}
