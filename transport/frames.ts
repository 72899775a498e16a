/**
 * The frames two nodes exchange over a peer link, and their codec.
 *
 * A websocket message carries one or more frames back to back, each one MessagePack map with a
 * `type` field (frames written in one event-loop turn travel together: see send-queue.ts).
 * Decoding checks every field's type and never throws: garbage, truncated or oversized input
 * gives a typed error, and the link is closed by its caller.
 */
import { Packr, type Options } from 'msgpackr';
import { SupvisorsError } from '../errors/errors.js';
import type { Message } from '../mailbox/mailbox.js';
import { isPlainData, type PlainData } from './plain-data.js';

/** Bumped on any incompatible change; a peer speaking another version is refused at hello. */
export const PROTOCOL_VERSION = 1;
export const NONCE_BYTES = 32;
/** HMAC-SHA256 output. */
export const PROOF_BYTES = 32;
/** Identifiers, actor names and field names on the wire. */
const MAX_NAME_CHARS = 256;
const MAX_REASON_CHARS = 1024;

export type AuthMode = 'secret' | 'open';

/** Dialler → acceptor, first frame: who I am, and a fresh nonce for the acceptor to sign. */
export interface HelloFrame {
  readonly type: 'hello';
  readonly version: number;
  readonly identifier: string;
  readonly incarnation: number;
  readonly mode: AuthMode;
  readonly nonce: Uint8Array;
}

/** Acceptor → dialler: who I am, my nonce for the dialler to sign, and my proof over both nonces. */
export interface ChallengeFrame {
  readonly type: 'challenge';
  readonly version: number;
  readonly identifier: string;
  readonly incarnation: number;
  readonly mode: AuthMode;
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
}

/** Dialler → acceptor: the dialler's proof. */
export interface AuthFrame {
  readonly type: 'auth';
  readonly proof: Uint8Array;
}

/** Acceptor → dialler: authenticated, the link is up. */
export interface WelcomeFrame {
  readonly type: 'welcome';
}

/** Either side, during the handshake: why the connection is refused; the socket closes next. */
export interface RefusedFrame {
  readonly type: 'refused';
  readonly reason: string;
}

/** A `tell` to the actor named `to` on the receiving node. */
export interface DataFrame {
  readonly type: 'data';
  readonly seq: number;
  readonly to: string;
  readonly message: Message;
}

/**
 * An `ask`: the receiver rebuilds a local reply channel in `message[replyField]` and answers
 * with a reply frame carrying the same `id`, within `timeoutMs`.
 */
export interface AskFrame {
  readonly type: 'ask';
  readonly seq: number;
  readonly id: number;
  readonly to: string;
  readonly message: Message;
  readonly replyField: string;
  readonly timeoutMs: number;
}

/** A failure crossing the wire: the SupvisorsError code, its XML-RPC fault name, the detail. */
export interface WireError {
  readonly code: string;
  readonly fault: string;
  readonly message: string;
}

export type ReplyFrame =
  | { readonly type: 'reply'; readonly seq: number; readonly id: number; readonly ok: true; readonly value: PlainData }
  | { readonly type: 'reply'; readonly seq: number; readonly id: number; readonly ok: false; readonly error: WireError };

/**
 * Sent every heartbeat period by both sides. `t` is the sender's clock (performance.now(), ms);
 * `echo` the last `t` it received and `held` how long ago: the receiver gets the round-trip time
 * as now - echo - held without comparing two clocks.
 */
export interface HeartbeatFrame {
  readonly type: 'heartbeat';
  readonly t: number;
  readonly echo: number;
  readonly held: number;
}

/** Either side, once up: the link is being closed on purpose (shutdown, replaced). */
export interface ByeFrame {
  readonly type: 'bye';
  readonly reason: string;
}

export type PeerFrame =
  | HelloFrame
  | ChallengeFrame
  | AuthFrame
  | WelcomeFrame
  | RefusedFrame
  | DataFrame
  | AskFrame
  | ReplyFrame
  | HeartbeatFrame
  | ByeFrame;

export type FrameType = PeerFrame['type'];

/** Frames that carry a sequence number: the ordered stream of one link direction. */
export type SequencedFrame = DataFrame | AskFrame | ReplyFrame;

/**
 * One Packr for the whole transport, configured on purpose:
 * - `useRecords: false`: standard MessagePack maps, not msgpackr's own "records" extension, so
 *   any MessagePack library reads our frames (a Python peer, a capture dumped with msgpack
 *   tools while debugging); records would save a few bytes per frame at that price.
 * - `mapsAsObjects`: maps decode to plain objects, which the validation below then checks.
 * - `skipValues: [undefined]` and `encodeUndefinedAsNil`: an undefined field is left out as
 *   JSON does, an undefined array item becomes nil, instead of msgpackr's private extension.
 * - `int64AsType: 'number'`: a 64-bit integer from another encoder decodes as a number, not a
 *   BigInt (which is not plain data).
 * `skipValues` is missing from msgpackr's typings, hence the widened options type.
 */
