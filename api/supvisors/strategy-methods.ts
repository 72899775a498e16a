/**
 * `supvisors.get_all_strategies` (ours): every strategy this node knows, the built-ins of each
 * kind, then the plugins it loaded (docs/extending.md) with the file that brings each.
 */
import { implement, type Implementation } from '../xmlrpc/method.js';
import { builtinStrategies } from '../../vocabulary/strategies.js';

export interface PluginStrategy {
  readonly name: string;
  readonly kind: string;
  readonly file: string;
}

export function strategyMethods(plugins: readonly PluginStrategy[]): Implementation[] {
  const all = [
    ...builtinStrategies().map(({ name, kind }) => ({ name, kind, origin: 'built-in' })),
    ...plugins.map(({ name, kind, file }) => ({ name, kind, origin: file })),
  ];
  return [implement('supvisors.get_all_strategies', () => all.map((strategy) => ({ ...strategy })))];
}
