import { LogLevels, type LogLevel } from './levels.js';
import { RotatingFile } from './rotating-file.js';

export interface LogSink {
  write(line: string): void;
  close?(): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** `undefined` or `'stderr'` writes to stderr; any other value is a file path. */
  file?: string;
  /** Rotation size in bytes (0 = never). Supervisor's default is 50 MB. */
  maxBytes?: number;
  /** Rotated files kept. Supervisor's default is 10. */
  backups?: number;
  /** Prefix of every line, Supvisors' `software_name`. */
  prefix?: string;
}

/**
 * Under supervisord, stderr is a pipe (the listener's stderr_logfile), and Node writes pipes
 * asynchronously on POSIX: a line goes straight into the pipe when it has room, otherwise it waits
 * in the stream's memory, and what still waits there at process.exit is lost (measured: only the
 * 64 KiB the pipe holds arrive when supervisord does not read). Files and terminals are written
 * synchronously by Node.
 */
const stderrSink: LogSink = { write: (line) => void process.stderr.write(line) };

/** Supervisor's asctime: `2026-11-22 02:30:00,123` in local time. */
function asctime(date: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

/** One log line: `[<prefix>;]<asctime>;<LEVEL>;[[scope] ]<message>`. */
function formatLine(prefix: string, scope: string, level: LogLevel, message: string): string {
  const prefixPart = prefix === '' ? '' : `${prefix};`;
  const scopePart = scope === '' ? '' : `[${scope}] `;
  return `${prefixPart}${asctime(new Date())};${LogLevels[level].tag};${scopePart}${message}\n`;
}

interface SharedState {
  threshold: number;
  level: LogLevel;
  sink: LogSink;
  prefix: string;
}

/**
 * The project's one logger. Lines read `<asctime>;<LEVEL>;<message>` as in Supvisors, with an
 * optional `<software_name>;` prefix and a `[scope]` for child loggers (one per actor).
 * Children share their parent's level and sink, so `setLevel` acts on the whole tree.
 */
export class Logger {
  private constructor(
    private readonly shared: SharedState,
    private readonly scope: string,
  ) {}

  static create(options: LoggerOptions = {}): Logger {
    const level = options.level ?? 'info';
    const prefix = options.prefix ?? '';
    const sink =
      options.file === undefined || options.file === 'stderr'
        ? stderrSink
        : new RotatingFile(options.file, options.maxBytes ?? 50 * 1024 * 1024, options.backups ?? 10, {
            formatNotice: (message) => formatLine(prefix, 'log', 'warn', message),
          });
    return new Logger({ level, threshold: LogLevels[level].value, sink, prefix }, '');
  }

  /** A logger writing to the given sink, for tests and embedding. */
  static toSink(sink: LogSink, level: LogLevel = 'info'): Logger {
    return new Logger({ level, threshold: LogLevels[level].value, sink, prefix: '' }, '');
  }

  child(scope: string): Logger {
    return new Logger(this.shared, this.scope === '' ? scope : `${this.scope}/${scope}`);
  }

  get level(): LogLevel {
    return this.shared.level;
  }

  setLevel(level: LogLevel): void {
    this.shared.level = level;
    this.shared.threshold = LogLevels[level].value;
  }

  isEnabled(level: LogLevel): boolean {
    return LogLevels[level].value >= this.shared.threshold;
  }

  log(level: LogLevel, message: string): void {
    if (LogLevels[level].value < this.shared.threshold) return;
    this.shared.sink.write(formatLine(this.shared.prefix, this.scope, level, message));
  }

  critical(message: string): void {
    this.log('critical', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  debug(message: string): void {
    this.log('debug', message);
  }
  trace(message: string): void {
    this.log('trace', message);
  }
  blather(message: string): void {
    this.log('blather', message);
  }

  close(): void {
    this.shared.sink.close?.();
  }
}
