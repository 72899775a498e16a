/**
 * supervisord has tailProcessStdoutLog for a process but nothing like it for its main log: only
 * readLog(offset, length), which neither tells the log's size nor says that it overflowed. This
 * follows the main log with readLog alone, with tailProcessStdoutLog's answer: the bytes from
 * `offset` when at most `length` are there, else the last `length` bytes, overflow set, and the
 * log's size as the next offset. The size is only searched for on overflow or when the log was
 * cleared (a follow reads from the end it knows: one readLog a second).
 */
import { XmlRpcTransportError } from '../../xmlrpc/http-client.js';

export interface LogPiece {
  readonly text: string;
  readonly offset: number;
  readonly overflow: boolean;
}

/** supervisor.readLog(offset, length): at most `length` bytes from `offset` ('' at or past the end). */
export type ReadLog = (offset: number, length: number) => Promise<string>;

const bytesOf = (text: string): number => Buffer.byteLength(text, 'utf8');

/** supervisord's answer to a read that does not decode as UTF-8 (HTTP 500), not a fault. */
function isDecodingFailure(thrown: unknown): boolean {
  return thrown instanceof XmlRpcTransportError && thrown.failure === 'http';
}

/**
 * supervisord decodes the bytes it read as strict UTF-8: a read that starts inside a character
 * fails. `attempt(skip)` reads the same end of the log starting `skip` bytes later; a UTF-8
 * character has at most 3 continuation bytes. A fault or an unreachable supervisord fails at once.
 */
export async function atCharacterStart<T>(attempt: (skip: number) => Promise<T>): Promise<T> {
  for (let skip = 0; ; skip += 1) {
    try {
      return await attempt(skip);
    } catch (thrown) {
      if (skip === 3 || !isDecodingFailure(thrown)) throw thrown;
    }
  }
}

/**
 * Whether the log has a byte at `position`. A read that cannot be decoded there (a byte of a
 * UTF-8 character alone) still says the byte exists.
 */
async function hasByte(read: ReadLog, position: number): Promise<boolean> {
  try {
    return (await read(position, 1)) !== '';
  } catch (thrown) {
    if (isDecodingFailure(thrown)) return true;
    throw thrown;
  }
}

/** The log's size, knowing that its first `known` bytes exist: a gallop past them, then a bisection. */
async function sizeOf(read: ReadLog, known: number): Promise<number> {
  // invariant: the bytes before `present` exist, the byte at `absent - 1` does not
  let present = known;
  let step = 1024;
  let absent = known + step;
  while (await hasByte(read, absent - 1)) {
    present = absent;
    step *= 2;
    absent = present + step;
  }
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await hasByte(read, middle - 1)) present = middle;
    else absent = middle;
  }
  return present;
}

/**
 * tailProcessStdoutLog's answer for the main log. `overflow` says that the text does not follow
 * on from `offset`: bytes were skipped, or the log was cleared and the text is its new start.
 */
export async function tailMainLog(read: ReadLog, offset: number, length: number): Promise<LogPiece> {
  const from = Math.max(0, offset);
  if (length <= 0) return { text: '', offset: await sizeOf(read, from === 0 || (await hasByte(read, from - 1)) ? from : 0), overflow: false };
  // a read ending inside a character fails: the log goes on past it (an overflow); starting inside one, the log was rewritten
  const text = await read(from, length + 1).catch((thrown: unknown) => {
    if (isDecodingFailure(thrown)) return undefined;
    throw thrown;
  });
  const got = text === undefined ? 0 : bytesOf(text);
  if (text !== undefined && got > 0 && got <= length) return { text, offset: from + got, overflow: false };
  if (text === '' && (from === 0 || (await hasByte(read, from - 1)))) return { text: '', offset: from, overflow: false };
  // more than `length` bytes past offset, or fewer than offset bytes (the log was cleared)
  const size = await sizeOf(read, got > 0 ? from + got : 0);
  if (size <= length) return { text: size === 0 ? '' : await read(0, size), offset: size, overflow: true };
  return { text: await atCharacterStart((skip) => read(size - length + skip, length - skip)), offset: size, overflow: true };
}
