/** Shared fixtures of the state-machine and instance-tracker tests: options, instance lists, fake refs. */
import { optionTable, type OptionContext, type TableOptions } from '../../../config/options.js';
import type { SupvisorsOptions } from '../../../config/types.js';
import type { InstanceList } from '../../../cluster/instances.js';
import type { NetworkFacts } from '../../../payloads/network-info.js';
import { accepted } from '../../../config/values.js';

export function defaultOptions(overrides: Partial<SupvisorsOptions> = {}): SupvisorsOptions {
  const context: OptionContext = { cwd: '/', home: '/', httpPort: 60000, expand: (text) => accepted(text), warn: () => undefined };
  const table: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(optionTable)) table[field] = (spec as { fallback: (c: OptionContext) => unknown }).fallback(context);
  return { ...(table as unknown as TableOptions), httpPort: 60000, ...overrides };
}

export function instanceList(identifiers: readonly string[], local: string): InstanceList {
  return {
    localIdentifier: local,
    instances: identifiers.map((identifier, index) => ({
      identifier,
      nickIdentifier: `n${index + 1}`,
      host: identifier.split(':')[0] ?? '',
      port: Number(identifier.split(':')[1]),
      stereotypes: [],
      discovered: false,
      stereotypesKnown: identifier === local,
    })),
  };
}

export const network: NetworkFacts = { machineId: '00:00:00:00:00:01', fqdn: 'test', nics: [] };

