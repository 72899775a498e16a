/**
 * A node's actor diagnostics (`supvisors.get_actor_diagnostics`) read into typed data. The
 * contract only says `actors` are objects (their fields are the runtime's, docs/actors.md), so
 * each field is read for what it is and a missing or odd one reads as 0 / '': a CLI showing
 * a column of zeros beats one that refuses a whole node. Pure.
 */
import type { ActorDiagnostics, FailureRecord } from '../actors/core/diagnostics.js';
import type { Result } from '../contract/index.js';
import type { MailboxStats } from '../mailbox/metrics.js';
import type { MessagePeek } from '../mailbox/peek.js';

export interface NodeSnapshot {
  /** The node's nick (its actor system's name). */
  readonly node: string;
  /** Epoch seconds. */
  readonly at: number;
  /** Seconds since its actor system started: the clock of rates (it goes back when the runtime restarted). */
  readonly uptimeS: number;
  readonly actors: readonly ActorDiagnostics[];
}

type Loose = Readonly<Record<string, unknown>>;

const loose = (value: unknown): Loose => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {});
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

function mailboxOf(value: unknown): MailboxStats {
  const box = loose(value);
  return {
    depth: num(box['depth']),
    capacity: num(box['capacity']),
    overflow: text(box['overflow']),
    highWater: num(box['highWater']),
    enqueued: num(box['enqueued']),
    processed: num(box['processed']),
    failed: num(box['failed']),
    dropped: num(box['dropped']),
    rejected: num(box['rejected']),
    restarts: num(box['restarts']),
    handlingMeanUs: num(box['handlingMeanUs']),
    handlingP99Us: num(box['handlingP99Us']),
    waitingMeanUs: num(box['waitingMeanUs']),
    waitingP99Us: num(box['waitingP99Us']),
    oldestAgeMs: num(box['oldestAgeMs']),
    lastType: text(box['lastType']),
  };
}

function peekOf(value: unknown): MessagePeek {
  const queued = loose(value);
  return { type: text(queued['type']), summary: text(queued['summary']), ageMs: num(queued['ageMs']) };
}

function failureOf(value: unknown): FailureRecord | undefined {
  if (value === undefined) return undefined;
  const failure = loose(value);
  return { message: text(failure['message']), during: text(failure['during']), at: num(failure['at']) };
}

export function actorOf(value: unknown): ActorDiagnostics {
  const actor = loose(value);
  const lastFailure = failureOf(actor['lastFailure']);
  return {
    name: text(actor['name']),
    parent: text(actor['parent']),
    kind: text(actor['kind']),
    status: text(actor['status']),
    children: list(actor['children']).map(text),
    timers: num(actor['timers']),
    restarts: num(actor['restarts']),
    ...(lastFailure === undefined ? {} : { lastFailure }),
    mailbox: mailboxOf(actor['mailbox']),
    peek: list(actor['peek']).map(peekOf),
  };
}

export function readSnapshot(raw: Result<'supvisors.get_actor_diagnostics'>): NodeSnapshot {
  return { node: raw.node, at: raw.at, uptimeS: raw.uptimeS, actors: raw.actors.map(actorOf) };
}
