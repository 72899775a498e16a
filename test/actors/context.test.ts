/**
 * The context actor alone, with a fake bridge, fake peer contexts and a fake clock: it applies
 * the local and the peers' process events, forwards the local ones to the peers up, answers
 * get-model / get-local, asks a CHECKED peer its processes, and marks the processes of a lost
 * instance FATAL, telling its subscribers of each change.
 */
import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import { contextActor } from '../../actors/context/context.js';
import type { ContextMessage, ContextNotice } from '../../actors/context/messages.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import { setInstanceState } from '../../cluster/state-records.js';
import type { DerivedFacts } from '../../model/derived.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import { localProcess } from '../helpers/local-process.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { A, B, C, clusterView, rulesOf } from '../helpers/fakes/application-world.js';
import { RecordingRef } from '../helpers/fakes/recording-ref.js';

const rules = rulesOf(`<application name="app"><programs><program name="web"><start_sequence>1</start_sequence></program></programs></application>`);
const running = (name: string, extra: Partial<LocalProcess> = {}): LocalProcess => localProcess('app', name, 'RUNNING', { pid: 7, start: 1000, ...extra });

interface Harness {
  readonly system: ActorSystem;
  readonly view: ClusterView;
  readonly ref: ActorRef<ContextMessage>;
  readonly bridge: RecordingRef<BridgeMessage>;
  readonly peers: ReadonlyMap<string, RecordingRef<ContextMessage>>;
  readonly up: Set<string>;
  readonly notices: ContextNotice[];
  readonly firstSyncs: (readonly LocalProcess[])[];
  /** The fake monotonic clock (seconds) the context stamps reports with. */
  readonly clock: { now: number };
  /** The facts the context told last (conflicts for the FSM...). */
  readonly facts: { last: DerivedFacts | undefined };
}

/** A, B, C all RUNNING; B's link up, C's down; B's context answers get-local with `fromB`. */
async function spawnContext(fromB: readonly LocalProcess[] = []): Promise<Harness> {
  const system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
  const view = clusterView([A, B, C]);
  const bridge = new RecordingRef<BridgeMessage>('bridge');
  const peers = new Map([B, C].map((identifier) => [identifier, new RecordingRef<ContextMessage>(`context@${identifier}`, (message) => (message.type === 'get-local' ? fromB : undefined))]));
  const notices: ContextNotice[] = [];
  const firstSyncs: (readonly LocalProcess[])[] = [];
  const up = new Set([B]);
  const clock = { now: 100 };
  const facts: { last: DerivedFacts | undefined } = { last: undefined };
  const ref = system.spawn<ContextMessage>(
    'context',
    contextActor({
      view,
      bridge,
      peerContext: (identifier) => {
        const peer = peers.get(identifier);
        if (peer === undefined) throw new Error(`no peer ${identifier}`);
        return peer;
      },
      isUp: (identifier) => up.has(identifier),
      monotonic: () => clock.now,
      ownProcess: { group: 'supvisors', name: 'supvisors' },
      rules: () => rules,
      onFirstLocalSync: (processes) => void firstSyncs.push(processes),
      onFacts: (derived) => (facts.last = derived),
    }),
  );
  const subscriber: ActorRef<ContextNotice> = { name: 'subscriber', tell: (notice) => (notices.push(notice), 'delivered'), ask: () => Promise.reject(new Error('no ask')) };
  ref.tell({ type: 'subscribe', subscriber });
  await waitFor('the first notice to the subscriber', () => notices.length === 1, { timeoutMs: 1000 });
  return { system, view, ref, bridge, peers, up, notices, firstSyncs, clock, facts };
}

const modelOf = (ref: ActorRef<ContextMessage>): Promise<ClusterModel> => ref.ask<ClusterModel>((replyTo) => ({ type: 'get-model', replyTo }), 1000);
const stateOn = (model: ClusterModel, namespec: string, identifier: string): string | undefined => model.processes.get(namespec)?.infos.get(identifier)?.state;

