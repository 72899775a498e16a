/**
 * The strategies plugins bring to the serving node (`supvisors.get_all_strategies`, docs/extending.md),
 * offered beside the built-in ones: read once per page load (plugins load with the node).
 */
import { useFetched } from './use-fetched.js';
import { call } from './api.js';

type PluginKind = 'starting' | 'conciliation';

let listed: ReturnType<typeof listAll> | undefined;

function listAll(): Promise<{ readonly name: string; readonly kind: string; readonly origin: string }[]> {
  return call('supvisors.get_all_strategies');
}

/** The names of the plugins of `kind`; none while unknown or when the node cannot say. */
export function usePluginStrategies(kind: PluginKind): readonly string[] {
  listed ??= listAll();
  const found = useFetched(kind, undefined, () => listed ?? Promise.resolve([]));
  return (found.value ?? []).filter((strategy) => strategy.kind === kind && strategy.origin !== 'built-in').map((strategy) => strategy.name);
}
