/**
 * The instance tracker: the membership side of a node that talks to the network. It relays the
 * transport's peer events to the state machine, runs handshakes (one ask to the peer's state
 * machine; the answer, or the failure, goes back to the local state machine), and sends what
 * the state machine publishes (heartbeats, STATE, restart / shutdown orders) to the peers'
 * state machines through remote refs. It owns no cluster state: every decision is taken by the
 * state machine with the pure functions of cluster/. The membership records stay with the FSM so
 * that a verdict on a peer and the evaluation depending on it happen in one turn of one actor
 * (docs/cluster.md, "How it runs").
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import type { Message } from '../../mailbox/mailbox.js';
import type { PeerEvent } from '../../transport/index.js';
import { describeError } from '../../errors/errors.js';
import type { ProbeOutcome, SupervisorAddress } from '../../cluster/runtime-loss.js';
import { STATE_MACHINE, type HandshakeAnswer, type StateMachineMessage } from '../state-machine/messages.js';
import type { TrackerMessage } from './messages.js';
import { monotonicMs } from '../../clock/clock.js';

/** What the tracker needs of the transport (the Transport class, or a fake in tests). */
export interface PeerNetwork {
  remoteRef<M extends Message>(identifier: string, actorName: string): ActorRef<M>;
  subscribe(subscriber: ActorRef<PeerEvent>): () => void;
  /** The link to the peer is up: sends to a peer that is down are skipped (no dead letter per round). */
  isUp(identifier: string): boolean;
  /** Links a peer learnt at run time; throws when it cannot. */
  addPeer(address: { identifier: string; host: string; port: number }): void;
}

export interface TrackerDeps {
  readonly localIdentifier: string;
  readonly network: PeerNetwork;
  readonly stateMachine: ActorRef<StateMachineMessage>;
  /** Timeout of the handshake ask. Default 2000 ms. */
  readonly handshakeTimeoutMs?: number;
  /** Asks a lost instance's supervisord whether it still runs; without it every loss is a node loss. */
  readonly probeSupervisor?: (address: SupervisorAddress) => Promise<ProbeOutcome>;
}

export function instanceTracker(deps: TrackerDeps): ActorFactory<TrackerMessage> {
  return (context) => {
    const { network, stateMachine, localIdentifier } = deps;
    const peer = (identifier: string): ActorRef<StateMachineMessage> => network.remoteRef<StateMachineMessage>(identifier, STATE_MACHINE);
    const unsubscribe = network.subscribe(context.self);

    const handshake = (identifier: string, checkingTimeMs: number): void => {
      const handshakeTimeMs = Math.max(monotonicMs(), checkingTimeMs + 0.001);
      peer(identifier)
        .ask<HandshakeAnswer>((replyTo) => ({ type: 'handshake-info', from: localIdentifier, replyTo }), deps.handshakeTimeoutMs ?? 2000)
        .then(
          (answer) => stateMachine.tell({ type: 'handshake-result', identifier, handshakeTimeMs, answer }),
          (error: unknown) => stateMachine.tell({ type: 'handshake-result', identifier, handshakeTimeMs, error: describeError(error) }),
        );
    };

    return {
      receive(message) {
        switch (message.type) {
          case 'peer-up':
            context.log.info(`peer ${message.identifier} up${message.restarted ? ' (restarted)' : ''}`);
            stateMachine.tell({ type: 'peer-up', identifier: message.identifier, restarted: message.restarted });
            return;
          case 'peer-down':
            context.log.info(`peer ${message.identifier} down (${message.reason}): ${message.detail}`);
            stateMachine.tell({ type: 'peer-down', identifier: message.identifier, reason: `${message.reason}: ${message.detail}` });
            return;
          case 'handshake':
            handshake(message.identifier, message.checkingTimeMs);
            return;
          case 'send':
            for (const identifier of message.to) if (network.isUp(identifier)) peer(identifier).tell(message.message);
            return;
          case 'add-peer':
            try {
              network.addPeer({ identifier: message.identifier, host: message.host, port: message.port });
            } catch (error) {
              context.log.warn(`discovered peer ${message.identifier} not linked: ${describeError(error)}`);
            }
            return;
          case 'probe': {
            const { identifier, address } = message;
            const probe = deps.probeSupervisor ?? (() => Promise.resolve<ProbeOutcome>({ alive: false, detail: 'no probe configured' }));
            probe(address).then(
              (outcome) => stateMachine.tell({ type: 'probe-result', identifier, outcome }),
              (error: unknown) => stateMachine.tell({ type: 'probe-result', identifier, outcome: { alive: false, detail: describeError(error) } }),
            );
            return;
          }
          case 'close-peers':
            for (const identifier of message.to) peer(identifier).tell({ type: 'close-supervisor', kind: message.kind, from: localIdentifier });
            return;
        }
      },
      postStop() {
        unsubscribe();
      },
    };
  };
}
