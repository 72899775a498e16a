/** supervisorctl's exit codes (LSB; spec/cli.md §2): a script tells the failures apart by them. */
export const ExitCodes = {
  SUCCESS: 0,
  /** Any XML-RPC fault during the command. */
  GENERIC: 1,
  /** Wrong arguments (then the command's help is printed). */
  INVALID_ARGS: 2,
  /** The server has no supvisors namespace. */
  UNIMPLEMENTED: 3,
  /** Connection refused. */
  NOPERM: 4,
  /** The server's Supvisors API version is not ours. */
  NOT_INSTALLED: 5,
  /** The unix socket does not exist. */
  NOT_RUNNING: 7,
} as const;

export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];
