import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../../actors/core/index.js';
import { instanceTracker, type PeerNetwork } from '../../../actors/instance-tracker/instance-tracker.js';
import type { TrackerMessage } from '../../../actors/instance-tracker/messages.js';
import type { HandshakeAnswer, StateMachineMessage } from '../../../actors/state-machine/messages.js';
import type { Message } from '../../../mailbox/mailbox.js';
import type { PeerEvent } from '../../../transport/index.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';
import { RecordingRef } from '../../helpers/fakes/recording-ref.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';
const C = '127.0.0.1:60003';

const answer = { seenAs: 1 } as unknown as HandshakeAnswer;

class FakeNetwork implements PeerNetwork {
  readonly remotes = new Map<string, RecordingRef<StateMachineMessage>>();
  subscriber: ActorRef<PeerEvent> | undefined;

  constructor() {
    this.remotes.set(B, new RecordingRef<StateMachineMessage>(`state-machine@${B}`, () => answer));
    this.remotes.set(C, new RecordingRef<StateMachineMessage>(`state-machine@${C}`));
  }

  remoteRef<M extends Message>(identifier: string): ActorRef<M> {
    const remote = this.remotes.get(identifier);
    if (remote === undefined) throw new Error(`unknown ${identifier}`);
    return remote as unknown as ActorRef<M>;
  }

  isUp(identifier: string): boolean {
    return identifier !== C;
  }

  readonly added: string[] = [];

  addPeer(address: { identifier: string }): void {
    if (this.remotes.has(address.identifier)) throw new Error(`${address.identifier} is already known`);
    this.added.push(address.identifier);
  }

  subscribe(subscriber: ActorRef<PeerEvent>): () => void {
    this.subscriber = subscriber;
    return () => {
      this.subscriber = undefined;
    };
  }
}

describe('instance-tracker actor', () => {
  let system: ActorSystem | undefined;
  afterEach(async () => {
    await system?.shutdown();
  });

  it('relays peer events, runs handshakes and sends to the peers’ state machines', async () => {
    system = new ActorSystem({ node: 'test', logger: memoryLogger().logger });
    const network = new FakeNetwork();
    const machine = new RecordingRef<StateMachineMessage>('state-machine');
    const tracker = system.spawn<TrackerMessage>('instance-tracker', instanceTracker({ localIdentifier: A, network, stateMachine: machine }));
    await waitFor('subscribed to the transport', () => network.subscriber !== undefined);
    const events = network.subscriber as unknown as ActorRef<PeerEvent>;
    events.tell({ type: 'peer-up', identifier: B, incarnation: 1, restarted: false });
    events.tell({ type: 'peer-down', identifier: C, reason: 'silent', detail: 'no frame for 1000 ms' });
    await waitFor('relayed', () => machine.told.length === 2);
    assert.deepEqual(machine.told, [
      { type: 'peer-up', identifier: B, restarted: false },
      { type: 'peer-down', identifier: C, reason: 'silent: no frame for 1000 ms' },
    ]);

    tracker.tell({ type: 'handshake', identifier: B, checkingTimeMs: 5 });
    tracker.tell({ type: 'handshake', identifier: C, checkingTimeMs: 5 });
    await waitFor('results', () => machine.ofType('handshake-result').length === 2);
    const results = machine.ofType('handshake-result');
    const ofB = results.find((result) => result.identifier === B);
    const ofC = results.find((result) => result.identifier === C);
    assert.deepEqual(ofB?.answer, answer);
    assert.ok((ofB?.handshakeTimeMs ?? 0) > 5);
    assert.equal(ofC?.answer, undefined);
    assert.equal(ofC?.error, `state-machine@${C}: no answer`, 'the refused ask, as the tracker tells it');
    assert.deepEqual(network.remotes.get(B)?.ofType('handshake-info').map((ask) => ask.from), [A]);

    tracker.tell({ type: 'send', to: [B, C], message: { type: 'heartbeat', from: A, counter: 3, timeMs: 1, monotonicMs: 2 } });
    tracker.tell({ type: 'close-peers', to: [C], kind: 'shutdown' });
    await waitFor('sent', () => (network.remotes.get(C)?.told.length ?? 0) === 2);
    assert.deepEqual(network.remotes.get(C)?.ofType('heartbeat'), [], 'nothing sent to a peer whose link is down');
    assert.deepEqual(network.remotes.get(B)?.ofType('heartbeat'), [{ type: 'heartbeat', from: A, counter: 3, timeMs: 1, monotonicMs: 2 }]);
    assert.deepEqual(network.remotes.get(C)?.ofType('close-supervisor'), [{ type: 'close-supervisor', kind: 'shutdown', from: A }]);

    tracker.tell({ type: 'add-peer', identifier: 'd:1', host: 'd', port: 1 });
    tracker.tell({ type: 'add-peer', identifier: B, host: 'b', port: 1 });
    tracker.tell({ type: 'send', to: [B], message: { type: 'heartbeat', from: A, counter: 4, timeMs: 1, monotonicMs: 2 } });
    await waitFor('still working after a refused peer', () => (network.remotes.get(B)?.ofType('heartbeat').length ?? 0) === 2);
    assert.deepEqual(network.added, ['d:1']);

    await system.stop('instance-tracker');
    assert.equal(network.subscriber, undefined, 'unsubscribed when stopped');
  });
});
