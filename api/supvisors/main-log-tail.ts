/**
 * supervisord has tailProcessStdoutLog for a process but nothing like it for its main log: only
 * readLog(offset, length), which neither tells the log's size nor says that it overflowed. This
 * follows the main log with readLog alone, with tailProcessStdoutLog's answer: the bytes from
 * `offset` when at most `length` are there, else the last `length` bytes, overflow set, and the
 * log's size as the next offset. The size is only searched for on overflow or when the log was
 * cleared (a follow reads from the end it knows: one readLog a second).
 */

export interface LogPiece {
  readonly text: string;
  readonly offset: number;
  readonly overflow: boolean;
}

/** supervisor.readLog(offset, length): at most `length` bytes from `offset` ('' at or past the end). */
export type ReadLog = (offset: number, length: number) => Promise<string>;

const bytesOf = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Whether the log has a byte at `position`. A read that faults there (supervisord decoding half
 * a UTF-8 character) still says the byte exists; a missing file already failed the first read.
 */
async function hasByte(read: ReadLog, position: number): Promise<boolean> {
  try {
    return (await read(position, 1)) !== '';
  } catch {
    return true;
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
  const text = await read(from, length + 1);
  const got = bytesOf(text);
  if (got > 0 && got <= length) return { text, offset: from + got, overflow: false };
  if (got === 0 && (from === 0 || (await hasByte(read, from - 1)))) return { text: '', offset: from, overflow: false };
  // more than `length` bytes past offset, or fewer than offset bytes (the log was cleared)
  const size = await sizeOf(read, got > 0 ? from + got : 0);
  if (size <= length) return { text: size === 0 ? '' : await read(0, size), offset: size, overflow: true };
  return { text: await read(size - length, length), offset: size, overflow: true };
}
