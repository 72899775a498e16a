/**
 * The peer transport of a node: the websocket endpoint /peer on the runtime's HTTP port, one
 * mirror actor per peer, and remote refs, which make a send to an actor of another node read
 * like a local one.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { actorKey, type ActorRef, type ActorSystem } from '../actors/core/index.js';
import type { HttpServer } from '../http/http-server.js';
import { describePeer, refuseUpgrade } from '../http/upgrade-socket.js';
import { SupvisorsError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import { RateLimitedLog } from '../log/rate-limited.js';
import type { Message } from '../mailbox/mailbox.js';
import { admit, sourceAddress, type PendingSlot, type RefusalKind } from './admission.js';
import { derivedKeyWarning, isLoopback, type Identity } from './auth.js';
import { localRef } from './local-ref.js';
import { localInbound, mirrorEvents, mirrorFactory, type MirrorMessage, type PeerEvent, type PeerRecord } from './mirror.js';
import { checkPeerAddress, resolveOptions, type PeerAddress, type ResolvedOptions, type TransportOptions } from './options.js';
import { PeerLink, type DownReason, type LinkContext, type LinkFigures } from './peer-link.js';
import { RemoteRef } from './remote-ref.js';

/** The path of the peer endpoint on the runtime's HTTP port. */
export const PEER_PATH = '/peer';

const ACTOR_NAME_CHARS = /[^A-Za-z0-9_.:-]/g;

/** One peer in `links()`: plain data, for diagnostics (`peers` in get_actor_diagnostics). */
export interface PeerLinkDiagnostics {
  identifier: string;
  /** host:port dialled (the peer's http_port). */
  address: string;
  mirror: string;
  /** This node dials the peer (its identifier sorts first); otherwise it waits for the peer's dial. */
  dials: boolean;
  state: 'up' | 'connecting' | 'down';
  /** The peer's incarnation (0: never seen). */
  incarnation: number;
  /** Epoch ms of the last up or down (0: neither yet). */
  since: number;
  /** Times the link came up again after the first. */
  reconnects: number;
  failedAttempts: number;
  lastDownReason: DownReason | '';
  lastDownDetail: string;
  /** Figures of the link in use, or of the dial in progress. */
  link?: LinkFigures;
}

function urlOf(address: PeerAddress, tls: boolean): string {
  const host = address.host.includes(':') && !address.host.startsWith('[') ? `[${address.host}]` : address.host;
  return `${tls ? 'wss' : 'ws'}://${host}:${address.port}${PEER_PATH}`;
}

/** A connection authenticating: its slot (admission.ts) and, once upgraded, its link. */
interface Slot extends PendingSlot {
  link: PeerLink | undefined;
}

export class Transport {
  readonly identity: Identity;
  private readonly options: ResolvedOptions;
  private readonly log: Logger;
  private readonly peers = new Map<string, PeerRecord>();
  private readonly subscribers = new Set<ActorRef<PeerEvent>>();
  /** Connections authenticating: one slot each, from the upgrade until the link is up or down. */
  private readonly slots = new Set<Slot>();
  /** Addresses written in the peers' configuration, with how many peers each (IPs only: names are not resolved here). */
  private readonly peerAddresses = new Map<string, number>();
  /** Every refusal of an incoming connection goes through here: a flood costs a few lines per kind. */
  private readonly refusals: RateLimitedLog;
  private readonly server: WebSocketServer;
  private readonly detach: () => void;
  private readonly linkContext: Omit<LinkContext, 'events' | 'log'>;
  private closed = false;

