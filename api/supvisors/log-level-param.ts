import { rpcFault } from '../../errors/errors.js';
import { LogLevels, logLevelNames, parseLogLevel, type LogLevel } from '../../log/levels.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { otherTypeRefused } from './enum-param.js';

/** The `level_param` of change_log_level, with Supvisors' exact fault texts (spec/xmlrpc.md §3.6). */
export function logLevelParam(value: XmlRpcValue): LogLevel {
  if (typeof value === 'string') {
    const level = parseLogLevel(value);
    if (level !== undefined) return level;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid logger value=${value} - string expected in [${logLevelNames.map((name) => `'${name}'`).join(', ')}]`);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    const level = parseLogLevel(value);
    if (level !== undefined) return level;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid logger value=${value} - integer expected in [${logLevelNames.map((name) => LogLevels[name].value).join(', ')}]`);
  }
  throw otherTypeRefused('logger', value);
}
