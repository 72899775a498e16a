/** The peer transport's public surface: import from here, not from the files behind it. */
export { checkOpenMode, deriveSecret, isLoopback, OPEN, resolvePeerSecret, type PeerSecret } from './auth.js';
export { decodeFrames, encodeFrame, PROTOCOL_VERSION, type PeerFrame } from './frames.js';
export { DEFAULT_HEARTBEAT_MISSES, DEFAULT_HEARTBEAT_PERIOD_MS } from './heartbeat.js';
export type { MirrorMessage, PeerEvent } from './mirror.js';
export type { PeerAddress, TransportOptions } from './options.js';
export type { DownReason, LinkFigures, LinkRole, LinkState, PeerLink } from './peer-link.js';
export { localRef } from './local-ref.js';
export type { PlainData } from './plain-data.js';
export { PEER_PATH, Transport, type PeerLinkDiagnostics } from './transport.js';
