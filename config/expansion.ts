/**
 * Supervisor's expansions in option values (Python `value % expansions`):
 * `%(here)s` is the directory of the file holding the section, `%(host_node_name)s` the host
 * name (`os.hostname()`, Python's `platform.node()`), `%(ENV_X)s` the environment variable X;
 * `%%` is a literal `%`. Any other `%` use, or an unknown name, is a problem naming what is
 * available, as Supervisor refuses to start on it.
 */
import { accepted, rejected, type Parsed } from './values.js';

/** What expansions depend on besides the section's file. */
export interface ExpansionScope {
  readonly hostname: string;
  readonly env: NodeJS.ProcessEnv;
}

export function expansionVariables(scope: ExpansionScope, here: string): ReadonlyMap<string, string> {
  const variables = new Map<string, string>([
    ['here', here],
    ['host_node_name', scope.hostname],
  ]);
  for (const [name, value] of Object.entries(scope.env)) {
    if (value !== undefined) variables.set(`ENV_${name}`, value);
  }
  return variables;
}

const placeholder = /%(?:%|\(([^)]*)\)s)/y;

export function expand(text: string, variables: ReadonlyMap<string, string>): Parsed<string> {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const percent = text.indexOf('%', index);
    if (percent < 0) return accepted(result + text.slice(index));
    result += text.slice(index, percent);
    placeholder.lastIndex = percent;
    const match = placeholder.exec(text);
    if (match === null) {
      return rejected(`badly formatted expansion at "${text.slice(percent, percent + 12)}": write %(name)s, or %% for a literal %`);
    }
    const name = match[1];
    if (name === undefined) {
      result += '%';
    } else {
      const value = variables.get(name);
      if (value === undefined) return rejected(unknownName(name));
      result += value;
    }
    index = placeholder.lastIndex;
  }
  return accepted(result);
}

function unknownName(name: string): string {
  const available = 'available: here, host_node_name, ENV_<NAME> for each environment variable';
  if (name.startsWith('ENV_')) return `%(${name})s names the environment variable ${name.slice(4)}, which is not set (${available})`;
  return `unknown expansion %(${name})s (${available})`;
}
