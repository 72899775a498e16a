/**
 * `actors`: a cluster-wide top of the actor mailboxes; `peek NODE ACTOR [N]`: one actor's
 * mailbox and queued messages. Both read `supvisors.get_actor_diagnostics`, which any node
 * answers about any node (docs/actors.md).
 */
import { actorCells, ACTOR_COLUMNS, parseActorsArgs, type ActorsOptions } from '../actors-top.js';
import { actorRows, sortRows, type ActorRow } from '../../actors/diagnostics/actor-rows.js';
import { parsePeekArgs, peekDocument, peekLines, QUEUED_COLUMNS, queuedRows } from '../actor-peek.js';
import { readSnapshot, type NodeSnapshot } from '../../actors/diagnostics/snapshot-reading.js';
import { pause } from '../abortable.js';
import { usageError } from '../report.js';
import type { Command, CommandContext } from '../command.js';
import { ExitCodes, type ExitCode } from '../exit-codes.js';
import { findInstance } from '../instance-address.js';
import { failed, failureText, streamError } from './ours-errors.js';
import { clockText } from '../clock-text.js';

/** The first rates compare two snapshots taken this far apart. */
const RATE_WINDOW_MS = 1000;

interface Sample {
  readonly snapshots: readonly NodeSnapshot[];
  /** Nodes that did not answer, as error lines. */
  readonly errors: readonly string[];
}

/** The snapshots of every RUNNING node (or of `--node`); a failure of the instance list, or an unknown node, is thrown. */
async function sample(context: CommandContext, options: ActorsOptions): Promise<Sample> {
  const instances = await context.client.supvisors.get_all_instances_info();
  let chosen = instances;
  if (options.node !== undefined) {
    const found = findInstance(instances, options.node);
    if (found === undefined) throw new UnknownNodeError(options.node, instances.map((instance) => instance.nick_identifier).sort());
    chosen = [found];
  }
  const errors: string[] = [];
  const running = chosen.filter((instance) => {
    if (instance.statename !== 'RUNNING') errors.push(`${instance.nick_identifier}: ERROR: not RUNNING (${instance.statename})`);
    return instance.statename === 'RUNNING';
  });
  const answers = await Promise.allSettled(running.map((instance) => context.client.supvisors.get_actor_diagnostics(0, instance.identifier)));
  const snapshots: NodeSnapshot[] = [];
  answers.forEach((answer, index) => {
    if (answer.status === 'fulfilled') snapshots.push(readSnapshot(answer.value));
    else errors.push(failureText(answer.reason, `${running[index]?.nick_identifier ?? '?'}: `));
  });
  return { snapshots, errors };
}

class UnknownNodeError extends Error {
  constructor(node: string, known: readonly string[]) {
    super(`ERROR: unknown node ${node} (nodes: ${known.join(', ')})`);
  }
}

const sampleFailure = (error: unknown): string => (error instanceof UnknownNodeError ? error.message : failureText(error));

function rowsOf(current: Sample, previous: Sample | undefined, options: ActorsOptions): ActorRow[] {
  const before = new Map((previous?.snapshots ?? []).map((snapshot) => [snapshot.node, snapshot]));
  return sortRows(
    current.snapshots.flatMap((snapshot) => actorRows(snapshot, before.get(snapshot.node))),
    options.sort,
  );
}

function show(context: CommandContext, rows: readonly ActorRow[], errors: readonly string[], watchS: number | undefined): void {
  const { out } = context;
  // one document for a table; with --watch, one JSON line per period (and per error)
  for (const error of errors) {
    if (watchS === undefined) out.error(error);
    else streamError(out, error);
  }
  if (out.json) {
    if (watchS === undefined) out.document(rows);
    else out.jsonLine(rows);
    return;
  }
  if (watchS !== undefined) {
    const now = new Date();
    const title = `actors at ${clockText(now)}, every ${watchS} s (Ctrl-C to stop)`;
    // On a terminal, redraw in place; piped, one table after another.
    out.line(out.color ? `\x1b[H\x1b[2J${title}` : `\n${title}`);
  }
  out.table(ACTOR_COLUMNS, rows.map(actorCells));
}

async function runActors(context: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const options = parseActorsArgs(args);
  if ('error' in options) return usageError(context.out, actorsCommand, `ERROR: ${options.error}`);
  const { signal } = context;
  let previous: Sample;
  try {
    previous = await sample(context, options);
  } catch (error) {
    context.out.error(sampleFailure(error));
    return ExitCodes.GENERIC;
  }
  let wait = RATE_WINDOW_MS;
  for (;;) {
    await pause(wait, signal);
    // Ctrl-C ends a watch; within the first window of a table, it shows the first snapshots, without rates
    if (signal.aborted && options.watchS !== undefined) return ExitCodes.SUCCESS;
    let current: Sample;
    try {
      current = signal.aborted ? previous : await sample(context, options);
    } catch (error) {
      if (options.watchS === undefined) {
        context.out.error(sampleFailure(error));
        return ExitCodes.GENERIC;
      }
      streamError(context.out, sampleFailure(error));
      continue;
    }
    show(context, rowsOf(current, current === previous ? undefined : previous, options), current.errors, options.watchS);
    if (options.watchS === undefined) return current.errors.length > 0 ? ExitCodes.GENERIC : ExitCodes.SUCCESS;
    previous = current;
    wait = options.watchS * 1000;
  }
}

export const actorsCommand: Command = {
  name: 'actors',
  usage: 'actors [--sort depth|age|rate|p99|restarts|name] [--node <node>] [--watch [<seconds>]]',
  help: [
    'Not in Python Supvisors. The actor mailboxes of every RUNNING node (or of one node with --node,',
    'by identifier or nick): depth, high-water mark, age of the oldest queued message, messages',
    'processed per second (over 1 s, then over each period with --watch), handling and waiting p99',
    'times, failures and restarts. Sorted by depth then age (default), or by the key given, busiest',
    'first (name: ascending). --watch: a new table every <seconds> (default 2) until Ctrl-C.',
    '--json: the rows as a JSON list; with --watch one list per line per period (JSON Lines).',
  ],
  args: [],
  upcheck: true,
  run: runActors,
};

async function runPeek(context: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const { out } = context;
  const options = parsePeekArgs(args);
  if ('error' in options) return usageError(out, peekCommand, `ERROR: ${options.error}`);
  let snapshot: NodeSnapshot;
  try {
    snapshot = readSnapshot(await context.client.supvisors.get_actor_diagnostics(options.count, options.node));
  } catch (error) {
    return failed(out, error);
  }
  const actor = snapshot.actors.find((candidate) => candidate.name === options.actor);
  if (actor === undefined) {
    out.error(`ERROR: no actor ${options.actor} on ${snapshot.node} (actors: ${snapshot.actors.map((candidate) => candidate.name).join(', ')})`);
    return ExitCodes.GENERIC;
  }
  const document = peekDocument(snapshot.node, actor);
  if (out.json) {
    out.document(document);
  } else {
    for (const line of peekLines(document)) out.line(line);
    if (document.queued.length > 0) out.table(QUEUED_COLUMNS, queuedRows(document));
  }
  return ExitCodes.SUCCESS;
}

export const peekCommand: Command = {
  name: 'peek',
  usage: 'peek <node> <actor> [<n>]',
  help: [
    'Not in Python Supvisors. The mailbox of one actor of a node (identifier or nick) and its first',
    '<n> queued messages (default 10, at most 50), summarized and with secrets hidden by the runtime.',
  ],
  args: ['instance', 'actor', 'text'],
  upcheck: true,
  run: runPeek,
};
