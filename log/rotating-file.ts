import { closeSync, existsSync, fstatSync, openSync, renameSync, write, writeSync } from 'node:fs';
import { monotonicMs } from '../clock/clock.js';
import { planNextWrite } from './write-plan.js';

/** Bytes of lines accepted but not yet on disk beyond which new lines are dropped (and counted). */
export const DEFAULT_BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;

/** A write error is reported at once, then at most once per this period, with the lines lost since. */
const ERROR_REPORT_PERIOD_MS = 60_000;

/**
 * At exit, how long to wait for the write in progress (on a libuv thread, which cannot be awaited
 * there) to show in the file's size before writing its rest again: a write to the page cache takes
 * milliseconds, and a write that never lands (disk full) must not hold the exit for long.
 */
const EXIT_WAIT_FOR_WRITE_MS = 500;

export interface RotatingFileOptions {
  /** Default {@link DEFAULT_BUFFER_LIMIT_BYTES}. */
  readonly bufferLimitBytes?: number;
  /** Turns the file's own message (the count of dropped lines) into a line like the logger's. */
  readonly formatNotice?: (message: string) => string;
  /** Where write errors go, rate-limited (stderr by default: the log file is what fails). */
  readonly reportError?: (message: string) => void;
}

interface Batch {
  readonly data: Buffer;
  /** Bytes of `data` already in the file. */
  written: number;
  readonly lines: number;
  /** Sequence number of the batch's last line, for flush(). */
  readonly lastSeq: number;
}

/**
 * A log file rotated by size, with Supervisor's `logfile_maxbytes` / `logfile_backups` semantics:
 * when a line would take the file past maxBytes, FILE.(n-1) becomes FILE.n ... FILE becomes FILE.1,
 * and a new FILE is opened. maxBytes 0 means never rotate; backups 0 means truncate in place.
 *
 * `write` never blocks the event loop: lines are queued in memory and written by asynchronous
 * writes, one at a time, in order, everything queued meanwhile going in the next write (split at
 * rotations, which happen between writes). The queue is bounded: past `bufferLimitBytes` not yet
 * on disk, new lines are dropped and counted, and a line saying how many is written once there is
 * room again. Nothing queued is lost at the end: `close()` and process exit (including an uncaught
 * exception) write the rest synchronously. A write error never throws into the caller: its lines
 * are lost, counted and reported on stderr, rate-limited, and later lines are still accepted.
 * Lines queued when the process is killed by SIGKILL are lost.
 */
