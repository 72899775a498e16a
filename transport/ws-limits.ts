/**
 * The one place that reaches inside `ws`: the largest message a socket accepts, changed after
 * the upgrade.
 *
 * Why: `ws` (8.x) takes `maxPayload` once, per server or per client, and checks it on each
 * frame header, before buffering the payload. A peer link needs two limits on one socket: a
 * few KiB before authentication (so that an untrusted connection cannot make this node buffer
 * megabytes, let alone decode them) and `maxFrameBytes` once the peer is authenticated. `ws` has
 * no public way to change the limit of an open socket, so this sets its receiver's
 * `_maxPayload` (read at every frame header, see ws/lib/receiver.js `haveLength`).
 *
 * It is used in the direction that fails safe: sockets are created with the large limit and
 * lowered here; if a `ws` release renames the field, `setReceiveLimit` answers false, the limit
 * stays large, and the length check before decoding (peer-link.ts) still refuses big pre-auth
 * messages without decoding them. test/transport/ws-limits.test.ts catches such a release.
 */
import type { WebSocket } from 'ws';

interface Receiver {
  _maxPayload: number;
}

function receiverOf(socket: WebSocket): Receiver | undefined {
  const receiver: unknown = (socket as unknown as { _receiver?: unknown })._receiver;
  if (typeof receiver !== 'object' || receiver === null) return undefined;
  return typeof (receiver as Partial<Record<'_maxPayload', unknown>>)._maxPayload === 'number' ? (receiver as Receiver) : undefined;
}

/** Sets the largest message `socket` accepts from now on (bytes); false when `ws` would not let us. */
export function setReceiveLimit(socket: WebSocket, bytes: number): boolean {
  const receiver = receiverOf(socket);
  if (receiver === undefined) return false;
  receiver._maxPayload = bytes;
  return true;
}

/** The current limit, for tests; undefined when unknown. */
export function receiveLimit(socket: WebSocket): number | undefined {
  return receiverOf(socket)?._maxPayload;
}
