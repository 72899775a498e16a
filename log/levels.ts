/** Supervisor's log levels (supervisor/loggers.py): config names, numeric values and line tags. */
export const LogLevels = {
  critical: { value: 50, tag: 'CRIT' },
  error: { value: 40, tag: 'ERRO' },
  warn: { value: 30, tag: 'WARN' },
  info: { value: 20, tag: 'INFO' },
  debug: { value: 10, tag: 'DEBG' },
  trace: { value: 5, tag: 'TRAC' },
  blather: { value: 3, tag: 'BLAT' },
} as const;

export type LogLevel = keyof typeof LogLevels;

export const logLevelNames = Object.keys(LogLevels) as LogLevel[];

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LogLevels, value);
}

/** Accepts a level name (any case) or its numeric value; undefined when neither. */
export function parseLogLevel(value: string | number): LogLevel | undefined {
  if (typeof value === 'number') return logLevelNames.find((name) => LogLevels[name].value === value);
  const lower = value.trim().toLowerCase();
  return isLogLevel(lower) ? lower : undefined;
}
