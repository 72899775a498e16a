/**
 * Plugins (docs/extending.md): the JS modules named by the `plugins` option, each of one kind
 * (starting, running_failure, conciliation, actor) and run in a worker thread of its own behind a
 * proxy actor `plugin:<NAME>` (plugin-actor.ts). At start every module is loaded in a thread and
 * checked first: one that cannot be loaded, is malformed, or takes a name already taken stops
 * supvisorsd with CONFIG_INVALID naming the file and what is wrong; then the actors are spawned.
 */
import type { ActorRef, ActorSystem } from '../core/index.js';
import { SupvisorsError } from '../../errors/errors.js';
import { openPluginWorker } from '../../plugin-worker/host.js';
import type { ActorHost, PluginDescription, PluginKind } from '../../plugin-worker/protocol.js';
import type { PluginMessage } from './messages.js';
import { conciliationStrategyNames, startingStrategyNames } from '../../vocabulary/strategies.js';
import { pluginActorName } from './messages.js';
import { pluginActor } from './plugin-actor.js';

export interface PluginModule extends PluginDescription {
  readonly file: string;
}

export interface LoadedPlugin extends PluginModule {
  readonly ref: ActorRef<PluginMessage>;
}

/**
 * A plugin that falls behind (an actor plugin slower than the events, a blocked thread) keeps at
 * most this many messages waiting; past it the oldest are dropped, counted in its diagnostics (an
 * ask dropped fails at once with MESSAGE_DROPPED and gets its kind's fallback).
 */
const PLUGIN_MAILBOX = { capacity: 1000, overflow: 'drop-oldest' } as const;

/** Restarts of a plugin's actor: quick at first, at most 10 a minute before it is stopped for good. */
const PLUGIN_SUPERVISION = { kind: 'restart', backoff: { minMs: 50, maxMs: 5_000, factor: 2 }, intensity: { maxRestarts: 10, withinMs: 60_000 } } as const;

/**
 * Loads each module in a worker thread, checks it and ends the thread: what `supvisorsd --check`
 * runs, and the first half of loadPlugins. Throws CONFIG_INVALID naming the file at the first bad module.
 */
export async function describePlugins(files: readonly string[], timeoutMs: number): Promise<PluginModule[]> {
  const modules: PluginModule[] = [];
  for (const file of files) {
    let description: PluginDescription;
    try {
      const worker = await openPluginWorker(file, { timeoutMs });
      description = worker.description;
      await worker.terminate();
    } catch (error) {
      throw new SupvisorsError('CONFIG_INVALID', error instanceof Error ? error.message : String(error));
    }
    const twin = modules.find((known) => known.name === description.name);
    if (twin !== undefined) throw new SupvisorsError('CONFIG_INVALID', `plugin ${file}: the name ${description.name} is taken by ${twin.file}`);
    modules.push({ ...description, file });
  }
  return modules;
}

export async function loadPlugins(system: ActorSystem, files: readonly string[], options: { readonly timeoutMs: number; readonly host: ActorHost }): Promise<LoadedPlugin[]> {
  return (await describePlugins(files, options.timeoutMs)).map((module) => ({
    ...module,
    ref: system.spawn<PluginMessage>(pluginActorName(module.name), pluginActor({ file: module.file, timeoutMs: options.timeoutMs, host: options.host }), {
      kind: `plugin ${module.file}`,
      supervision: PLUGIN_SUPERVISION,
      mailbox: PLUGIN_MAILBOX,
    }),
  }));
}

/** The plugins of one kind, by name. */
export function pluginsOfKind(plugins: readonly LoadedPlugin[], kind: PluginKind): ReadonlyMap<string, ActorRef<PluginMessage>> {
  return new Map(plugins.filter((plugin) => plugin.kind === kind).map((plugin) => [plugin.name, plugin.ref]));
}

/** What rules files accept besides the built-in names: the plugins' starting and running failure strategies. */
export function rulesStrategies(modules: readonly PluginModule[]): { readonly starting: string[]; readonly runningFailure: string[] } {
  const names = (kind: PluginKind): string[] => modules.filter((module) => module.kind === kind).map((module) => module.name);
  return { starting: names('starting'), runningFailure: names('running_failure') };
}

/** The strategy options naming a plugin that none of the modules brings with that kind (config/values.ts parseStrategyChoice lets them through). */
export function unknownPluginOptions(options: { readonly startingStrategy: string; readonly conciliationStrategy: string }, modules: readonly PluginModule[]): string[] {
  const problems: string[] = [];
  const check = (option: string, value: string, kind: PluginKind, known: readonly string[]): void => {
    if (known.includes(value) || modules.some((module) => module.kind === kind && module.name === value)) return;
    problems.push(`${option} = ${value}: not a built-in strategy and no ${kind} plugin of that name is loaded (plugins: ${modules.map((module) => `${module.name} (${module.kind})`).join(', ') || 'none'})`);
  };
  check('starting_strategy', options.startingStrategy, 'starting', startingStrategyNames);
  check('conciliation_strategy', options.conciliationStrategy, 'conciliation', conciliationStrategyNames);
  return problems;
}
