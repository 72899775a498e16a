/**
 * The log file's next write, decided from plain numbers: whether to rotate first and how many of
 * the waiting lines go in one write.
 *
 * Rotation is decided per line, on the bytes accounted: a line that would take a non-empty file
 * past `maxBytes` starts a new file, so a write never spans a rotation and a rotated file holds at
 * most `maxBytes` (or one line, when a single line is longer). `maxBytes` 0 never rotates.
 */
export interface NextWrite {
  /** Rotate the file before this write. */
  readonly rotateFirst: boolean;
  /** Lines taken from `from` (at least 1 when a line waits). */
  readonly lines: number;
}

/** `lineBytes[from..]` are the byte lengths of the waiting lines, oldest first. */
export function planNextWrite(fileBytes: number, maxBytes: number, lineBytes: readonly number[], from: number): NextWrite {
  const passes = (size: number, bytes: number): boolean => maxBytes > 0 && size > 0 && size + bytes > maxBytes;
  const first = lineBytes[from];
  if (first === undefined) return { rotateFirst: false, lines: 0 };
  const rotateFirst = passes(fileBytes, first);
  let size = rotateFirst ? 0 : fileBytes;
  let index = from;
  for (let bytes = lineBytes[index]; bytes !== undefined && !passes(size, bytes); bytes = lineBytes[index]) {
    size += bytes;
    index += 1;
  }
  return { rotateFirst, lines: index - from };
}