  /** Throws CONFIG_INVALID on bad options (including open mode off loopback). */
  constructor(
    private readonly system: ActorSystem,
    http: HttpServer,
    options: TransportOptions,
  ) {
    this.options = resolveOptions(options);
    this.identity = this.options.identity;
    this.log = system.log.child('transport');
    this.refusals = new RateLimitedLog(this.log);
    this.linkContext = {
      local: {
        identity: this.identity,
        secret: this.options.secret,
        isKnownPeer: (identifier) => this.peers.has(identifier),
        liveLinkHeardMsAgo: (identifier) => {
          const link = this.peers.get(identifier)?.link;
          return link?.state === 'up' ? link.figuresNow().lastHeardAgeMs : undefined;
        },
      },
      settings: this.options.tls === undefined ? this.options.link : { ...this.options.link, tls: this.options.tls },
      inbound: localInbound(system),
      refusals: this.refusals,
    };
    // maxPayload is lowered to preAuthMaxBytes on each socket at once, and raised again once its
    // peer is authenticated (peer-link.ts, ws-limits.ts).
    this.server = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: this.options.link.maxFrameBytes,
      clientTracking: false,
    });
    this.server.on('wsClientError', (error, socket) => {
      this.refused('bad upgrade', `peer connection from ${describePeer(socket)} refused: ${error.message}`);
      refuseUpgrade(socket, 400);
    });
    this.registerPeers();
    this.detach = http.onUpgrade(PEER_PATH, (request, socket, head) => this.upgrade(request, socket, head));
    this.log.info(
      `peer transport of ${this.identity.identifier} (incarnation ${this.identity.incarnation}): ${this.peers.size} peers, ` +
        `${this.options.secret.mode === 'open' ? 'open mode (loopback only, no secret)' : this.options.secret.derived === true ? 'authenticated with the key derived from the [inet_http_server] credentials (fallback: set peer_secret)' : 'authenticated with peer_secret'}`,
    );
    const warning = derivedKeyWarning(this.options.secret, this.options.listenHost, this.options.peers.map((peer) => peer.host));
    if (warning !== undefined) this.log.warn(warning);
  }

  private refused(kind: RefusalKind, line: string): void {
    this.refusals.warn(`peer connections refused (${kind})`, line);
  }

  private registerPeers(): void {
    for (const address of this.options.peers) this.registerPeer(address);
  }

  private registerPeer(address: PeerAddress): void {
    const mirrorName = `transport:${address.identifier}`.replace(ACTOR_NAME_CHARS, '_').slice(0, 128);
    const clash = [...this.peers.values()].find((record) => record.mirrorName === mirrorName);
    if (clash !== undefined) throw new SupvisorsError('CONFIG_INVALID', `peers ${clash.address.identifier} and ${address.identifier} map to the same actor name ${mirrorName}`);
    const record: PeerRecord = {
      address,
      mirrorName,
      dials: this.identity.identifier < address.identifier,
      link: undefined,
      attempt: undefined,
      incarnation: 0,
      ups: 0,
      failedAttempts: 0,
      lastDown: undefined,
      since: 0,
    };
    this.peers.set(address.identifier, record);
    const source = sourceAddress(address.host.replace(/^\[(.*)\]$/, '$1'));
    this.peerAddresses.set(source, (this.peerAddresses.get(source) ?? 0) + 1);
    this.system.spawn(
      mirrorName,
      mirrorFactory({ record, url: urlOf(address, this.options.tls !== undefined), backoff: this.options.reconnect, link: this.linkContext, publish: (event) => this.publish(event) }),
      { kind: 'transport' },
    );
  }

  /**
   * A peer learnt at run time (discovery): linked like a configured one from now on. Throws
   * CONFIG_INVALID when it cannot be (already known, this node, a bad port, a non-loopback host
   * in open mode).
   */
  addPeer(address: PeerAddress): void {
    if (this.closed) return;
    if (address.identifier === this.identity.identifier || this.peers.has(address.identifier)) {
      throw new SupvisorsError('CONFIG_INVALID', `peer ${address.identifier} is already known`);
    }
    checkPeerAddress(this.options, address);
    this.registerPeer(address);
    this.log.info(`peer ${address.identifier} added (${address.host}:${address.port})`);
  }

  /**
   * An upgrade request on /peer: refused before the websocket handshake when it cannot be
   * served, or when no handshake slot is free for it (admission.ts).
   */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const remote = describePeer(socket);
    const address = sourceAddress((socket as Partial<Socket>).remoteAddress);
    const refusal = this.refusalOf(socket, address);
    if (refusal !== undefined) {
      this.refused(refusal[1], `peer connection from ${remote} refused: ${refusal[2]}`);
      refuseUpgrade(socket, refusal[0]);
      return;
    }
    const admission = admit(
      [...this.slots],
      address,
      { maxPending: this.options.maxPendingHandshakes, maxPendingPerAddress: this.options.maxPendingPerAddress },
      (one) => this.peerAddresses.get(one) ?? 0,
    );
    if (!admission.admit) {
      this.refused('busy', `peer connection from ${remote} refused: ${admission.reason}`);
      refuseUpgrade(socket, 503);
      return;
    }
    if (admission.evict !== undefined) {
      admission.evict.link?.evict(`no hello yet, its slot was given to a new connection from ${address}`);
      this.slots.delete(admission.evict);
    }
    const slot: Slot = {
      address,
      openedAt: performance.now(),
      link: undefined,
      get awaitingHello(): boolean {
        return this.link?.awaitingHello ?? true;
      },
    };
    this.slots.add(slot);
    // A socket closed before the websocket handshake completes never reaches accept().
    socket.once('close', () => {
      if (slot.link === undefined) this.slots.delete(slot);
    });
    this.server.handleUpgrade(request, socket, head, (websocket: WebSocket) => this.accept(websocket, remote, slot));
  }

  /** Why an upgrade is refused whatever the slots: HTTP status, refusal kind, reason. */
  private refusalOf(socket: Duplex, address: string): [number, RefusalKind, string] | undefined {
    if (this.closed) return [503, 'busy', 'the transport is closed'];
    if (this.options.secret.mode === 'open' && !isLoopback(address)) return [403, 'forbidden', 'open mode (no peer secret) accepts loopback peers only'];
    const tls = socket as Partial<TLSSocket>;
    if (this.options.tls !== undefined && tls.authorized !== true) {
      return [403, 'forbidden', `no client certificate signed by tls_cafile (${tls.authorizationError?.toString() ?? 'none shown'})`];
    }
    return undefined;
  }

  private accept(websocket: WebSocket, remote: string, slot: Slot): void {
    const settled = (): void => void this.slots.delete(slot);
    const toMirror = mirrorEvents(
      (accepted) => this.mirrorOf(accepted),
      () => !this.closed,
    );
    const link = PeerLink.accept(websocket, remote, {
      ...this.linkContext,
      log: this.log,
      events: {
        up: (up) => {
          settled();
          toMirror.up(up);
        },
        down: (down, reason, detail) => {
          settled();
          if (down.peer === undefined) this.refusals.write('debug', 'peer connections closed before authentication', `peer connection from ${remote} closed before authentication (${reason}): ${detail}`);
          else toMirror.down(down, reason, detail);
        },
      },
    });
    if (link.state === 'handshake') slot.link = link;
    else settled();
  }

  private mirrorOf(link: PeerLink): ActorRef<MirrorMessage> | undefined {
    const record = link.peer === undefined ? undefined : this.peers.get(link.peer.identifier);
    return record === undefined ? undefined : this.system.lookup(actorKey<MirrorMessage>(record.mirrorName));
  }

  private publish(event: PeerEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.tell(event) === 'dead-letter') this.subscribers.delete(subscriber);
    }
  }

  /**
   * `peer-up` / `peer-down` events go to `subscriber` (a stopped subscriber is dropped). It is
   * told at once of the peers already up. Returns the function that unsubscribes.
   */
  subscribe(subscriber: ActorRef<PeerEvent>): () => void {
    this.subscribers.add(subscriber);
    for (const [identifier, record] of this.peers) {
      if (record.link !== undefined) subscriber.tell({ type: 'peer-up', identifier, incarnation: record.incarnation, restarted: false });
    }
    return () => void this.subscribers.delete(subscriber);
  }

  /**
   * A ref to actor `actorName` on node `identifier`, with the tell/ask contract of a local ref
   * (see remote-ref.ts); this node's own identifier gives a by-name ref to the local actor.
   */
  remoteRef<M extends Message>(identifier: string, actorName: string): ActorRef<M> {
    if (identifier === this.identity.identifier) return localRef<M>(this.system, actorName);
    return new RemoteRef<M>(this.peers.get(identifier), identifier, actorName, this.system, this.log, this.options.askTimeoutMs);
  }

  /** The peers this node knows, in configuration order. */
  get peerIdentifiers(): string[] {
    return [...this.peers.keys()];
  }

  isUp(identifier: string): boolean {
    return this.peers.get(identifier)?.link !== undefined;
  }

  /** The link in use to a peer: for tests and deeper diagnostics (figures, raw injection). */
  link(identifier: string): PeerLink | undefined {
    return this.peers.get(identifier)?.link;
  }

  /** Per-peer link figures, plain data. */
  links(): PeerLinkDiagnostics[] {
    return [...this.peers.values()].map((record) => {
      const current = record.link ?? record.attempt;
      return {
        identifier: record.address.identifier,
        address: `${record.address.host}:${record.address.port}`,
        mirror: record.mirrorName,
        dials: record.dials,
        state: record.link !== undefined ? 'up' : record.attempt !== undefined ? 'connecting' : 'down',
        incarnation: record.incarnation,
        since: record.since,
        reconnects: Math.max(0, record.ups - 1),
        failedAttempts: record.failedAttempts,
        lastDownReason: record.lastDown?.reason ?? '',
        lastDownDetail: record.lastDown?.detail ?? '',
        ...(current === undefined ? {} : { link: current.figuresNow() }),
      };
    });
  }

  /** Stops the mirrors (their links say bye), refuses new connections, closes pending handshakes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    await Promise.all([...this.peers.values()].map((record) => this.system.stop(record.mirrorName)));
    for (const slot of [...this.slots]) slot.link?.close('this node is stopping');
    this.slots.clear();
    this.subscribers.clear();
    this.server.close();
    this.refusals.flush();
  }
}
