/**
 * The messages of the state-machine actor (one per node, named `state-machine`): local ones
 * from the instance tracker, the round timer and the XML-RPC methods, and remote ones from the
 * state-machine actors of the peers (heartbeats, STATE publications, handshake questions,
 * forwarded restart / shutdown). Remote messages are plain data.
 */
import type { DiscoveredInstance } from '../../cluster/instances.js';
import type { ReplyTo } from '../core/index.js';
import type { Strategies } from '../../cluster/instance-states.js';
import type { NetworkInfoPayload } from '../../payloads/network-info.js';
import type { StateModesPayload } from '../../payloads/state-modes-payloads.js';
import type { FaultName } from '../../errors/faults.js';
import type { ProbeOutcome, SupervisorAddress } from '../../cluster/runtime-loss.js';

export const STATE_MACHINE = 'state-machine';

/** What a peer answers when it is handshaken (protocol.md §4, in one ask instead of four calls). */
export interface HandshakeAnswer {
  /** How the answering peer sees the asking instance (its statecode). */
  seenAs: number;
  strategies: Strategies;
  network: NetworkInfoPayload;
  stateModes: StateModesPayload;
  /**
   * Ours: where the answering runtime's supervisord answers XML-RPC and its PID, so that the
   * others can tell its runtime's crash from the loss of its node (cluster/runtime-loss.ts).
   * Absent when supervisord is reached by unix socket only.
   */
  supervisor?: SupervisorAddress;
}

export type ClosingKind = 'restart' | 'shutdown';

/** A refused request, rendered as an XML-RPC fault by the method. */
export interface RequestFault {
  ok: false;
  fault: FaultName;
  detail: string;
}

export type EndSyncReply = { ok: true } | RequestFault;

/** `forward`: the caller forwards to the Master; `no-master`: nothing to do (Python: HTTP 500). */
export type ClosingReply = { kind: 'done' } | { kind: 'forward'; master: string } | { kind: 'no-master' };

/**
 * The FSM's work for the application actors: start all (DISTRIBUTION), stop all (closing), abort
 * the jobs (ELECTION...), conciliate, and the instances lost under the jobs (their starts fail).
 * `ticket` numbers each start all / stop all: the starter's and stopper's `jobs` reports carry the
 * last they handled, so that a report sent before one is not taken for its outcome.
 */
export type ApplicationWork =
  | { readonly kind: 'start-applications' | 'stop-applications'; readonly ticket: number }
  | { readonly kind: 'abort-jobs' | 'conciliate' }
  | { readonly kind: 'instances-lost'; readonly identifiers: readonly string[] };

export type StateMachineMessage =
  /** The round timer (every heartbeat_period): local status, inactivity, deferred STATE, evaluation, heartbeats. */
  | { readonly type: 'round' }
  /** From the starter / stopper: whether they have jobs, as of the last start all / stop all `ticket` they handled. */
  | { readonly type: 'jobs'; readonly kind: 'starting' | 'stopping'; readonly busy: boolean; readonly ticket: number }
  /** From the context: the model holds the whole list of this instance's processes (CHECKED may become RUNNING). */
  | { readonly type: 'processes-loaded'; readonly identifier: string }
  /** From the context, after each change of the model: what the FSM and the instance methods read of it. */
  | { readonly type: 'model-facts'; readonly conflicts: boolean; readonly loads: ReadonlyMap<string, number>; readonly processFailures: ReadonlySet<string> }
  /** From the instance tracker: the transport's peer events. */
  | { readonly type: 'peer-up'; readonly identifier: string; readonly restarted: boolean }
  | { readonly type: 'peer-down'; readonly identifier: string; readonly reason: string }
  /** An instance announced by a discovery datagram (discovery mode): added when new. */
  | { readonly type: 'discovered'; readonly instance: DiscoveredInstance }
  /** From the instance tracker: the outcome of a handshake it ran (`error` when the peer did not answer). */
  | { readonly type: 'handshake-result'; readonly identifier: string; readonly handshakeTimeMs: number; readonly answer?: HandshakeAnswer; readonly error?: string }
  /** From the instance tracker: what the lost instance's supervisord answered (cluster/runtime-loss.ts). */
  | { readonly type: 'probe-result'; readonly identifier: string; readonly outcome: ProbeOutcome }
  /** From a peer's state machine. */
  | { readonly type: 'heartbeat'; readonly from: string; readonly counter: number; readonly timeMs: number; readonly monotonicMs: number }
  | { readonly type: 'state'; readonly from: string; readonly payload: StateModesPayload }
  | { readonly type: 'handshake-info'; readonly from: string; readonly replyTo: ReplyTo<HandshakeAnswer> }
  /** From the Master: restart / shut down the local supervisord. */
  | { readonly type: 'close-supervisor'; readonly kind: ClosingKind; readonly from: string }
  /** XML-RPC (local, or forwarded by a peer for `closing`). */
  | { readonly type: 'end-sync'; readonly master: string; readonly replyTo: ReplyTo<EndSyncReply> }
  | { readonly type: 'closing'; readonly kind: ClosingKind; readonly replyTo: ReplyTo<ClosingReply> };

/**
 * What the state machine asks the instance tracker to do on the network (the tracker runs it and
 * tells the outcome back). Declared here, beside the state machine's own messages, so that the
 * tracker depends on the state machine and not the other way round.
 */
export type PeerRequest =
  /** Run the handshake of a peer: ask its state machine, tell ours the result. */
  | { readonly type: 'handshake'; readonly identifier: string; readonly checkingTimeMs: number }
  /** Send a message to the state machine of each listed peer (heartbeats, STATE). */
  | { readonly type: 'send'; readonly to: readonly string[]; readonly message: Extract<StateMachineMessage, { type: 'heartbeat' | 'state' }> }
  /** Link a peer learnt by discovery, like a configured one. */
  | { readonly type: 'add-peer'; readonly identifier: string; readonly host: string; readonly port: number }
  /** Ask a lost instance's supervisord whether it still runs (the answer goes to the state machine). */
  | { readonly type: 'probe'; readonly identifier: string; readonly address: SupervisorAddress }
  /** The Master asks these peers to restart / shut down their supervisord. */
  | { readonly type: 'close-peers'; readonly to: readonly string[]; readonly kind: ClosingKind };
