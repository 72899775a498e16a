/**
 * One link to one peer over one websocket: the authentication handshake, numbered frames in
 * order, the send queue, heartbeats and failure detection, and the asks waiting for a reply.
 * A link lives once: when it goes down (for whatever reason) it stays down, and its owner (the
 * peer's mirror actor) makes a new one.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import type { ReplyTo } from '../actors/core/index.js';
import { SupvisorsError, toError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import type { RateLimitedLog } from '../log/rate-limited.js';
import type { Message } from '../mailbox/mailbox.js';
import type { RefusalKind } from './admission.js';
import { answerChallenge, answerHello, checkAuth, makeHello, type Identity, type PeerSecret } from './auth.js';
import {
  decodeFrames,
  encodeFrame,
  isSequenced,
  NONCE_BYTES,
  type ChallengeFrame,
  type HelloFrame,
  type PeerFrame,
  type SequencedFrame,
} from './frames.js';
import { armDeadline, type Deadline } from './deadline.js';
import { roundTrip, smooth, startLiveness, tick, type HeartbeatSettings, type Liveness } from './heartbeat.js';
import { PendingAsks } from './pending-asks.js';
import { findNonPlain, isPlainData } from './plain-data.js';
import { SendQueue, type SendLimits } from './send-queue.js';
import { checkSequence } from './sequence.js';
import { errorToWire } from './wire-error.js';
import { setReceiveLimit } from './ws-limits.js';

/** Why a link went down: the socket closed, the peer fell silent, authentication failed, or the frames went out of step. */
export type DownReason = 'closed' | 'silent' | 'auth' | 'out-of-step';
/** `dial`: this node opened the websocket; `accept`: the peer did. */
export type LinkRole = 'dial' | 'accept';
export type LinkState = 'handshake' | 'up' | 'down';

/**
 * Peer links over TLS: dial wss:// checking the peer's certificate against `ca` (PEM; default
 * Node's bundled CAs), and show this node's own `cert` / `key` as a client certificate. Peers
 * accepted on /peer must have shown one the CA signed (mutual TLS).
 */
export interface TransportTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface LinkSettings {
  readonly heartbeat: HeartbeatSettings;
  /** A dial connects, then gets each answer of the peer in the handshake, within this. */
  readonly handshakeTimeoutMs: number;
  /** An accepted connection sends its hello, then its auth, within this. */
  readonly acceptTimeoutMs: number;
  readonly maxFrameBytes: number;
  /** Largest message before authentication: bigger ones are refused unbuffered and undecoded. */
  readonly preAuthMaxBytes: number;
  readonly send: SendLimits;
  /** wss:// dials: the CAs checking the peer (default: Node's bundled CAs), and this node's certificate shown to it. */
  readonly tls?: TransportTls;
}

/** What a link knows of its own node. */
export interface LocalNode {
  readonly identity: Identity;
  readonly secret: PeerSecret;
  isKnownPeer(identifier: string): boolean;
  /**
   * How long ago the link in use with `identifier` was last heard from, when it is up: a live
   * link is never replaced by a new connection claiming the same identifier. Undefined: none.
   */
  liveLinkHeardMsAgo(identifier: string): number | undefined;
}

/** Where incoming data and asks go: the local actors (routing in mirror.ts). */
export interface Inbound {
  data(to: string, message: Message): void;
  /** Settles with the local actor's reply or its failure. */
  ask(to: string, message: Message, replyField: string, timeoutMs: number): Promise<unknown>;
  /** A reply that came after its ask timed out. */
  lateReply(peer: string): void;
}

export interface LinkEvents {
  up(link: PeerLink): void;
  down(link: PeerLink, reason: DownReason, detail: string): void;
}

export interface LinkContext {
  readonly local: LocalNode;
  readonly settings: LinkSettings;
  readonly inbound: Inbound;
  readonly events: LinkEvents;
  readonly log: Logger;
  /** Where refused connections are logged, a few lines per kind and window: floods cost no more. */
  readonly refusals: RateLimitedLog;
}

