/** The actor runtime's public surface: import from here, not from the files behind it. */
export type { ActorContext, ActorFactory, Behavior, SpawnOptions, StopMode } from './behavior.js';
export type { ActorStatus } from './cell.js';
export type { DeadLetter, DeadLetterReason, DeadLetterStats } from './dead-letters.js';
export { formatDiagnostics, type ActorDiagnostics, type ActorTimingHistograms, type FailureRecord, type SystemDiagnostics, type TimingHistogram } from './diagnostics.js';
export { actorKey, failOnThrow, type ActorKey, type ActorRef, type Delivery, type ReplyTo } from './ref.js';
export {
  DEFAULT_BACKOFF,
  DEFAULT_INTENSITY,
  DEFAULT_POLICY,
  backoffDelay,
  decideOnFailure,
  type Backoff,
  type FailureDecision,
  type Intensity,
  type SupervisionPolicy,
} from './supervision.js';
export { ActorSystem, type ActorSystemOptions } from './system.js';
export { PEEK_DEFAULT, PEEK_MAX } from '../../mailbox/peek.js';
export type { Timers } from './timers.js';
export type { Message, MailboxOptions, OverflowPolicy } from '../../mailbox/mailbox.js';
