/**
 * Strategy plugins (docs/extending.md): JS modules named by the `plugins` option, each adding one
 * starting strategy as a custom actor. A module exports
 *   - `strategy`: the name, upper case (`[A-Z][A-Z0-9_]*`), not a built-in one;
 *   - `kind`: `'starting'` (the only kind so far);
 *   - `actor`: an actor factory; the starter asks it `{ type: 'choose', candidates, load,
 *     localIdentifier, replyTo }` and it replies an identifier among the valid candidates, or null.
 * Each is spawned as `strategy:<NAME>` (kind `plugin <file>` in diagnostics), supervised like any
 * actor. A module that cannot be loaded or is malformed stops supvisorsd at start with a
 * CONFIG_INVALID error naming the file and what is wrong.
 */
import { pathToFileURL } from 'node:url';
import type { ActorFactory, ActorRef, ActorSystem, ReplyTo } from '../core/index.js';
import { describeError, SupvisorsError } from '../../errors/errors.js';
import type { PlacementInput } from '../../strategies/placement.js';
import { startingStrategies } from '../../strategies/types.js';

/** What a starting-strategy plugin is asked: plain data, the same as a built-in strategy gets. */
export type ChooseMessage = { readonly type: 'choose'; readonly replyTo: ReplyTo<string | null> } & PlacementInput;

export interface StrategyPlugin {
  readonly name: string;
  readonly file: string;
  readonly ref: ActorRef<ChooseMessage>;
}

const namePattern = /^[A-Z][A-Z0-9_]*$/;

function invalid(file: string, what: string): SupvisorsError {
  return new SupvisorsError('CONFIG_INVALID', `plugin ${file}: ${what}`);
}

export async function loadPlugins(system: ActorSystem, files: readonly string[]): Promise<StrategyPlugin[]> {
  const plugins: StrategyPlugin[] = [];
  for (const file of files) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw invalid(file, `cannot be loaded: ${describeError(error)}`);
    }
    const { strategy, kind, actor } = module;
    if (typeof strategy !== 'string' || !namePattern.test(strategy)) throw invalid(file, `export 'strategy' must be an upper-case name ([A-Z][A-Z0-9_]*), got ${JSON.stringify(strategy)}`);
    if ((startingStrategies as readonly string[]).includes(strategy)) throw invalid(file, `strategy ${strategy} is a built-in name`);
    if (plugins.some((plugin) => plugin.name === strategy)) throw invalid(file, `strategy ${strategy} is already defined by ${plugins.find((plugin) => plugin.name === strategy)?.file}`);
    if (kind !== 'starting') throw invalid(file, `export 'kind' must be 'starting', got ${JSON.stringify(kind)}`);
    if (typeof actor !== 'function') throw invalid(file, "export 'actor' must be an actor factory: (context) => ({ receive(message) { ... } })");
    const ref = system.spawn<ChooseMessage>(`strategy:${strategy}`, actor as ActorFactory<ChooseMessage>, { kind: `plugin ${file}` });
    plugins.push({ name: strategy, file, ref });
  }
  return plugins;
}