/** What a link shows in diagnostics: plain data. Counters start with the link. */
export interface LinkFigures {
  role: LinkRole;
  state: LinkState;
  /** Latest round-trip time measured by heartbeats, and its smoothed value (ms; 0 before the first). */
  rttMs: number;
  rttAvgMs: number;
  /** Data, ask and reply frames, and websocket messages (a message carries the frames of one event-loop turn). */
  framesIn: number;
  framesOut: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  lastHeardAgeMs: number;
  queuedFrames: number;
  queuedBytes: number;
  /** Bytes in the socket not yet written to the kernel. */
  bufferedBytes: number;
  pendingAsks: number;
  /** Sends refused because the send queue was full. */
  rejected: number;
  /** Heartbeat ticks not counted because this node's event loop was late, and the worst lag seen (ms). */
  lateTicks: number;
  maxLagMs: number;
}

/** The longest an incoming ask may keep a local reply channel open, whatever the asker says. */
const MAX_REMOTE_ASK_MS = 600_000;
/** After a closing frame, how long the peer gets to close its side before the socket is cut. */
const CLOSE_GRACE_MS = 1000;
/** Websocket close codes: the side that closes says why, so both sides report the same reason. */
const CLOSE_CODES: Readonly<Record<DownReason, number>> = { closed: 1000, silent: 1001, auth: 1008, 'out-of-step': 1002 };

function reasonOfClose(code: number): DownReason {
  if (code === CLOSE_CODES.auth) return 'auth';
  return code === CLOSE_CODES['out-of-step'] ? 'out-of-step' : 'closed';
}

type Handshake =
  | { readonly step: 'await-open' | 'await-hello' }
  | { readonly step: 'await-challenge'; readonly hello: HelloFrame }
  | { readonly step: 'await-welcome' | 'await-auth'; readonly hello: HelloFrame; readonly challenge: ChallengeFrame; readonly peer: Identity };

export type SendResult = { readonly ok: true } | { readonly ok: false; readonly error: SupvisorsError };
const SENT: SendResult = { ok: true };

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

export class PeerLink {
  private linkState: LinkState = 'handshake';
  private handshake: Handshake;
  private peerIdentity: Identity | undefined;
  private readonly queue: SendQueue;
  private readonly pending: PendingAsks;
  private seqOut = 0;
  private seqIn = 0;
  private heardAt = performance.now();
  private liveness: Liveness = startLiveness(this.heardAt);
  private timer: NodeJS.Timeout | undefined;
  private handshakeDeadline: Deadline | undefined;
  /** The peer's last heartbeat clock and when it came, echoed back for its RTT. */
  private peerClock = 0;
  private peerClockAt = 0;
  private connectionRefused = false;
  private readonly figures = { rttMs: 0, rttAvgMs: 0, framesIn: 0, framesOut: 0, messagesIn: 0, bytesIn: 0, rejected: 0, lateTicks: 0, maxLagMs: 0 };

