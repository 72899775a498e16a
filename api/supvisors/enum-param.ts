/** Enum parameters as Supvisors reads them (spec/xmlrpc.md §3.6): a name, or an int; any other type refused. */
import { rpcFault, type SupvisorsError } from '../../errors/errors.js';
import { pythonClass, pythonText } from '../../xmlrpc/python-text.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

/**
 * An enum parameter as Supvisors reads it: a name among `names`, or the int value of one of the
 * `builtins` (their index); any other type is refused.
 */
export function parseEnumParam<N extends string>(value: XmlRpcValue | undefined, names: readonly N[], builtins: readonly N[], enumText: string): N {
  if (typeof value === 'string') {
    const found = names.find((name) => name === value);
    if (found !== undefined) return found;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid ${enumText} value=${value} - string expected in [${names.map((name) => `'${name}'`).join(', ')}]`);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    const name = builtins[value];
    if (name !== undefined) return name;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid ${enumText} value=${value} - integer expected in [${builtins.map((_, index) => index).join(', ')}]`);
  }
  throw otherTypeRefused(enumText, value);
}

/** The fault of a value neither a string nor an int, in Supvisors' words (`what`: `<enum '...'>`, `logger`). */
export function otherTypeRefused(what: string, value: XmlRpcValue | undefined): SupvisorsError {
  const text = value === undefined ? 'None' : (pythonText(value) ?? JSON.stringify(value));
  return rpcFault('INCORRECT_PARAMETERS', `invalid ${what} value=${text} type=<class '${pythonClass(value)}'> - type string or integer expected`);
}
