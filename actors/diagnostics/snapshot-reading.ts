/**
 * A node's actor diagnostics (`supvisors.get_actor_diagnostics`) read into typed data, for
 * supvisorsctl's `actors` / `peek` and the dashboard's Actors page. The contract only says
 * `actors` are objects (their fields are the runtime's, docs/actors.md), so each field is read
 * for what it is and a missing or odd one reads as 0 / '': a view showing a column of zeros
 * beats one that refuses a whole node. Pure.
 */
import type { ActorDiagnostics, FailureRecord } from '../core/diagnostics.js';
import type { DeadLetterStats } from '../core/dead-letters.js';
import type { EventLoopDelay } from './event-loop.js';
import type { MemoryFigures } from './memory.js';
import type { Result } from '../../contract/index.js';
import type { MailboxStats } from '../../mailbox/metrics.js';
import type { MessagePeek } from '../../mailbox/peek.js';

export interface NodeSnapshot {
  /** The node's actor system name: supervisord's identifier. */
  readonly node: string;
  /** Epoch seconds. */
  readonly at: number;
  /** Seconds since its actor system started: the clock of rates (it goes back when the runtime restarted). */
  readonly uptimeS: number;
  readonly actors: readonly ActorDiagnostics[];
  /** Totals and reasons; `recent` is left out (the views do not show it). */
  readonly deadLetters: Omit<DeadLetterStats, 'recent'>;
  /** The node's links to its peers, and how late its event loop runs: absent from a runtime that does not give them. */
  readonly peers?: readonly PeerFigures[];
  readonly eventLoop?: EventLoopDelay;
  /** Where its memory goes (memory.ts), without the heap's spaces: absent from a runtime that does not give it. */
  readonly memory?: NodeMemory;
}

export type NodeMemory = Omit<MemoryFigures, 'spaces'>;

/** What the views show of a peer link (transport.ts PeerLinkDiagnostics, its LinkFigures flattened). */
export interface PeerFigures {
  readonly identifier: string;
  /** up, connecting, down. */
  readonly state: string;
  /** Latest and smoothed heartbeat round trip, ms; 0 before the first. */
  readonly rttMs: number;
  readonly rttAvgMs: number;
  /** Since the peer was last heard, ms; undefined without a link. */
  readonly lastHeardAgeMs?: number;
  readonly queuedFrames: number;
  readonly queuedBytes: number;
  /** Heartbeat ticks this node's event loop ran late, and the worst lag seen (ms). */
  readonly lateTicks: number;
  readonly maxLagMs: number;
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
  const health = actor['health'];
  return {
    name: text(actor['name']),
    parent: text(actor['parent']),
    kind: text(actor['kind']),
    status: text(actor['status']),
    children: list(actor['children']).map(text),
    timers: num(actor['timers']),
    restarts: num(actor['restarts']),
    ...(lastFailure === undefined ? {} : { lastFailure }),
    ...(health === undefined ? {} : { health: text(health) }),
    mailbox: mailboxOf(actor['mailbox']),
    peek: list(actor['peek']).map(peekOf),
  };
}

function peerOf(value: unknown): PeerFigures {
  const peer = loose(value);
  const hasLink = typeof peer['link'] === 'object' && peer['link'] !== null;
  const link = loose(peer['link']);
  return {
    identifier: text(peer['identifier']),
    state: text(peer['state']),
    rttMs: num(link['rttMs']),
    rttAvgMs: num(link['rttAvgMs']),
    ...(hasLink ? { lastHeardAgeMs: num(link['lastHeardAgeMs']) } : {}),
    queuedFrames: num(link['queuedFrames']),
    queuedBytes: num(link['queuedBytes']),
    lateTicks: num(link['lateTicks']),
    maxLagMs: num(link['maxLagMs']),
  };
}

function deadLettersOf(value: unknown): NodeSnapshot['deadLetters'] {
  const letters = loose(value);
  const byReason = Object.fromEntries(Object.entries(loose(letters['byReason'])).map(([reason, count]) => [reason, num(count)]));
  return { total: num(letters['total']), byReason };
}

/** The named numbers of an object (0 for a missing or odd one); undefined when `value` is no object: a runtime that does not give them. */
function figuresOf<K extends string>(value: unknown, keys: readonly K[]): Record<K, number> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = loose(value);
  return Object.fromEntries(keys.map((key) => [key, num(fields[key])])) as Record<K, number>;
}

const EVENT_LOOP_FIGURES = ['p50Ms', 'p99Ms', 'maxMs', 'meanMs', 'windowS', 'endedAt'] as const satisfies readonly (keyof EventLoopDelay)[];
const MEMORY_FIGURES = ['rssMiB', 'heapTotalMiB', 'heapUsedMiB', 'externalMiB', 'arrayBuffersMiB'] as const satisfies readonly (keyof NodeMemory)[];

export function readSnapshot(raw: Result<'supvisors.get_actor_diagnostics'>): NodeSnapshot {
  const eventLoop: EventLoopDelay | undefined = figuresOf(raw['eventLoop'], EVENT_LOOP_FIGURES);
  const memory: NodeMemory | undefined = figuresOf(raw['memory'], MEMORY_FIGURES);
  return {
    node: raw.node,
    at: raw.at,
    uptimeS: raw.uptimeS,
    actors: raw.actors.map(actorOf),
    deadLetters: deadLettersOf(raw.deadLetters),
    ...(Array.isArray(raw.peers) ? { peers: raw.peers.map(peerOf) } : {}),
    ...(eventLoop === undefined ? {} : { eventLoop }),
    ...(memory === undefined ? {} : { memory }),
  };
}