const packrOptions: Options & { skipValues: unknown[] } = {
  useRecords: false,
  mapsAsObjects: true,
  skipValues: [undefined],
  encodeUndefinedAsNil: true,
  int64AsType: 'number',
};
const packr = new Packr(packrOptions);

/**
 * Encodes one frame. The caller checks messages and reply values with findNonPlain first: plain
 * data of bounded depth always encodes. The buffer stays valid (msgpackr hands out a fresh slice
 * per call unless told to reuse it).
 */
export function encodeFrame(frame: PeerFrame): Buffer {
  return packr.pack(frame);
}

export type Decoded = { readonly ok: true; readonly frames: PeerFrame[] } | { readonly ok: false; readonly error: SupvisorsError };

type Check = (value: unknown) => boolean;

const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const sequence: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 1;
const instant: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const name: Check = (value) => typeof value === 'string' && value.length >= 1 && value.length <= MAX_NAME_CHARS;
const reason: Check = (value) => typeof value === 'string' && value.length <= MAX_REASON_CHARS;
const flag: Check = (value) => typeof value === 'boolean';
const mode: Check = (value) => value === 'secret' || value === 'open';
const bytes =
  (length: number): Check =>
  (value) =>
    value instanceof Uint8Array && value.length === length;

/** A plain object: msgpackr also decodes to arrays, buffers and instances of its own classes. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const message: Check = (value) => isRecord(value) && name(value.type) && isPlainData(value);
const wireError: Check = (value) => isRecord(value) && name(value.code) && name(value.fault) && reason(value.message);

/** Every field of every frame type but `type`, with its check: the compiler keeps this table complete. */
type Shapes = { readonly [T in FrameType]: { readonly [K in Exclude<keyof Extract<PeerFrame, { type: T }>, 'type'>]-?: Check } };

const shapes: Shapes = {
  hello: { version: count, identifier: name, incarnation: count, mode, nonce: bytes(NONCE_BYTES) },
  challenge: { version: count, identifier: name, incarnation: count, mode, nonce: bytes(NONCE_BYTES), proof: bytes(PROOF_BYTES) },
  auth: { proof: bytes(PROOF_BYTES) },
  welcome: {},
  refused: { reason },
  data: { seq: sequence, to: name, message },
  ask: { seq: sequence, id: count, to: name, message, replyField: name, timeoutMs: count },
  // The common fields; `value` or `error` is checked according to `ok` below.
  reply: { seq: sequence, id: count, ok: flag },
  heartbeat: { t: instant, echo: instant, held: instant },
  bye: { reason },
};

function invalid(detail: string): { ok: false; error: SupvisorsError } {
  return { ok: false, error: new SupvisorsError('PEER_FRAME_INVALID', detail) };
}

/** The problem with one decoded value, or undefined when it is a well-formed frame. */
function frameProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'a frame is not a map';
  const type = value.type;
  if (typeof type !== 'string') return 'a frame has no type';
  if (!Object.hasOwn(shapes, type)) return `unknown frame type ${JSON.stringify(type).slice(0, 40)}`;
  const shape: Readonly<Record<string, Check>> = shapes[type as FrameType];
  for (const field in shape) {
    if (!shape[field](value[field])) return `${type} frame: missing or invalid field ${field}`;
  }
  if (type === 'reply' && !(value.ok === true ? isPlainData(value.value) : wireError(value.error))) {
    return `reply frame: invalid ${value.ok === true ? 'value' : 'error'}`;
  }
  return undefined;
}

/**
 * Decodes the frames of one websocket message. Sizes written inside the data are never trusted:
 * the message is refused above `maxBytes` before decoding, and any length running past its end
 * is a decoding error, as is any value that is not a well-formed frame.
 */
export function decodeFrames(data: Uint8Array, maxBytes: number): Decoded {
  if (data.length > maxBytes) return invalid(`message of ${data.length} bytes exceeds the maximum frame size (${maxBytes})`);
  if (data.length === 0) return invalid('empty message');
  let values: unknown;
  try {
    values = packr.unpackMultiple(data);
  } catch (thrown) {
    return invalid(`not MessagePack: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
  if (!Array.isArray(values)) return invalid('not MessagePack');
  const frames = values as unknown[];
  for (const frame of frames) {
    const problem = frameProblem(frame);
    if (problem !== undefined) return invalid(problem);
  }
  return { ok: true, frames: frames as PeerFrame[] };
}

export function isSequenced(frame: PeerFrame): frame is SequencedFrame {
  return frame.type === 'data' || frame.type === 'ask' || frame.type === 'reply';
}
