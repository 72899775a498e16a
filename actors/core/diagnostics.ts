import type { MailboxStats } from '../../mailbox/metrics.js';
import type { MessagePeek } from '../../mailbox/peek.js';
import type { DeadLetterStats } from './dead-letters.js';

/** The last failure of an actor: what it was handling and the error message. */
export interface FailureRecord {
  message: string;
  /** The type of the message being handled, `start` for the factory, `escalation` for a child. */
  during: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface ActorDiagnostics {
  name: string;
  /** Empty for a top-level actor. */
  parent: string;
  kind: string;
  status: string;
  children: string[];
  timers: number;
  restarts: number;
  lastFailure?: FailureRecord;
  /** What the actor reports of what it drives (a plugin's worker thread). */
  health?: string;
  mailbox: MailboxStats;
  /** The first queued messages, summarized and redacted. */
  peek: MessagePeek[];
}

/** Plain data: what XML-RPC, REST, the CLI and the dashboard show of an actor system. */
export interface SystemDiagnostics {
  node: string;
  /** Epoch seconds. */
  at: number;
  uptimeS: number;
  timing: boolean;
  actors: ActorDiagnostics[];
  deadLetters: DeadLetterStats;
  escalations: number;
}

/** Durations counted at the bounds asked (cumulative, ascending), with their number and sum. */
export interface TimingHistogram {
  cumulative: number[];
  count: number;
  sumNanos: number;
}

/** An actor's handling and waiting times since it was spawned (`ActorSystem.timingHistograms`). */
export interface ActorTimingHistograms {
  actor: string;
  handling: TimingHistogram;
  waiting: TimingHistogram;
}

function pad(text: string | number, width: number): string {
  const value = String(text);
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

/** A human-readable table of a snapshot, for the log dump (SIGUSR2) and the CLI. */
export function formatDiagnostics(snapshot: SystemDiagnostics): string {
  const lines = [
    `actor system ${snapshot.node}: ${snapshot.actors.length} actors, up ${snapshot.uptimeS.toFixed(1)} s, ` +
      `${snapshot.deadLetters.total} dead letters, ${snapshot.escalations} escalations` +
      (snapshot.timing ? '' : ' (timing metrics off)'),
    [
      pad('actor', 24), pad('status', 10), pad('depth', 6), pad('hwm', 6), pad('processed', 10), pad('failed', 7),
      pad('dropped', 8), pad('restarts', 9), pad('handle us mean/p99', 20), pad('wait us mean/p99', 20),
      pad('oldest ms', 10), 'last type',
    ].join(''),
  ];
  for (const actor of snapshot.actors) {
    const box = actor.mailbox;
    lines.push(
      [
        pad(actor.name, 24), pad(actor.status, 10), pad(box.depth, 6), pad(box.highWater, 6), pad(box.processed, 10),
        pad(box.failed, 7), pad(box.dropped + box.rejected, 8), pad(actor.restarts, 9),
        pad(`${box.handlingMeanUs}/${box.handlingP99Us}`, 20), pad(`${box.waitingMeanUs}/${box.waitingP99Us}`, 20),
        pad(box.oldestAgeMs, 10), box.lastType,
      ].join(''),
    );
    for (const queued of actor.peek) lines.push(`    queued ${queued.type} ${queued.summary} (${queued.ageMs} ms)`);
    if (actor.health !== undefined) lines.push(`    health: ${actor.health}`);
    if (actor.lastFailure !== undefined) {
      lines.push(`    last failure during ${actor.lastFailure.during}: ${actor.lastFailure.message}`);
    }
  }
  const reasons = Object.entries(snapshot.deadLetters.byReason).map(([reason, count]) => `${reason}=${count}`);
  if (reasons.length > 0) lines.push(`dead letters by reason: ${reasons.join(' ')}`);
  return lines.join('\n');
}
