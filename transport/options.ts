/**
 * The transport's settings: what a node passes in, the defaults, and their checks. Out-of-range
 * values are configuration errors (CONFIG_INVALID) naming the option, never silently replaced.
 */
import type { Backoff } from '../actors/core/index.js';
import { SupvisorsError } from '../errors/errors.js';
import { checkOpenMode, type Identity, type PeerSecret } from './auth.js';
import { heartbeatSettings, DEFAULT_HEARTBEAT_MISSES, DEFAULT_HEARTBEAT_PERIOD_MS } from './heartbeat.js';
import type { LinkSettings, TransportTls } from './peer-link.js';

/** Where a peer's runtime listens: its supvisorsd HTTP port (`http_port`), path /peer. */
export interface PeerAddress {
  readonly identifier: string;
  readonly host: string;
  readonly port: number;
}

export interface TransportOptions {
  /** This node's Supvisors identifier. */
  identifier: string;
  /** Tells a restarted node from a reconnected one; default: the epoch ms at construction. */
  incarnation?: number;
  /** The cluster's nodes; this node's own entry, if listed, is skipped. */
  peers: readonly PeerAddress[];
  /** The host this node's HTTP server listens on (open mode needs loopback). */
  listenHost: string;
  /** See auth.ts resolvePeerSecret. */
  secret: PeerSecret;
  /** `heartbeat_period`: ms between heartbeats. Default 250. */
  heartbeatPeriodMs?: number;
  /** `heartbeat_misses`: heartbeat periods without a frame before a peer is silent. Default 4. */
  heartbeatMisses?: number;
  /** A dial connects, then gets each answer of the peer in the handshake, within this. Default 2000 ms. */
  handshakeTimeoutMs?: number;
  /**
   * An accepted connection (untrusted until it proves the secret) sends its hello, then its auth,
   * each within this: a connection that says nothing gives its slot back quickly. Default 1000 ms.
   */
  acceptTimeoutMs?: number;
  /**
   * Largest websocket message before authentication, both ways: hello, challenge, auth and
   * refused fit in a few hundred bytes. Larger is refused before it is buffered or decoded.
   * Default 4 KiB.
   */
  preAuthMaxBytes?: number;
  /** Redial delays: min, doubled per failed attempt, capped at max. Default 100 .. 2000 ms. */
  reconnect?: { minMs: number; maxMs: number };
  /** Largest websocket message, sent or received. Default 4 MiB. */
  maxFrameBytes?: number;
  /** Frames of one event-loop turn are cut into websocket messages of about this size. Default 64 KiB. */
  batchBytes?: number;
  /** Writing pauses while the socket holds more than this. Default 1 MiB. */
  highWaterBytes?: number;
  /** Frames waiting to be written beyond which sends are refused. Default 16 MiB. */
  maxQueuedBytes?: number;
  /** Default timeout of a remote ask. Default 5000 ms. */
  askTimeoutMs?: number;
  /** Connections authenticating at once, all sources (see admission.ts). Default 64. */
  maxPendingHandshakes?: number;
  /** Connections authenticating at once from one source address. Default 16. */
  maxPendingPerAddress?: number;
  /** Peers listen with TLS (the whole supvisorsd port is HTTPS); undefined: ws://. */
  tls?: TransportTls;
}

export interface ResolvedOptions {
  readonly identity: Identity;
  readonly peers: readonly PeerAddress[];
  readonly secret: PeerSecret;
  readonly listenHost: string;
  readonly link: LinkSettings;
  readonly reconnect: Backoff;
  readonly tls: TransportTls | undefined;
  readonly askTimeoutMs: number;
  readonly maxPendingHandshakes: number;
  readonly maxPendingPerAddress: number;
}

const MiB = 1024 * 1024;

function integer(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < min || chosen > max) {
    throw new SupvisorsError('CONFIG_INVALID', `transport ${name}: ${chosen} is not an integer in ${min}..${max}`);
  }
  return chosen;
}

export function resolveOptions(options: TransportOptions): ResolvedOptions {
  const peers = options.peers.filter((peer) => peer.identifier !== options.identifier);
  const seen = new Set<string>();
  for (const peer of peers) {
    if (seen.has(peer.identifier)) throw new SupvisorsError('CONFIG_INVALID', `transport peers: ${peer.identifier} is listed twice`);
    seen.add(peer.identifier);
    checkPort(peer);
  }
  checkOpenMode(options.secret, options.listenHost, peers.map((peer) => peer.host));
  const maxFrameBytes = integer('maxFrameBytes', options.maxFrameBytes, 4 * MiB, 1024, 256 * MiB);
  const periodMs = integer('heartbeatPeriodMs', options.heartbeatPeriodMs, DEFAULT_HEARTBEAT_PERIOD_MS, 10, 60_000);
  const reconnectMin = integer('reconnect.minMs', options.reconnect?.minMs, 100, 1, 60_000);
  return {
    identity: { identifier: options.identifier, incarnation: integer('incarnation', options.incarnation, Date.now(), 0, Number.MAX_SAFE_INTEGER) },
    peers,
    secret: options.secret,
    listenHost: options.listenHost,
    link: {
      heartbeat: heartbeatSettings(periodMs, integer('heartbeatMisses', options.heartbeatMisses, DEFAULT_HEARTBEAT_MISSES, 1, 1000)),
      handshakeTimeoutMs: integer('handshakeTimeoutMs', options.handshakeTimeoutMs, 2000, 10, 600_000),
      acceptTimeoutMs: integer('acceptTimeoutMs', options.acceptTimeoutMs, 1000, 10, 600_000),
      maxFrameBytes,
      preAuthMaxBytes: integer('preAuthMaxBytes', options.preAuthMaxBytes, 4096, 1024, maxFrameBytes),
      send: {
        batchBytes: integer('batchBytes', options.batchBytes, 64 * 1024, 1, maxFrameBytes),
        highWaterBytes: integer('highWaterBytes', options.highWaterBytes, MiB, 1, 1024 * MiB),
        maxQueuedBytes: integer('maxQueuedBytes', options.maxQueuedBytes, 16 * MiB, 1, 4096 * MiB),
      },
    },
    reconnect: { minMs: reconnectMin, maxMs: integer('reconnect.maxMs', options.reconnect?.maxMs, 2000, reconnectMin, 600_000), factor: 2 },
    askTimeoutMs: integer('askTimeoutMs', options.askTimeoutMs, 5000, 1, 3_600_000),
    tls: options.tls,
    maxPendingHandshakes: integer('maxPendingHandshakes', options.maxPendingHandshakes, 64, 1, 10_000),
    maxPendingPerAddress: integer('maxPendingPerAddress', options.maxPendingPerAddress, 16, 1, 10_000),
  };
}

function checkPort(peer: PeerAddress): void {
  integer(`port of ${peer.identifier}`, peer.port, 0, 1, 65535);
}

/** A peer added at run time meets the rules of the configured ones. Throws CONFIG_INVALID. */
export function checkPeerAddress(options: Pick<ResolvedOptions, 'secret' | 'listenHost'>, peer: PeerAddress): void {
  checkPort(peer);
  checkOpenMode(options.secret, options.listenHost, [peer.host]);
}