describe('context actor (fake bridge, peers and clock)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('subscribes to its bridge, applies the local sync and events, forwards them to the peers up, leaves its own process out', async () => {
    harness = await spawnContext();
    const { ref, bridge, peers, notices, firstSyncs } = harness;
    assert.deepEqual(bridge.ofType('subscribe').map((message) => message.subscriber.name), ['context']);

    const own = localProcess('supvisors', 'supvisors', 'RUNNING');
    ref.tell({ type: 'local-synced', model: new Map([['app:web', localProcess('app', 'web', 'STOPPED')], ['supvisors', own]]) });
    ref.tell({ type: 'local-synced', model: new Map([['app:web', localProcess('app', 'web', 'STOPPED')]]) });
    harness.clock.now = 101;
    ref.tell({ type: 'local-process', process: running('web') });
    ref.tell({ type: 'local-process', process: own });

    const model = await modelOf(ref);
    assert.equal(stateOn(model, 'app:web', A), 'RUNNING');
    assert.equal(model.processes.get('app:web')?.infos.get(A)?.localMtime, 101, 'stamped by the clock given');
    assert.equal(model.processes.has('supvisors'), false, "the runtime's own process is not in the model");
    assert.deepEqual(firstSyncs.map((processes) => processes.map((process) => process.name)), [['web']], 'told once, own process left out');

    const event = notices.find((notice) => notice.reported !== undefined);
    assert.deepEqual(event?.namespecs, ['app:web']);
    assert.equal(event?.reported?.identifier, A);
    assert.equal(event?.reported?.process.state, 'RUNNING');
    assert.deepEqual(
      peers.get(B)?.told.map((message) => message.type),
      ['peer-processes', 'peer-processes', 'peer-process'],
    );
    assert.deepEqual(peers.get(C)?.told, [], 'nothing to a peer whose link is down');
  });

  it("applies a peer's events only while that peer is CHECKED or RUNNING, and answers get-local with the local processes only", async () => {
    harness = await spawnContext();
    const { ref, view } = harness;
    view.records = setInstanceState(view.records, A, C, 'CHECKING').records;
    ref.tell({ type: 'local-process', process: running('web') });
    ref.tell({ type: 'peer-process', from: B, process: running('api') });
    ref.tell({ type: 'peer-process', from: C, process: running('cli') });
    ref.tell({ type: 'peer-process', from: A, process: localProcess('app', 'web', 'STOPPED') });
    const model = await modelOf(ref);
    assert.equal(stateOn(model, 'app:api', B), 'RUNNING');
    assert.equal(model.processes.has('app:cli'), false, 'a CHECKING sender is not heard');
    assert.equal(stateOn(model, 'app:web', A), 'RUNNING', 'nobody reports for the local instance but its bridge');

    const local = await ref.ask<readonly LocalProcess[]>((replyTo) => ({ type: 'get-local', replyTo }), 1000);
    assert.deepEqual(local, [running('web')], 'the processes as the bridge gave them, nothing of B');
  });

  it('asks a peer marked CHECKED for its processes and applies its answer', async () => {
    harness = await spawnContext([running('api'), localProcess('app', 'cli', 'STOPPED')]);
    const { ref, peers, view } = harness;
    view.records = setInstanceState(view.records, A, B, 'CHECKED').records;
    ref.tell({ type: 'instance-state', identifier: B, state: 'CHECKED' });
    await waitFor("B's processes in the model", async () => (await modelOf(ref)).processes.size === 2, { timeoutMs: 1000 });
    assert.equal(peers.get(B)?.ofType('get-local').length, 1);
    const model = await modelOf(ref);
    assert.equal(stateOn(model, 'app:api', B), 'RUNNING');
    assert.equal(stateOn(model, 'app:cli', B), 'STOPPED');
  });

  it('marks FATAL what ran on a lost instance and tells which processes now run nowhere', async () => {
    harness = await spawnContext();
    const { ref, notices, facts } = harness;
    ref.tell({ type: 'peer-process', from: B, process: running('api') });
    ref.tell({ type: 'peer-process', from: B, process: running('web') });
    ref.tell({ type: 'local-process', process: running('web') });
    await waitFor('three reports told', () => notices.length === 4, { timeoutMs: 1000 });
    await waitFor('web of the managed app runs on A and B: a conflict for the FSM', () => facts.last?.conflicts.includes('app:web') === true, { timeoutMs: 1000 });

    ref.tell({ type: 'processes-lost', identifier: B, why: 'node lost' });
    await waitFor('the loss told', () => notices.some((notice) => notice.lost !== undefined), { timeoutMs: 1000 });
    const loss = notices.find((notice) => notice.lost !== undefined);
    assert.deepEqual(loss?.lost, { from: B, namespecs: ['app:api'] }, 'web still runs on A: not lost');
    const model = await modelOf(ref);
    assert.equal(stateOn(model, 'app:api', B), 'FATAL');
    assert.match(model.processes.get('app:api')?.infos.get(B)?.spawnerr ?? '', /Supervisor 127\.0\.0\.1:60002 lost/);
    await waitFor('no more conflict', () => facts.last?.conflicts.length === 0, { timeoutMs: 1000 });
  });

  it('stops forwarding once supervisord says it is stopping, and shows a forced state until a new report', async () => {
    harness = await spawnContext();
    const { ref, peers, notices } = harness;
    ref.tell({ type: 'local-stopping' });
    ref.tell({ type: 'local-process', process: running('web') });
    ref.tell({ type: 'force-state', namespec: 'app:web', state: 'FATAL', reason: 'No resource available' });
    const model = await modelOf(ref);
    assert.equal(stateOn(model, 'app:web', A), 'RUNNING', 'still applied locally');
    assert.deepEqual(peers.get(B)?.told, [], 'peers will see this node lost with its programs');
    assert.deepEqual(model.processes.get('app:web')?.synthesis.forced, { state: 'FATAL', reason: 'No resource available' });
    assert.deepEqual(notices.at(-1)?.forced, { namespec: 'app:web', state: 'FATAL', reason: 'No resource available' });
  });
});
