/**
 * Authentication of peer links: where the shared secret comes from, and the mutual HMAC-SHA256
 * challenge-response, as pure functions (nonces are inputs).
 *
 * Handshake (the dialler is the side that opened the websocket):
 *   dialler  → hello     {identifier, incarnation, mode, nonce Nd}
 *   acceptor → challenge {identifier, incarnation, mode, nonce Na, proof = HMAC(key, "acceptor" | transcript)}
 *   dialler  checks the acceptor's proof (a wrong secret is caught here, before the dialler proves anything)
 *   dialler  → auth      {proof = HMAC(key, "dialler" | transcript)}
 *   acceptor → welcome, or refused {reason}
 * The transcript holds both identities, both incarnations and both nonces, length-prefixed, so
 * a proof is bound to this one exchange and cannot be replayed, nor reflected to the other role.
 * Proofs are compared in constant time.
 */
import { createHmac, scrypt, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { SupvisorsError } from '../errors/errors.js';
import type { RefusalKind } from './admission.js';
import {
  PROTOCOL_VERSION,
  type AuthFrame,
  type AuthMode,
  type ChallengeFrame,
  type HelloFrame,
} from './frames.js';

/**
 * `secret`: links need the shared key; `derived` when it comes from the [inet_http_server]
 * credentials (the fallback: any API user can then join as a node). `open`: no secret, allowed
 * on loopback only (checkOpenMode).
 */
export type PeerSecret = { readonly mode: 'secret'; readonly key: Buffer; readonly derived?: boolean } | { readonly mode: 'open' };

export const OPEN: PeerSecret = { mode: 'open' };

/** Open mode still runs the handshake (identities, versions), with proofs that prove nothing. */
const OPEN_KEY = Buffer.alloc(0);

/** The scrypt parameters of the derivation: part of the protocol, every node must use the same. */
const DERIVATION = { salt: 'supvisors-peer-v1:', N: 16_384, r: 8, p: 1, bytes: 32 } as const;

/**
 * The key derived from the `[inet_http_server]` credentials, which all nodes of a Supvisors
 * cluster share: scrypt(password, salt = "supvisors-peer-v1:" + username, N=16384, r=8, p=1,
 * 32 bytes). scrypt, not a bare hash, because a captured handshake lets anyone test password
 * guesses offline: each guess then costs ~16 MB and tens of milliseconds. Python gives the same
 * key with hashlib.scrypt(password.encode(), salt=b"supvisors-peer-v1:" + username.encode(),
 * n=16384, r=8, p=1, dklen=32).
 */
export function deriveSecret(username: string, password: string): Promise<PeerSecret> {
  // scrypt on libuv's thread pool: the derivation (tens of ms of CPU) runs beside the start-up, not blocking it
  return new Promise((resolve, reject) => {
    scrypt(password, `${DERIVATION.salt}${username}`, DERIVATION.bytes, { N: DERIVATION.N, r: DERIVATION.r, p: DERIVATION.p }, (error, key) => {
      if (error === null) resolve({ mode: 'secret', key, derived: true });
      else reject(error);
    });
  });
}

/**
 * The secret of this node: `peer_secret` when set (its UTF-8 bytes are the key), else derived
 * from the `[inet_http_server]` username and password, else open mode.
 *
 * A `peer_secret` equal to the API password is refused: peers must authenticate apart from the
 * API, or whoever may call the API (a read-only script, a dashboard user) may also join the
 * cluster as a node and take a peer's place.
 */
export async function resolvePeerSecret(sources: { peerSecret?: string; username?: string; password?: string }): Promise<PeerSecret> {
  if (sources.peerSecret !== undefined) {
    if (sources.peerSecret === '') throw new SupvisorsError('CONFIG_INVALID', 'peer_secret: empty; remove it or set a secret');
    if (sources.peerSecret === sources.password) {
      throw new SupvisorsError(
        'CONFIG_INVALID',
        'peer_secret: equal to the [inet_http_server] password; choose a secret of its own, or anyone holding the API credentials could join the cluster as a node',
      );
    }
    return { mode: 'secret', key: Buffer.from(sources.peerSecret, 'utf8') };
  }
  if (sources.username !== undefined && sources.password !== undefined) return deriveSecret(sources.username, sources.password);
  return OPEN;
}

/** 127.0.0.0/8, ::1, an IPv4-mapped loopback, or `localhost`. Other names are not resolved: not loopback. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return true;
  if (isIP(bare) === 6) {
    if (bare === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    return mapped !== null && mapped[1].startsWith('127.');
  }
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Open mode is refused unless this node listens on loopback and every peer is on loopback: on
 * a network, anyone reaching the port could otherwise join the cluster. A node without peers
 * (a lone instance) is not refused: nobody can join it (unknown identifiers are refused, and
 * an open-mode node refuses non-loopback connections).
 */
export function checkOpenMode(secret: PeerSecret, listenHost: string, peerHosts: readonly string[]): void {
  if (secret.mode !== 'open' || peerHosts.length === 0) return;
  const outside = [listenHost, ...peerHosts].filter((host) => !isLoopback(host));
  if (outside.length === 0) return;
  throw new SupvisorsError(
    'CONFIG_INVALID',
    `no peer secret (open mode) while ${[...new Set(outside)].join(', ')} ${outside.length > 1 ? 'are' : 'is'} not loopback: ` +
      'set peer_secret, or username and password in [inet_http_server]',
  );
}

/**
 * The warning logged at start when the key is derived from the API credentials off loopback:
 * there, anyone holding those credentials (every API user) can join the cluster as a node.
 * Undefined when there is nothing to warn about.
 */
export function derivedKeyWarning(secret: PeerSecret, listenHost: string, peerHosts: readonly string[]): string | undefined {
  if (secret.mode !== 'secret' || secret.derived !== true) return undefined;
  const outside = [...new Set([listenHost, ...peerHosts].filter((host) => !isLoopback(host)))];
  if (outside.length === 0) return undefined;
  return (
    `the peer key is derived from the [inet_http_server] credentials (no peer_secret) while ${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not loopback: ` +
    'anyone holding the API credentials can join the cluster as a node; set peer_secret (the same on every node, not the API password)'
  );
}

export interface Identity {
  readonly identifier: string;
  readonly incarnation: number;
}

type Role = 'dialler' | 'acceptor';

function transcript(role: Role, hello: HelloFrame, challenge: Omit<ChallengeFrame, 'proof'>): Buffer[] {
  const parts = [
    Buffer.from(`supvisors-peer-v${PROTOCOL_VERSION}:${role}`),
    Buffer.from(hello.identifier),
    Buffer.from(String(hello.incarnation)),
    hello.nonce,
    Buffer.from(challenge.identifier),
    Buffer.from(String(challenge.incarnation)),
    challenge.nonce,
  ];
  return parts.flatMap((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    return [length, Buffer.from(part)];
  });
}

function prove(secret: PeerSecret, role: Role, hello: HelloFrame, challenge: Omit<ChallengeFrame, 'proof'>): Buffer {
  const hmac = createHmac('sha256', secret.mode === 'secret' ? secret.key : OPEN_KEY);
  for (const part of transcript(role, hello, challenge)) hmac.update(part);
  return hmac.digest();
}

function proofMatches(expected: Buffer, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

function modeMismatch(local: AuthMode, peer: AuthMode): string | undefined {
  if (local === peer) return undefined;
  return local === 'secret'
    ? 'the peer has no secret (open mode) but this node requires one'
    : 'the peer uses a secret but this node has none (open mode)';
}

function versionMismatch(version: number): string | undefined {
  return version === PROTOCOL_VERSION ? undefined : `protocol version ${version} not supported (this node speaks ${PROTOCOL_VERSION})`;
}

export type Step<F> =
  | { readonly ok: true; readonly frame: F; readonly peer: Identity }
  | { readonly ok: false; readonly reason: string; readonly kind: RefusalKind };

function refusal(kind: RefusalKind, reason: string | undefined): { readonly kind: RefusalKind; readonly reason: string } | undefined {
  return reason === undefined ? undefined : { kind, reason };
}

export function makeHello(local: Identity, secret: PeerSecret, nonce: Uint8Array): HelloFrame {
  return { type: 'hello', version: PROTOCOL_VERSION, identifier: local.identifier, incarnation: local.incarnation, mode: secret.mode, nonce };
}

/** Acceptor, on hello: the challenge (with the acceptor's proof), or why the dialler is refused. */
export function answerHello(
  local: Identity,
  secret: PeerSecret,
  hello: HelloFrame,
  isKnownPeer: (identifier: string) => boolean,
  nonce: Uint8Array,
): Step<ChallengeFrame> {
  const problem =
    refusal('incompatible', versionMismatch(hello.version)) ??
    refusal('impersonation', hello.identifier === local.identifier ? `the peer claims this node's own identifier ${local.identifier}` : undefined) ??
    refusal('unknown identifier', isKnownPeer(hello.identifier) ? undefined : `unknown peer identifier ${hello.identifier} (not a configured peer)`) ??
    refusal('incompatible', modeMismatch(secret.mode, hello.mode));
  if (problem !== undefined) return { ok: false, ...problem };
  const unsigned = {
    type: 'challenge',
    version: PROTOCOL_VERSION,
    identifier: local.identifier,
    incarnation: local.incarnation,
    mode: secret.mode,
    nonce,
  } as const;
  return {
    ok: true,
    frame: { ...unsigned, proof: prove(secret, 'acceptor', hello, unsigned) },
    peer: { identifier: hello.identifier, incarnation: hello.incarnation },
  };
}

/** Dialler, on challenge: checks the acceptor is the peer dialled and knows the secret; answers with its own proof. */
export function answerChallenge(
  expected: string,
  secret: PeerSecret,
  hello: HelloFrame,
  challenge: ChallengeFrame,
): Step<AuthFrame> {
  const problem =
    refusal('incompatible', versionMismatch(challenge.version)) ??
    refusal('unknown identifier', challenge.identifier === expected ? undefined : `dialled ${expected} but ${challenge.identifier} answered`) ??
    refusal('incompatible', modeMismatch(secret.mode, challenge.mode)) ??
    refusal('wrong secret', proofMatches(prove(secret, 'acceptor', hello, challenge), challenge.proof) ? undefined : 'wrong secret: the peer\'s proof does not match');
  if (problem !== undefined) return { ok: false, ...problem };
  return {
    ok: true,
    frame: { type: 'auth', proof: prove(secret, 'dialler', hello, challenge) },
    peer: { identifier: challenge.identifier, incarnation: challenge.incarnation },
  };
}

/** Acceptor, on auth: undefined when the dialler proved it knows the secret, else the reason. */
export function checkAuth(secret: PeerSecret, hello: HelloFrame, challenge: ChallengeFrame, auth: AuthFrame): string | undefined {
  return proofMatches(prove(secret, 'dialler', hello, challenge), auth.proof) ? undefined : 'wrong secret: the peer\'s proof does not match';
}
