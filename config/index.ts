import { SupvisorsError } from '../errors/errors.js';
import { parseLogLevel, type LogLevel } from '../log/levels.js';

/** Everything the runtime needs to start, from one place. */
export interface RuntimeConfig {
  /** Identifier of this node in diagnostics. */
  node: string;
  host: string;
  /** 0 = any free port. */
  httpPort: number;
  logLevel: LogLevel;
  /** Only validate the configuration, then exit. */
  checkOnly: boolean;
}

const usage = 'usage: supvisorsd [--host HOST] [--http-port PORT] [--log-level LEVEL] [--node NAME] [--check]';

/** The one configuration entry point: command-line arguments in, validated config out. */
export function loadConfig(argv: readonly string[]): RuntimeConfig {
  const config: RuntimeConfig = { node: 'local', host: '127.0.0.1', httpPort: 0, logLevel: 'info', checkOnly: false };
  const value = (index: number, flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined) throw new SupvisorsError('CONFIG_INVALID', `${flag} needs a value\n${usage}`);
    return next;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    switch (flag) {
      case '--host':
        config.host = value(index, flag);
        index += 1;
        break;
      case '--http-port': {
        const port = Number(value(index, flag));
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new SupvisorsError('CONFIG_INVALID', `--http-port: expected an integer in 0..65535, got ${argv[index + 1]}`);
        }
        config.httpPort = port;
        index += 1;
        break;
      }
      case '--log-level': {
        const level = parseLogLevel(value(index, flag));
        if (level === undefined) {
          throw new SupvisorsError('CONFIG_INVALID', `--log-level: expected critical, error, warn, info, debug, trace or blather, got ${argv[index + 1]}`);
        }
        config.logLevel = level;
        index += 1;
        break;
      }
      case '--node':
        config.node = value(index, flag);
        index += 1;
        break;
      case '--check':
        config.checkOnly = true;
        break;
      default:
        throw new SupvisorsError('CONFIG_INVALID', `unknown argument ${flag}\n${usage}`);
    }
  }
  return config;
}
