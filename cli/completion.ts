/**
 * Tab completion in the supvisorsctl shell: the first word completes to an action name (as
 * `help <action>`); the others by the kind of argument the command declares (Command.args, the
 * last kind repeating). Names that live on the node (applications, namespecs, programs,
 * instances, actors, the strategies its plugins bring) are fetched through the client and cached
 * a few seconds; a fetch slower than a short bound, or failing, completes nothing of them (the
 * built-in strategies still complete): the prompt never waits long.
 */
import type { SupvisorsClient } from '../client/index.js';
import { EVENT_HEADERS } from '../events/headers.js';
import { logLevelNames } from '../log/levels.js';
import type { ArgKind, Command } from './command.js';
import { SHELL_ACTIONS } from './help.js';
import { conciliationStrategyNames, startingStrategyNames } from '../vocabulary/strategies.js';

export type CompletionKind = 'action' | ArgKind;

export interface CompletionTarget {
  readonly kind: CompletionKind;
  /** The word being completed, as typed so far (readline replaces it). */
  readonly word: string;
}

/** What the last word of `line` is, or undefined when nothing completes it. */
export function completionTarget(line: string, commands: readonly Command[]): CompletionTarget | undefined {
  const word = /\S*$/.exec(line)?.[0] ?? '';
  const before = line.slice(0, line.length - word.length).trim();
  if (before === '') return { kind: 'action', word };
  const words = before.split(/\s+/);
  const [name] = words;
  if (name === 'help') return words.length === 1 ? { kind: 'action', word } : undefined;
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined || command.args.length === 0) return undefined;
  const kind = command.args[Math.min(words.length - 1, command.args.length - 1)];
  return kind === undefined || kind === 'text' ? undefined : { kind, word };
}

/** The candidates starting with `word`, sorted; a single one gets a trailing space, as supervisorctl's. */
export function matching(candidates: Iterable<string>, word: string): string[] {
  const hits = [...new Set(candidates)].filter((candidate) => candidate.startsWith(word)).sort();
  return hits.length === 1 ? [`${hits[0]} `] : hits;
}

export function actionNames(commands: readonly Command[]): string[] {
  return [...commands.map((command) => command.name), 'help', ...SHELL_ACTIONS];
}

/** Namespecs as supervisorctl completes process names: `name` when it is its group's only name, else `group:name` and `group:*`. */
export function namespecCandidates(processes: readonly { readonly application_name: string; readonly process_name: string }[]): string[] {
  return processes.flatMap(({ application_name: group, process_name: name }) => (group === name ? [name] : [`${group}:${name}`, `${group}:*`]));
}

/** The kinds whose built-in names a node's plugins add to (`supvisors.get_all_strategies`). */
const PLUGIN_KINDS: ReadonlyMap<ArgKind, string> = new Map([
  ['strategy', 'starting'],
  ['conciliation', 'conciliation'],
]);

/** The kinds whose names are fixed (no call to the node), plugins' strategies aside. */
export function staticCandidates(kind: ArgKind): readonly string[] | undefined {
  switch (kind) {
    case 'strategy':
      return startingStrategyNames;
    case 'conciliation':
      return conciliationStrategyNames;
    case 'loglevel':
      return logLevelNames;
    case 'event-header':
      return EVENT_HEADERS;
    default:
      return undefined;
  }
}

/** The names of a kind as the node has them now. */
export type NameFetcher = (kind: ArgKind) => Promise<readonly string[]>;

export function clientFetcher(client: SupvisorsClient): NameFetcher {
  // Short: a Tab press must not leave a call behind for long.
  const quick = client.with({ timeoutMs: 3000, retries: 0 });
  return async (kind) => {
    switch (kind) {
      case 'application':
        return (await quick.supvisors.get_all_applications_info()).map((info) => info.application_name);
      case 'namespec':
        return namespecCandidates(await quick.supvisors.get_all_process_info());
      case 'program':
        return (await quick.supvisors.get_all_local_process_info()).map((info) => info.program_name);
      case 'instance':
        return (await quick.supvisors.get_all_instances_info()).flatMap((info) => [info.identifier, info.nick_identifier]);
      case 'actor':
        return (await quick.supvisors.get_actor_diagnostics(0)).actors.flatMap((actor) => ('name' in actor && typeof actor.name === 'string' ? [actor.name] : []));
      case 'strategy':
      case 'conciliation':
        return (await quick.supvisors.get_all_strategies()).filter((strategy) => strategy.kind === PLUGIN_KINDS.get(kind)).map((strategy) => strategy.name);
      default:
        return [];
    }
  };
}

export interface CompleterOptions {
  /** How long fetched names are reused (default 5 s). */
  readonly ttlMs?: number;
  /** The longest a Tab press waits for names (default 1 s); a slower fetch still fills the cache. */
  readonly waitMs?: number;
  readonly now?: () => number;
}

/** The shell's completer: `complete(line)` gives readline's `[hits, word]`. */
export class Completer {
  private readonly cache = new Map<ArgKind, { readonly at: number; readonly names: readonly string[] }>();
  private readonly pending = new Map<ArgKind, Promise<readonly string[]>>();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly commands: readonly Command[],
    private readonly fetch: NameFetcher,
    options: CompleterOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.waitMs = options.waitMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  async complete(line: string): Promise<[string[], string]> {
    const target = completionTarget(line, this.commands);
    if (target === undefined) return [[], ''];
    const names = target.kind === 'action' ? actionNames(this.commands) : await this.candidates(target.kind);
    return [matching(names, target.word), target.word];
  }

  private async candidates(kind: ArgKind): Promise<readonly string[]> {
    const fixed = staticCandidates(kind);
    if (fixed === undefined) return this.names(kind);
    return PLUGIN_KINDS.has(kind) ? [...fixed, ...(await this.names(kind))] : fixed;
  }

  private async names(kind: ArgKind): Promise<readonly string[]> {
    const cached = this.cache.get(kind);
    if (cached !== undefined && this.now() - cached.at < this.ttlMs) return cached.names;
    let fetching = this.pending.get(kind);
    if (fetching === undefined) {
      fetching = this.fetch(kind).then(
        (names) => {
          this.cache.set(kind, { at: this.now(), names });
          return names;
        },
        () => [],
      );
      const settled = fetching.finally(() => this.pending.delete(kind));
      this.pending.set(kind, settled);
      fetching = settled;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<readonly string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.waitMs);
    });
    try {
      return await Promise.race([fetching, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
