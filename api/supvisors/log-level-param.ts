import { rpcFault } from '../../errors/errors.js';
import { LogLevels, logLevelNames, parseLogLevel, type LogLevel } from '../../log/levels.js';
import { XmlRpcDouble, type XmlRpcValue } from '../../xmlrpc/values.js';

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
  const pythonType = typeof value === 'boolean' ? 'bool' : typeof value === 'number' || value instanceof XmlRpcDouble ? 'float' : Array.isArray(value) ? 'list' : 'dict';
  const shown = typeof value === 'boolean' ? (value ? 'True' : 'False') : value instanceof XmlRpcDouble ? String(value.value) : JSON.stringify(value);
  throw rpcFault('INCORRECT_PARAMETERS', `invalid logger value=${shown} type=<class '${pythonType}'> - type string or integer expected`);
}
