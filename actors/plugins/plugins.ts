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
import { startingStrategyNames } from '../../vocabulary/strategies.js';

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

/** A plugin module imported and checked, not spawned yet. */
export interface PluginModule {
  readonly name: string;
  readonly file: string;
  readonly actor: ActorFactory<ChooseMessage>;
}

/**
 * Imports and checks every module, spawning nothing: what `supvisorsd --check` runs, and the
 * first half of loadPlugins. Throws CONFIG_INVALID naming the file at the first bad module.
 */
export async function importPlugins(files: readonly string[]): Promise<PluginModule[]> {
  const modules: PluginModule[] = [];
  for (const file of files) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw invalid(file, `cannot be loaded: ${describeError(error)}`);
    }
    const { strategy, kind, actor } = module;
    if (typeof strategy !== 'string' || !namePattern.test(strategy)) throw invalid(file, `export 'strategy' must be an upper-case name ([A-Z][A-Z0-9_]*), got ${JSON.stringify(strategy)}`);
    if ((startingStrategyNames as readonly string[]).includes(strategy)) throw invalid(file, `strategy ${strategy} is a built-in name`);
    const twin = modules.find((known) => known.name === strategy);
    if (twin !== undefined) throw invalid(file, `strategy ${strategy} is already defined by ${twin.file}`);
    if (kind !== 'starting') throw invalid(file, `export 'kind' must be 'starting', got ${JSON.stringify(kind)}`);
    if (typeof actor !== 'function') throw invalid(file, "export 'actor' must be an actor factory: (context) => ({ receive(message) { ... } })");
    modules.push({ name: strategy, file, actor: actor as ActorFactory<ChooseMessage> });
  }
  return modules;
}

export async function loadPlugins(system: ActorSystem, files: readonly string[]): Promise<StrategyPlugin[]> {
  return (await importPlugins(files)).map(({ name, file, actor }) => ({ name, file, ref: system.spawn<ChooseMessage>(`strategy:${name}`, actor, { kind: `plugin ${file}` }) }));
}
