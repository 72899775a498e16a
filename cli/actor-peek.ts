/**
 * `supvisorsctl peek NODE ACTOR [N]`: the arguments, and what is shown of one actor (its mailbox
 * metrics and its first queued messages, redacted by the runtime). Pure.
 */
import { PEEK_MAX } from '../mailbox/peek.js';
import type { ActorDiagnostics } from '../actors/core/diagnostics.js';
import type { Column } from './command.js';
import { positiveInteger } from './arguments.js';

export const PEEK_COUNT_DEFAULT = 10;

export interface PeekOptions {
  readonly node: string;
  readonly actor: string;
  readonly count: number;
}

export function parsePeekArgs(args: readonly string[]): PeekOptions | { readonly error: string } {
  const [node, actor, count, ...more] = args;
  if (node === undefined || actor === undefined) return { error: 'peek takes a node and an actor' };
  if (more.length > 0) return { error: `unexpected argument ${more.join(' ')}` };
  if (count === undefined) return { node, actor, count: PEEK_COUNT_DEFAULT };
  const value = positiveInteger(count);
  if (value === undefined || value > PEEK_MAX) return { error: `the number of messages is an integer from 1 to ${PEEK_MAX}: ${count}` };
  return { node, actor, count: value };
}

/** The `--json` document of peek. */
export interface PeekDocument {
  readonly node: string;
  readonly actor: string;
  readonly status: string;
  readonly kind: string;
  readonly parent: string;
  readonly restarts: number;
  readonly lastFailure?: ActorDiagnostics['lastFailure'];
  readonly health?: string;
  readonly mailbox: ActorDiagnostics['mailbox'];
  readonly queued: ActorDiagnostics['peek'];
}

export function peekDocument(node: string, actor: ActorDiagnostics): PeekDocument {
  return {
    node,
    actor: actor.name,
    status: actor.status,
    kind: actor.kind,
    parent: actor.parent,
    restarts: actor.restarts,
    ...(actor.lastFailure === undefined ? {} : { lastFailure: actor.lastFailure }),
    ...(actor.health === undefined ? {} : { health: actor.health }),
    mailbox: actor.mailbox,
    queued: actor.peek,
  };
}

const ms = (us: number): string => `${(us / 1000).toFixed(2)} ms`;

/** The metrics lines before the table of queued messages. */
export function peekLines(document: PeekDocument): string[] {
  const box = document.mailbox;
  const bound = box.capacity === 0 ? 'unbounded' : `capacity ${box.capacity} (${box.overflow})`;
  const lines = [
    `${document.node} ${document.actor}: ${document.status}, ${document.restarts} restarts`,
    `mailbox: depth ${box.depth}, high-water ${box.highWater}, ${bound}, oldest message ${Math.round(box.oldestAgeMs)} ms`,
    `messages: ${box.enqueued} enqueued, ${box.processed} processed, ${box.failed} failed, ${box.dropped} dropped, ${box.rejected} rejected`,
    `handling: mean ${ms(box.handlingMeanUs)}, p99 ${ms(box.handlingP99Us)}; waiting: mean ${ms(box.waitingMeanUs)}, p99 ${ms(box.waitingP99Us)}`,
    `last message: ${box.lastType === '' ? '-' : box.lastType}`,
  ];
  if (document.health !== undefined) lines.push(`health: ${document.health}`);
  if (document.lastFailure !== undefined) {
    lines.push(`last failure: during ${document.lastFailure.during} at ${new Date(document.lastFailure.at).toISOString()}: ${document.lastFailure.message}`);
  }
  lines.push(document.queued.length === 0 ? 'no queued message' : `queued messages: ${document.queued.length} of ${box.depth}`);
  return lines;
}

export const QUEUED_COLUMNS: readonly Column[] = [
  { title: '#', width: 'var' },
  { title: 'Type', width: 'var' },
  { title: 'Age ms', width: 'var' },
  { title: 'Summary', width: 'var' },
];

export function queuedRows(document: PeekDocument): string[][] {
  return document.queued.map((queued, index) => [String(index + 1), queued.type, String(Math.round(queued.ageMs)), queued.summary]);
}