export class RotatingFile {
  private fd: number | undefined;
  private regularFile = true;
  /** Bytes in the current file, as written by us. */
  private fileBytes = 0;
  /** Lines waiting for a write, from `head` on. */
  private lines: string[] = [];
  private lineBytes: number[] = [];
  private head = 0;
  /** Bytes waiting or being written, what the bound applies to. */
  private unwrittenBytes = 0;
  private inFlight: Batch | undefined;
  private acceptedSeq = 0;
  private takenSeq = 0;
  private settledSeq = 0;
  private waiters: { readonly seq: number; readonly resolve: () => void }[] = [];
  private dropped = 0;
  private lostSinceReport = 0;
  private lastProblem: string | undefined;
  private lastReportMs = Number.NEGATIVE_INFINITY;
  private closed = false;
  private exiting = false;
  private readonly bufferLimitBytes: number;
  private readonly formatNotice: (message: string) => string;
  private readonly reportError: (message: string) => void;
  private readonly onExit = (): void => {
    this.exiting = true;
    this.drainSync();
  };

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly backups: number,
    options: RotatingFileOptions = {},
  ) {
    this.bufferLimitBytes = options.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT_BYTES;
    this.formatNotice = options.formatNotice ?? ((message) => `${message}\n`);
    this.reportError = options.reportError ?? ((message) => void process.stderr.write(`${message}\n`));
    // A file that cannot be opened at start is a configuration error for the caller.
    this.adopt(openSync(path, 'a'));
    process.on('exit', this.onExit);
  }

  /** Queues `text` (one or more whole lines); lines written after close() are ignored. */
  write(text: string): void {
    if (this.closed) return;
    const bytes = Buffer.byteLength(text);
    if (this.unwrittenBytes > 0 && this.unwrittenBytes + bytes > this.bufferLimitBytes) {
      this.dropped += 1;
      return;
    }
    this.queueDropNotice();
    this.enqueue(text, bytes);
    // Exit handlers registered after ours still log: nothing runs after them, so write now.
    if (this.exiting) this.drainSync();
    else this.pump();
  }

  /** Resolves when every line accepted so far (and the count of lines dropped) is written or lost. */
  flush(): Promise<void> {
    this.queueDropNotice();
    this.pump();
    const seq = this.acceptedSeq;
    if (this.settledSeq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Writes what is queued synchronously and closes the file; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.drainSync();
    this.closed = true;
    process.off('exit', this.onExit);
    this.closeFd();
  }

  private enqueue(text: string, bytes: number): void {
    this.lines.push(text);
    this.lineBytes.push(bytes);
    this.unwrittenBytes += bytes;
    this.acceptedSeq += 1;
  }

  /** The line counting the dropped lines, queued past the bound (it is one short line). */
  private queueDropNotice(): void {
    if (this.dropped === 0) return;
    const mebibyte = 1024 * 1024;
    const limit =
      this.bufferLimitBytes % mebibyte === 0 ? `${this.bufferLimitBytes / mebibyte} MiB` : `${this.bufferLimitBytes} bytes`;
    const text = this.formatNotice(
      `${this.dropped} log lines dropped: more than ${limit} of log were waiting to be written to ${this.path}`,
    );
    this.dropped = 0;
    this.enqueue(text, Buffer.byteLength(text));
  }

  /** Starts the next write when none is in progress. */
  private pump(): void {
    while (this.inFlight === undefined && this.head < this.lines.length) {
      const batch = this.takeBatch();
      const fd = this.openFd();
      if (typeof fd === 'string') {
        this.lose(batch, fd);
        continue;
      }
      this.inFlight = batch;
      this.submit(fd, batch);
    }
  }

  private submit(fd: number, batch: Batch): void {
    write(fd, batch.data, batch.written, batch.data.length - batch.written, null, (error, bytesWritten) => {
      // Settled synchronously meanwhile (close or exit): this callback has nothing left to do.
      if (this.inFlight !== batch) return;
      if (error !== null) {
        this.inFlight = undefined;
        this.lose(batch, error.message);
        this.fileBytes = this.sizeOnDisk() ?? this.fileBytes;
      } else {
        batch.written += bytesWritten;
        this.fileBytes += bytesWritten;
        if (batch.written < batch.data.length) {
          this.submit(fd, batch);
          return;
        }
        this.inFlight = undefined;
        this.settle(batch);
      }
      if (this.head === this.lines.length) this.queueDropNotice();
      this.pump();
    });
  }

  /** The next lines to write, rotating first when Supervisor would. */
  private takeBatch(): Batch {
    const plan = planNextWrite(this.fileBytes, this.maxBytes, this.lineBytes, this.head);
    if (plan.rotateFirst) this.rotate();
    const end = this.head + plan.lines;
    const data = Buffer.from(this.lines.slice(this.head, end).join(''));
    this.head = end;
    this.takenSeq += plan.lines;
    if (this.head === this.lines.length) {
      this.lines = [];
      this.lineBytes = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.lineBytes.splice(0, this.head);
      this.head = 0;
    }
    return { data, written: 0, lines: plan.lines, lastSeq: this.takenSeq };
  }

  private settle(batch: Batch): void {
    this.unwrittenBytes -= batch.data.length;
    this.settledSeq = batch.lastSeq;
    const ready = this.waiters.filter((waiter) => waiter.seq <= this.settledSeq);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.seq > this.settledSeq);
    for (const waiter of ready) waiter.resolve();
  }

  private lose(batch: Batch, reason: string): void {
    this.lostSinceReport += batch.lines;
    this.settle(batch);
    this.problem(reason);
  }

  /** A failed write, open or rotation, reported at once, then at most once per period. */
  private problem(description: string): void {
    this.lastProblem = description;
    this.report(false);
  }

  /** Reports the last problem and the lines lost since the last report, if any; `now` skips the period. */
  private report(now: boolean): void {
    if (this.lastProblem === undefined) return;
    const at = monotonicMs();
    if (!now && at - this.lastReportMs < ERROR_REPORT_PERIOD_MS) return;
    const lost = this.lostSinceReport === 0 ? '' : ` (${this.lostSinceReport} log lines lost)`;
    this.reportError(`supvisors log: ${this.path}: ${this.lastProblem}${lost}`);
    this.lastProblem = undefined;
    this.lostSinceReport = 0;
    this.lastReportMs = at;
  }

  /** Everything queued, written now: the write in progress first, then the rest. */
  private drainSync(): void {
    if (this.closed) return;
    this.settleInFlightSync();
    this.queueDropNotice();
    while (this.head < this.lines.length) {
      const batch = this.takeBatch();
      const fd = this.openFd();
      if (typeof fd === 'string') this.lose(batch, fd);
      else this.writeSync(fd, batch);
    }
    this.report(true);
  }

  /**
   * The write in progress runs on a libuv thread; its callback will not run any more. Wait
   * (bounded) for it to show in the file's size, then write whatever of it is not there.
   */
  private settleInFlightSync(): void {
    const batch = this.inFlight;
    if (batch === undefined) return;
    this.inFlight = undefined;
    // A pipe or a device has no size to watch: the write in progress is taken as done.
    const remaining = batch.data.length - batch.written;
    const landed = this.regularFile ? this.waitForLanding(remaining) : remaining;
    batch.written += landed;
    this.fileBytes += landed;
    const fd = this.openFd();
    if (typeof fd === 'string') this.lose(batch, fd);
    else this.writeSync(fd, batch);
  }

  /** Bytes of the write in progress found in the file, waiting for all `remaining` (bounded). */
  private waitForLanding(remaining: number): number {
    const deadline = monotonicMs() + EXIT_WAIT_FOR_WRITE_MS;
    for (;;) {
      const landed = Math.min(remaining, Math.max(0, (this.sizeOnDisk() ?? this.fileBytes) - this.fileBytes));
      if (landed === remaining || monotonicMs() >= deadline) return landed;
    }
  }

  private writeSync(fd: number, batch: Batch): void {
    try {
      while (batch.written < batch.data.length) {
        const bytes = writeSync(fd, batch.data, batch.written, batch.data.length - batch.written);
        batch.written += bytes;
        this.fileBytes += bytes;
      }
      this.settle(batch);
    } catch (error) {
      this.lose(batch, messageOf(error));
    }
  }

  /** Supervisor's rollover; a file or backup removed meanwhile is not an error (as in Supervisor). */
  private rotate(): void {
    this.closeFd();
    try {
      if (this.backups > 0) {
        for (let index = this.backups - 1; index >= 1; index -= 1) {
          const from = `${this.path}.${index}`;
          if (existsSync(from)) renameIfPresent(from, `${this.path}.${index + 1}`);
        }
        renameIfPresent(this.path, `${this.path}.1`);
      }
      this.adopt(openSync(this.path, this.backups > 0 ? 'a' : 'w'));
    } catch (error) {
      // The batch is then written to the file as it is, opened again (openFd), or lost and counted.
      this.problem(`cannot rotate: ${messageOf(error)}`);
    }
  }

  /** The open file, opening it again after a failed rotation; else why it cannot be opened. */
  private openFd(): number | string {
    if (this.fd !== undefined) return this.fd;
    try {
      return this.adopt(openSync(this.path, 'a'));
    } catch (error) {
      return `cannot open: ${messageOf(error)}`;
    }
  }

  private adopt(fd: number): number {
    const stats = fstatSync(fd);
    this.fd = fd;
    this.regularFile = stats.isFile();
    this.fileBytes = stats.size;
    return fd;
  }

  private sizeOnDisk(): number | undefined {
    if (this.fd === undefined) return undefined;
    try {
      return fstatSync(this.fd).size;
    } catch {
      return undefined;
    }
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } finally {
      this.fd = undefined;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}
