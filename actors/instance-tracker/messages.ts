/**
 * The messages of the instance tracker (one per node, named `instance-tracker`): the
 * transport's peer events, and what the state machine asks it to send to peers.
 */
import type { PeerEvent } from '../../transport/index.js';
import type { SupervisorAddress } from '../../cluster/runtime-loss.js';
import type { ClosingKind, StateMachineMessage } from '../state-machine/messages.js';

export const INSTANCE_TRACKER = 'instance-tracker';

export type TrackerMessage =
  | PeerEvent
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
