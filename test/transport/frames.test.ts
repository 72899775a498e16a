import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeFrames, encodeFrame, PROTOCOL_VERSION, type PeerFrame } from '../../transport/frames.js';
import type { Message } from '../../mailbox/mailbox.js';
import { findNonPlain, isPlainData } from '../../transport/plain-data.js';

const MAX = 64 * 1024;

/** A message with any fields (a literal typed as Message would refuse them). */
const message = (fields: { type: string } & Record<string, unknown>): Message => fields;

const samples: PeerFrame[] = [
  { type: 'hello', version: PROTOCOL_VERSION, identifier: 'node-a', incarnation: 1_700_000_000_000, mode: 'secret', nonce: randomBytes(32) },
  { type: 'challenge', version: 1, identifier: 'node-b', incarnation: 2, mode: 'open', nonce: randomBytes(32), proof: randomBytes(32) },
  { type: 'auth', proof: randomBytes(32) },
  { type: 'welcome' },
  { type: 'refused', reason: 'wrong secret' },
  { type: 'data', seq: 1, to: 'echo', message: message({ type: 'record', n: 3, list: [1, 'two', null, { deep: true }], bytes: Buffer.from([1, 2]) }) },
  { type: 'ask', seq: 2, id: 7, to: 'echo', message: message({ type: 'echo', text: 'é' }), replyField: 'replyTo', timeoutMs: 5000 },
  { type: 'reply', seq: 3, id: 7, ok: true, value: { states: [1, 2] } },
  { type: 'reply', seq: 4, id: 8, ok: false, error: { code: 'ASK_TIMEOUT', fault: 'FAILED', message: 'late' } },
  { type: 'heartbeat', t: 1234.5, echo: 0, held: 0 },
  { type: 'bye', reason: 'stopping' },
];

function decodeOne(bytes: Uint8Array): PeerFrame {
  const decoded = decodeFrames(bytes, MAX);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
  assert.equal(decoded.frames.length, 1);
  return decoded.frames[0];
}

function refusal(bytes: Uint8Array, maxBytes = MAX): string {
  const decoded = decodeFrames(bytes, maxBytes);
  assert.ok(!decoded.ok, 'expected a refusal');
  assert.equal(decoded.error.code, 'PEER_FRAME_INVALID');
  return decoded.error.message;
}

describe('transport frames', () => {
  it('round-trips every frame type', () => {
    for (const frame of samples) assert.deepEqual(decodeOne(encodeFrame(frame)), frame);
  });

  it('decodes frames written back to back in one message, in order', () => {
    const decoded = decodeFrames(Buffer.concat(samples.map(encodeFrame)), MAX);
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.frames, samples);
  });

  it('writes standard MessagePack maps, no msgpackr records', () => {
    const bytes = encodeFrame({ type: 'welcome' });
    // fixmap of 1 entry, fixstr "type", fixstr "welcome"
    assert.deepEqual([...bytes], [0x81, 0xa4, ...Buffer.from('type'), 0xa7, ...Buffer.from('welcome')]);
  });

  it('leaves undefined fields out, as JSON does', () => {
    const frame = decodeOne(encodeFrame({ type: 'data', seq: 1, to: 'x', message: message({ type: 'm', gone: undefined }) }));
    assert.ok(frame.type === 'data');
    assert.equal(Object.hasOwn(frame.message, 'gone'), false);
  });

  it('keeps earlier encoded buffers intact', () => {
    const kept = Array.from({ length: 2000 }, (_, seq) => encodeFrame({ type: 'data', seq: seq + 1, to: 'x', message: message({ type: 'm', seq }) }));
    kept.forEach((bytes, seq) => assert.deepEqual(decodeOne(bytes), { type: 'data', seq: seq + 1, to: 'x', message: { type: 'm', seq } }));
  });

  it('refuses empty, oversized, truncated and garbage input without throwing', () => {
    assert.match(refusal(Buffer.alloc(0)), /empty/);
    assert.match(refusal(Buffer.alloc(100), 99), /exceeds the maximum frame size \(99\)/);
    const hello = encodeFrame(samples[0]);
    for (let cut = 1; cut < hello.length; cut += 1) refusal(hello.subarray(0, cut));
    // Lengths claiming far more than there is: array32, str32, bin32, map32.
    for (const head of [0xdd, 0xdb, 0xc6, 0xdf]) assert.match(refusal(Buffer.from([head, 0xff, 0xff, 0xff, 0xff, 1])), /not MessagePack/);
    assert.match(refusal(Buffer.alloc(200_000, 0x91), 300_000), /not MessagePack/);
    for (let round = 0; round < 2000; round += 1) {
      const decoded = decodeFrames(randomBytes(1 + (round % 64)), MAX);
      assert.equal(decoded.ok, false);
    }
  });

  it('refuses well-formed MessagePack that is not a valid frame', () => {
    const bad: [unknown, RegExp][] = [
      [[1, 2], /not a map/],
      [{ type: 'nope' }, /unknown frame type "nope"/],
      [{ noType: 1 }, /a frame has no type/],
      [{ type: 'data', seq: 0, to: 'x', message: { type: 'm' } }, /data frame: missing or invalid field seq/],
      [{ type: 'data', seq: 1.5, to: 'x', message: { type: 'm' } }, /field seq/],
      [{ type: 'data', seq: 1, to: '', message: { type: 'm' } }, /field to/],
      [{ type: 'data', seq: 1, to: 'x', message: { kind: 'm' } }, /field message/],
      [{ type: 'data', seq: 1, to: 'x', message: 'text' }, /field message/],
      [{ type: 'hello', version: 1, identifier: 'a', incarnation: 1, mode: 'secret', nonce: Buffer.alloc(8) }, /field nonce/],
      [{ type: 'hello', version: 1, identifier: 'a', incarnation: 1, mode: 'none', nonce: Buffer.alloc(32) }, /field mode/],
      [{ type: 'reply', seq: 1, id: 1, ok: false, error: { code: 'X' } }, /invalid error/],
      [{ type: 'heartbeat', t: -1, echo: 0, held: 0 }, /field t/],
      [{ type: 'refused', reason: 'x'.repeat(5000) }, /field reason/],
    ];
    for (const [value, expected] of bad) assert.match(refusal(encodeFrame(value as PeerFrame)), expected);
  });

  it('refuses msgpackr extensions that are not plain data inside messages', () => {
    // A timestamp extension (-1) decodes to a Date: not plain data.
    const frame = encodeFrame({ type: 'data', seq: 1, to: 'x', message: message({ type: 'm', at: new Date(0) }) });
    assert.match(refusal(frame), /field message/);
  });
});

describe('transport plain data', () => {
  it('accepts JSON-like data and bytes', () => {
    assert.ok(isPlainData({ a: [1, 'x', null, true, { b: Buffer.from('z') }], c: undefined }));
    assert.ok(isPlainData(Object.create(null)));
  });

  it('names where a value stops being plain data', () => {
    assert.equal(findNonPlain({ type: 'm', items: [1, { at: new Date() }] }), 'message.items[1].at: Date');
    assert.equal(findNonPlain({ f: () => 1 }), 'message.f: function');
    assert.equal(findNonPlain({ n: 1n }, 'reply'), 'reply.n: bigint');
    assert.equal(findNonPlain(new Map()), 'message: Map');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.match(findNonPlain(cyclic) ?? '', /nested deeper than 32/);
  });
});