  /** Dials ws:// or wss://host:port/path; `expected` is the identifier of the peer that must answer. */
  static dial(url: string, expected: string, context: LinkContext): PeerLink {
    // No handshakeTimeout of ws: its plain timer would blame the peer for this node's own stalls;
    // the link's deadline covers the connection, the upgrade and the authentication (awaitPeer).
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      maxPayload: context.settings.maxFrameBytes,
      ...(context.settings.tls?.ca === undefined ? {} : { ca: context.settings.tls.ca }),
      ...(context.settings.tls?.cert === undefined || context.settings.tls.key === undefined ? {} : { cert: context.settings.tls.cert, key: context.settings.tls.key }),
    });
    return new PeerLink(socket, 'dial', url, context, expected);
  }

  /** Takes an accepted websocket (already open); the peer's hello comes next. */
  static accept(socket: WebSocket, remote: string, context: LinkContext): PeerLink {
    return new PeerLink(socket, 'accept', remote, context, undefined);
  }

  private constructor(
    private readonly socket: WebSocket,
    readonly role: LinkRole,
    /** The address, for logs. */
    readonly remote: string,
    private readonly context: LinkContext,
    private readonly expected: string | undefined,
  ) {
    this.handshake = { step: role === 'dial' ? 'await-open' : 'await-hello' };
    this.queue = new SendQueue(
      {
        send: (data, written) => socket.send(data, { binary: true, compress: false }, written),
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
      },
      context.settings.send,
    );
    this.pending = new PendingAsks(() => this.name);
    // Until the peer is authenticated, it may send a hello or an auth, nothing big: ws refuses a
    // larger message on its header, before buffering it. Raised in becomeUp.
    if (role === 'accept') setReceiveLimit(socket, context.settings.preAuthMaxBytes);
    socket.on('open', () => {
      setReceiveLimit(socket, context.settings.preAuthMaxBytes);
      this.sendHello();
    });
    socket.on('message', (data, isBinary) => this.received(toBuffer(data), isBinary));
    socket.on('close', (code, reason) => this.fail(reasonOfClose(code), `socket closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`));
    socket.on('error', (error: Error & { code?: string }) => this.socketError(error));
    this.awaitPeer();
  }

  /**
   * (Re)arms the handshake's deadline for the peer's next message (deadline.ts: counting only
   * the time this node was running). Each step gets the whole deadline: a peer that answers, if
   * slowly (a node that has just started, handshaking with every other at once), is not silent.
   * So a dial connects, then gets the challenge, then the welcome, each within the dial timeout;
   * an accepted connection sends its hello, then its auth, each within the accept timeout.
   */
  private awaitPeer(): void {
    this.handshakeDeadline?.cancel();
    const deadlineMs = this.role === 'dial' ? this.context.settings.handshakeTimeoutMs : this.context.settings.acceptTimeoutMs;
    this.handshakeDeadline = armDeadline(deadlineMs, () => {
      const detail = `no handshake within ${deadlineMs} ms`;
      if (this.role === 'dial') this.fail('silent', detail);
      else this.refuse('timeout', detail);
    });
  }

  /** A dial refused by the peer's host (ECONNREFUSED): nobody listens at its port, yet. */
  get refusedByHost(): boolean {
    return this.connectionRefused;
  }

  /** An accepted connection that has not sent its hello yet: the first to give its slot up. */
  get awaitingHello(): boolean {
    return this.linkState === 'handshake' && this.handshake.step === 'await-hello';
  }

  /** Closes a connection still authenticating to give its slot to another (see admission.ts). */
  evict(detail: string): void {
    if (this.linkState === 'handshake') this.refuse('evicted', detail);
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** The authenticated peer; undefined before the handshake completes. */
  get peer(): Identity | undefined {
    return this.peerIdentity;
  }

  private get name(): string {
    return this.peerIdentity?.identifier ?? this.expected ?? this.remote;
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Queues a `tell` to actor `to` on the peer. */
  send(to: string, message: Message): SendResult {
    const problem = this.check(message);
    return problem ?? this.enqueue((seq) => ({ type: 'data', seq, to, message }));
  }

  /**
   * Queues an `ask`: `message` without its reply field, which names where the peer puts its
   * local reply channel. `reply` is settled by the reply frame, a timeout, or the link going down.
   */
  ask(to: string, message: Message, replyField: string, timeoutMs: number, reply: ReplyTo<unknown>): SendResult {
    const problem = this.check(message);
    if (problem !== undefined) return problem;
    const id = this.pending.add(reply, timeoutMs, `ask ${message.type} to ${to}@${this.name}`);
    const result = this.enqueue((seq) => ({ type: 'ask', seq, id, to, message, replyField, timeoutMs }));
    if (!result.ok) this.pending.cancel(id);
    return result;
  }

  private check(message: Message): SendResult | undefined {
    if (this.linkState !== 'up') return { ok: false, error: new SupvisorsError('PEER_DOWN', `the link to ${this.name} is ${this.linkState}`) };
    const problem = findNonPlain(message);
    return problem === undefined ? undefined : { ok: false, error: new SupvisorsError('PEER_MESSAGE_INVALID', `not plain data: ${problem}`) };
  }

  /** Numbers, encodes and queues a frame; the number is used only if the frame is queued. */
  private enqueue(build: (seq: number) => SequencedFrame): SendResult {
    const frame = build(this.seqOut + 1);
    const bytes = encodeFrame(frame);
    if (bytes.length > this.context.settings.maxFrameBytes) {
      return { ok: false, error: new SupvisorsError('PEER_MESSAGE_INVALID', `${frame.type} frame of ${bytes.length} bytes exceeds the maximum frame size (${this.context.settings.maxFrameBytes})`) };
    }
    if (!this.queue.offer(bytes)) {
      this.figures.rejected += 1;
      return { ok: false, error: new SupvisorsError('PEER_BACKPRESSURE', `send queue to ${this.name} is full (${this.queue.bytes} bytes waiting)`) };
    }
    this.seqOut = frame.seq;
    this.figures.framesOut += 1;
    return SENT;
  }

  private sendReply(id: number, outcome: { ok: true; value: unknown } | { ok: false; error: Error }): void {
    if (this.linkState !== 'up') return;
    const value = outcome.ok ? outcome.value : undefined;
    let result: SendResult;
    if (outcome.ok && isPlainData(value)) {
      result = this.enqueue((seq) => ({ type: 'reply', seq, id, ok: true, value }));
    } else {
      const error = outcome.ok ? new SupvisorsError('PEER_MESSAGE_INVALID', `not plain data: ${findNonPlain(value, 'reply')}`) : outcome.error;
      result = this.enqueue((seq) => ({ type: 'reply', seq, id, ok: false, error: errorToWire(error) }));
    }
    if (!result.ok) this.context.log.warn(`reply to ask ${id} from ${this.name} not sent: ${result.error.message}`);
  }

  private control(frame: PeerFrame): void {
    this.queue.sendNow(encodeFrame(frame));
  }

  /** Test hook: writes raw bytes as one websocket message, past numbering and checks. */
  injectRaw(data: Buffer): void {
    this.queue.sendNow(data);
  }

  // ---- receiving -----------------------------------------------------------------------------

  private received(data: Buffer, isBinary: boolean): void {
    this.heardAt = performance.now();
    this.figures.messagesIn += 1;
    this.figures.bytesIn += data.length;
    if (!isBinary) {
      this.violation('malformed', 'text message (frames are binary MessagePack)');
      return;
    }
    // Checked on the length before any decoding: untrusted input costs nothing beyond its bytes.
    const { preAuthMaxBytes, maxFrameBytes } = this.context.settings;
    const limit = this.linkState === 'handshake' ? preAuthMaxBytes : maxFrameBytes;
    if (data.length > limit) {
      this.violation('oversized', `message of ${data.length} bytes exceeds the maximum ${this.linkState === 'handshake' ? 'before authentication' : 'frame size'} (${limit})`);
      return;
    }
    const decoded = decodeFrames(data, limit);
    if (!decoded.ok) {
      this.violation('malformed', decoded.error.message);
      return;
    }
    for (const frame of decoded.frames) {
      if (this.linkState === 'handshake') this.handshakeFrame(frame);
      else if (this.linkState === 'up') this.linkFrame(frame);
      else return;
    }
  }

  /** Bad input: refused during the handshake, out of step once up. */
  private violation(kind: RefusalKind, detail: string): void {
    if (this.linkState === 'handshake') this.refuse(kind, detail);
    else this.fail('out-of-step', `protocol violation: ${detail}`);
  }

  private handshakeFrame(frame: PeerFrame): void {
    const { local } = this.context;
    const handshake = this.handshake;
    if (frame.type === 'refused') {
      this.fail('auth', `refused by the peer: ${frame.reason}`);
    } else if (handshake.step === 'await-hello' && frame.type === 'hello') {
      // The hello is recorded first, so that a refusal below names who the connection claimed to be.
      this.handshake = { step: 'await-challenge', hello: frame };
      const step = answerHello(local.identity, local.secret, frame, (identifier) => local.isKnownPeer(identifier), randomBytes(NONCE_BYTES));
      if (!step.ok) return this.refuse(step.kind, step.reason);
      const live = this.liveLinkProblem(frame.identifier);
      if (live !== undefined) return this.refuse('impersonation', live);
      this.handshake = { step: 'await-auth', hello: frame, challenge: step.frame, peer: step.peer };
      this.control(step.frame);
      this.awaitPeer();
    } else if (handshake.step === 'await-challenge' && frame.type === 'challenge') {
      const step = answerChallenge(this.expected ?? '', local.secret, handshake.hello, frame);
      if (!step.ok) return this.refuse(step.kind, step.reason);
      this.handshake = { step: 'await-welcome', hello: handshake.hello, challenge: frame, peer: step.peer };
      this.control(step.frame);
      this.awaitPeer();
    } else if (handshake.step === 'await-auth' && frame.type === 'auth') {
      const problem = checkAuth(local.secret, handshake.hello, handshake.challenge, frame);
      if (problem !== undefined) return this.refuse('wrong secret', problem);
      // Checked again: another connection claiming the same identifier may have come up meanwhile.
      const live = this.liveLinkProblem(handshake.peer.identifier);
      if (live !== undefined) return this.refuse('impersonation', live);
      this.control({ type: 'welcome' });
      this.becomeUp(handshake.peer);
    } else if (handshake.step === 'await-welcome' && frame.type === 'welcome') {
      this.becomeUp(handshake.peer);
    } else {
      this.refuse('out of order', `${frame.type} frame before authentication`);
    }
  }

  /**
   * A connection claiming a peer whose link is up is refused, whatever it proves: a live link is
   * never replaced. A genuinely restarted peer is not kept out by this for long: its old link
   * closes within milliseconds of its process dying (the kernel closes its sockets), or, when no
   * FIN came (host down, network cut), is declared silent within the heartbeat bound.
   */
  private liveLinkProblem(identifier: string): string | undefined {
    const heard = this.context.local.liveLinkHeardMsAgo(identifier);
    if (heard === undefined) return undefined;
    return `${identifier} is already linked to this node and alive (heard ${Math.round(heard)} ms ago): a second connection claiming it is refused while that link is up`;
  }

  private linkFrame(frame: PeerFrame): void {
    if (isSequenced(frame)) {
      const order = checkSequence(this.seqIn + 1, frame.seq);
      if (!order.ok) return this.fail('out-of-step', order.detail);
      this.seqIn = frame.seq;
      this.figures.framesIn += 1;
    }
    switch (frame.type) {
      case 'data':
        this.context.inbound.data(frame.to, frame.message);
        return;
      case 'ask': {
        const timeoutMs = Math.min(Math.max(1, frame.timeoutMs), MAX_REMOTE_ASK_MS);
        this.context.inbound.ask(frame.to, frame.message, frame.replyField, timeoutMs).then(
          (value) => this.sendReply(frame.id, { ok: true, value }),
          (error: unknown) => this.sendReply(frame.id, { ok: false, error: toError(error) }),
        );
        return;
      }
      case 'reply':
        if (!this.pending.settle(frame)) this.context.inbound.lateReply(this.name);
        return;
      case 'heartbeat':
        this.heartbeat(frame.t, frame.echo, frame.held);
        return;
      case 'bye':
        this.fail('closed', `the peer closed the link: ${frame.reason}`);
        return;
      default:
        this.fail('out-of-step', `protocol violation: ${frame.type} frame after authentication`);
    }
  }

  private socketError(error: Error & { code?: string }): void {
    if (error.code === 'ECONNREFUSED') this.connectionRefused = true;
    // ws codes WS_ERR_* are the peer's fault (oversized message, bad websocket framing).
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.violation('oversized', error.message);
    else if (error.code?.startsWith('WS_ERR_') === true) this.violation('malformed', error.message);
    else this.fail('closed', error.message);
  }

  // ---- handshake and heartbeats ----------------------------------------------------------------

  private sendHello(): void {
    const hello = makeHello(this.context.local.identity, this.context.local.secret, randomBytes(NONCE_BYTES));
    this.handshake = { step: 'await-challenge', hello };
    this.control(hello);
    this.awaitPeer();
  }

  /** Refuses the peer during the handshake. An accepted connection is logged here; a dial, by its mirror. */
  private refuse(kind: RefusalKind, reason: string): void {
    if (this.linkState === 'down') return;
    if (this.role === 'accept') {
      const claimed = 'hello' in this.handshake ? ` (saying it is ${this.handshake.hello.identifier})` : '';
      this.context.refusals.warn(`peer connections refused (${kind})`, `peer connection from ${this.remote}${claimed} refused: ${reason}`);
    }
    this.control({ type: 'refused', reason });
    this.fail('auth', reason);
  }

  private becomeUp(peer: Identity): void {
    this.handshakeDeadline?.cancel();
    setReceiveLimit(this.socket, this.context.settings.maxFrameBytes);
    this.peerIdentity = peer;
    this.linkState = 'up';
    this.liveness = startLiveness(performance.now());
    this.beat();
    this.context.events.up(this);
  }

  private readonly onTick = (): void => {
    const now = performance.now();
    const result = tick(this.liveness, this.heardAt, now, this.context.settings.heartbeat);
    this.liveness = result.liveness;
    this.figures.maxLagMs = Math.max(this.figures.maxLagMs, result.lagMs);
    if (result.outcome === 'late') this.figures.lateTicks += 1;
    if (result.outcome === 'silent') {
      const { periodMs, misses } = this.context.settings.heartbeat;
      this.fail('silent', `nothing heard for ${Math.round(now - this.heardAt)} ms (${misses} heartbeats of ${periodMs} ms missed)`);
      return;
    }
    this.beat();
  };

  /** Sends a heartbeat and arms the next tick. */
  private beat(): void {
    const now = performance.now();
    const held = this.peerClock === 0 ? 0 : now - this.peerClockAt;
    this.control({ type: 'heartbeat', t: now, echo: this.peerClock, held });
    this.timer = setTimeout(this.onTick, this.context.settings.heartbeat.periodMs);
  }

  private heartbeat(t: number, echo: number, held: number): void {
    const now = performance.now();
    this.peerClock = t;
    this.peerClockAt = now;
    const rtt = roundTrip(now, echo, held);
    if (rtt === undefined) return;
    this.figures.rttMs = rtt;
    this.figures.rttAvgMs = smooth(this.figures.rttAvgMs === 0 ? undefined : this.figures.rttAvgMs, rtt);
  }

  // ---- closing ---------------------------------------------------------------------------------

  /** Closes the link on purpose: the peer is told why (bye), waiting asks fail with PEER_DOWN. */
  close(detail: string): void {
    if (this.linkState === 'up') this.control({ type: 'bye', reason: detail });
    this.fail('closed', detail);
  }

  private fail(reason: DownReason, detail: string): void {
    if (this.linkState === 'down') return;
    this.linkState = 'down';
    this.handshakeDeadline?.cancel();
    clearTimeout(this.timer);
    this.queue.close();
    this.pending.failAll(new SupvisorsError('PEER_DOWN', `the link to ${this.name} went down (${reason}): ${detail}`));
    this.closeSocket(reason);
    this.context.events.down(this, reason, detail);
  }

  /** A silent peer reads nothing: cut at once. Otherwise close cleanly, and cut if the peer lingers. */
  private closeSocket(reason: DownReason): void {
    const socket = this.socket;
    if (reason === 'silent' || socket.readyState !== WebSocket.OPEN) {
      socket.terminate();
      return;
    }
    socket.close(CLOSE_CODES[reason]);
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  figuresNow(): LinkFigures {
    const { rttMs, rttAvgMs, framesIn, framesOut, messagesIn, bytesIn, rejected, lateTicks, maxLagMs } = this.figures;
    return {
      role: this.role,
      state: this.linkState,
      rttMs,
      rttAvgMs,
      framesIn,
      framesOut,
      messagesIn,
      messagesOut: this.queue.messagesOut,
      bytesIn,
      bytesOut: this.queue.bytesOut,
      lastHeardAgeMs: performance.now() - this.heardAt,
      queuedFrames: this.queue.depth,
      queuedBytes: this.queue.bytes,
      bufferedBytes: this.socket.bufferedAmount,
      pendingAsks: this.pending.size,
      rejected,
      lateTicks,
      maxLagMs,
    };
  }
}
