/**
 * `tail -f` and `maintail -f` over XML-RPC. supervisorctl follows a log through supervisord's
 * HTTP endpoints `/logtail/<name>/<channel>` and `/mainlogtail`, which our port does not serve;
 * here the log is polled with the `supervisor.*` read methods instead, printing only the bytes
 * written since the previous poll, until the signal aborts (Ctrl-C).
 *
 * Offsets are byte offsets of the log file, while the methods answer text (supervisord decodes
 * the bytes as UTF-8): a text's byte length is its UTF-8 length, since it was decoded strictly.
 */
import { ClientHttpError } from '../client/index.js';
import { pause } from './abortable.js';

/** Where a follow starts: the last bytes of the log, as supervisord's tail_f_producer (1024). */
export const FOLLOW_START_BYTES = 1024;
/** Between two polls: a line written shows within this. */
export const FOLLOW_INTERVAL_MS = 500;

/** Some text of a log, and the byte offset after it. */
export interface LogChunk {
  readonly text: string;
  readonly offset: number;
}

export interface FollowedLog {
  /** The last `bytes` bytes of the log, and its size. */
  start(bytes: number): Promise<LogChunk>;
  /** What was written after `offset`; after a clear or a rotation, from the new log's start. */
  next(offset: number): Promise<LogChunk>;
}

/** The `supervisor.*` methods a process log is followed with (a SupvisorsClient's namespace has them). */
export interface ProcessLogMethods {
  tailProcessStdoutLog(name: string, offset: number, length: number): Promise<readonly [string, number, boolean]>;
  tailProcessStderrLog(name: string, offset: number, length: number): Promise<readonly [string, number, boolean]>;
  readProcessStdoutLog(name: string, offset: number, length: number): Promise<string>;
  readProcessStderrLog(name: string, offset: number, length: number): Promise<string>;
}

/** The method the main log is followed with. */
export interface MainLogMethods {
  readLog(offset: number, length: number): Promise<string>;
}

/**
 * A process log. Its size comes from tailProcess*Log with length 0 (which reads nothing and
 * answers the size); the new bytes from readProcess*Log with that exact range. (tailProcess*Log
 * itself answers the *last* `length` bytes whatever the offset, so it cannot give them alone.)
 */
export function processLog(methods: ProcessLogMethods, name: string, channel: 'stdout' | 'stderr'): FollowedLog {
  const size = async (): Promise<number> => (await (channel === 'stdout' ? methods.tailProcessStdoutLog(name, 0, 0) : methods.tailProcessStderrLog(name, 0, 0)))[1];
  const read = (offset: number, length: number): Promise<string> =>
    channel === 'stdout' ? methods.readProcessStdoutLog(name, offset, length) : methods.readProcessStderrLog(name, offset, length);
  return {
    start: async (bytes) => {
      const end = await size();
      return { text: await readToEnd(read, Math.max(0, end - bytes), end), offset: end };
    },
    next: async (offset) => {
      const end = await size();
      const from = end < offset ? 0 : offset;
      return { text: end > from ? await read(from, end - from) : '', offset: end };
    },
  };
}

/**
 * supervisord's main log. No method gives its size, so the start finds it by probing single
 * bytes (findLogSize); the polls then read from the offset to the end (length 0), and an empty
 * read where the previous byte is gone means the log was cleared.
 */
export function mainLog(methods: MainLogMethods): FollowedLog {
  const exists = async (offset: number): Promise<boolean> => {
    try {
      return (await methods.readLog(offset, 1)) !== '';
    } catch (error) {
      // a byte inside a UTF-8 character: supervisord fails to decode it (HTTP 500), but it is there
      if (error instanceof ClientHttpError) return true;
      throw error;
    }
  };
  return {
    start: async (bytes) => {
      const end = await findLogSize(exists);
      return { text: await readToEnd((offset, length) => methods.readLog(offset, length), Math.max(0, end - bytes), end), offset: end };
    },
    next: async (offset) => {
      const text = await methods.readLog(offset, 0);
      if (text !== '') return { text, offset: offset + Buffer.byteLength(text, 'utf8') };
      return { text: '', offset: offset > 0 && !(await exists(offset - 1)) ? 0 : offset };
    },
  };
}

/**
 * Reads [from, end). A start inside a UTF-8 character makes supervisord fail (HTTP 500): the
 * start moves on by a byte, at most 3 times (a character has at most 3 continuation bytes).
 */
async function readToEnd(read: (offset: number, length: number) => Promise<string>, from: number, end: number): Promise<string> {
  for (let start = from; ; start += 1) {
    if (start >= end) return '';
    try {
      return await read(start, end - start);
    } catch (error) {
      if (!(error instanceof ClientHttpError) || start - from >= 3) throw error;
    }
  }
}

/** The size of a log, knowing only whether a byte exists at an offset: doubling, then bisection. */
export async function findLogSize(exists: (offset: number) => Promise<boolean>): Promise<number> {
  if (!(await exists(0))) return 0;
  let present = 0;
  let absent = 1;
  while (await exists(absent)) {
    present = absent;
    absent *= 2;
  }
  while (absent - present > 1) {
    const middle = Math.floor((present + absent) / 2);
    if (await exists(middle)) present = middle;
    else absent = middle;
  }
  return absent;
}

/** Follows a log until the signal aborts: its last bytes, then each new piece, to `show`. */
export async function followLog(log: FollowedLog, show: (text: string) => void, signal: AbortSignal, intervalMs = FOLLOW_INTERVAL_MS): Promise<void> {
  let { text, offset } = await log.start(FOLLOW_START_BYTES);
  if (text !== '') show(text);
  while (!signal.aborted) {
    await pause(intervalMs, signal);
    if (signal.aborted) return;
    ({ text, offset } = await log.next(offset));
    if (text !== '') show(text);
  }
}

/** Cuts a byte stream's text into lines for a line-based output: the unfinished end is kept for later. */
export class LineBuffer {
  private pending = '';

  /** The lines `text` completes. */
  push(text: string): string[] {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    return lines;
  }

  /** The unfinished line, if any (at the end of the follow). */
  flush(): string | undefined {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? undefined : rest;
  }
}
