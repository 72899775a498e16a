/**
 * The text of a followed log, pure: bounded to its last 64 KiB (cut at a line start), grown by
 * the pieces of supvisors.tail_process_log (by offset) or the chunks of supervisord's streaming
 * tail, whose first chunk repeats the end of what the page already read.
 */

/** The most text a page keeps: the last 64 KiB (characters) of the log. */
export const KEPT = 64 * 1024;

/** The last `max` characters of `text`, from a line start when one is in the part kept. */
export function keepLast(text: string, max = KEPT): string {
  if (text.length <= max) return text;
  const tail = text.slice(text.length - max);
  const newline = tail.indexOf('\n');
  return newline === -1 || newline === tail.length - 1 ? tail : tail.slice(newline + 1);
}

/**
 * `chunk` appended to `kept`, less its beginning when that is already the end of `kept`: the
 * streaming tail starts by sending the log's last bytes, which the page read a moment before.
 */
export function joinOverlap(kept: string, chunk: string, max = KEPT): string {
  for (let overlap = Math.min(kept.length, chunk.length); overlap > 0; overlap -= 1) {
    if (kept.endsWith(chunk.slice(0, overlap))) return keepLast(kept + chunk.slice(overlap), max);
  }
  return keepLast(kept + chunk, max);
}

export interface LogPiece {
  readonly text: string;
  readonly offset: number;
  readonly overflow: boolean;
}

export interface FollowedLog {
  readonly text: string;
  /** Where the next read starts. */
  readonly offset: number;
}

export const SKIPPED = '[… earlier lines skipped …]\n';

/** The log after one more piece read from `log.offset`: appended, or started anew after an overflow or a clear. */
export function withPiece(log: FollowedLog | undefined, piece: LogPiece, max = KEPT): FollowedLog {
  if (log === undefined) return { text: keepLast(piece.text, max), offset: piece.offset };
  if (piece.overflow || piece.offset < log.offset) return { text: keepLast(`${SKIPPED}${piece.text}`, max), offset: piece.offset };
  return { text: keepLast(log.text + piece.text, max), offset: piece.offset };
}
