import { Logger } from '../../log/logger.js';
import type { LogLevel } from '../../log/levels.js';

/** A logger that keeps its lines in memory, so tests can assert on them and stay quiet. */
export function memoryLogger(level: LogLevel = 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: Logger.toSink({ write: (line) => void lines.push(line) }, level), lines };
}
