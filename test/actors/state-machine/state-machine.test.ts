import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../../actors/core/index.js';
import type { TrackerMessage } from '../../../actors/instance-tracker/messages.js';
import type { ClosingKind, ClosingReply, EndSyncReply, HandshakeAnswer, StateMachineMessage } from '../../../actors/state-machine/messages.js';
import { stateMachine, systemClock, type StateMachineClock, type StateMachineDeps } from '../../../actors/state-machine/state-machine.js';
import { ClusterView } from '../../../actors/state-machine/view.js';
import type { SupvisorsOptions } from '../../../config/types.js';
import { strategiesOf } from '../../../cluster/instance-states.js';
import { initialStateModes, localRecord, localView, defaultStateModes } from '../../../cluster/state-records.js';
import { networkInfoPayload } from '../../../payloads/network-info.js';
import { stateModesPayload, type StateModesPayload } from '../../../payloads/state-modes-payloads.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';
import { defaultOptions, instanceList, network } from './fixtures.js';
import { RecordingRef } from '../../helpers/fakes/recording-ref.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';

interface Harness {
  system: ActorSystem;
  view: ClusterView;
  tracker: RecordingRef<TrackerMessage>;
  machine: ActorRef<StateMachineMessage>;
  closed: ClosingKind[];
  lines: string[];
}

function start(identifiers: readonly string[], overrides: Partial<SupvisorsOptions> = {}, clock?: StateMachineClock, hooks: Pick<StateMachineDeps, 'onRecords' | 'onApplications'> = {}): Harness {
  const { logger, lines } = memoryLogger('debug');
  const system = new ActorSystem({ node: 'test', logger });
  const list = instanceList(identifiers, A);
  const options = defaultOptions({ synchroOptions: ['LIST'], ...overrides });
  const view = new ClusterView(list, initialStateModes(list.instances, A, false), options, network);
  const tracker = new RecordingRef<TrackerMessage>('tracker');
  const closed: ClosingKind[] = [];
  const machine = system.spawn<StateMachineMessage>(
    'state-machine',
    // rounds of 10 ms: a GC pause of a loaded machine must not pass for a freeze here (freeze: its own test)
    stateMachine({ view, tracker, periodMs: 10, closeDelayMs: 0, freezeBoundMs: clock === undefined ? 60_000 : 100, ...(clock === undefined ? {} : { clock }), closeSupervisor: (kind) => Promise.resolve(void closed.push(kind)), ...hooks }),
  );
  return { system, view, tracker, machine, closed, lines };
}

/** B's state & modes as it would publish them. */
function peerState(modes: Partial<StateModesPayload>): StateModesPayload {
  return {
    ...stateModesPayload({ ...defaultStateModes(B, 'n2'), instanceStates: new Map([[A, 'RUNNING'], [B, 'RUNNING']]) }, 0),
    ...modes,
  };
}

function answer(view: ClusterView, modes: Partial<StateModesPayload> = {}, strategies = strategiesOf(view.options)): HandshakeAnswer {
  const instance = view.list.instances[1];
  if (instance === undefined) throw new Error('no peer');
  return { seenAs: 1, strategies, network: networkInfoPayload(instance, network), stateModes: peerState(modes) };
}

/** The local instance RUNNING, B's link up: B is handshaken. Gives the time its handshake answer may carry. */
async function handshaking({ view, tracker, machine }: Harness): Promise<number> {
  await waitFor('local RUNNING', () => localView(view.records, A, A) === 'RUNNING', { timeoutMs: 2000 });
  machine.tell({ type: 'peer-up', identifier: B, restarted: false });
  await waitFor('a handshake asked', () => tracker.ofType('handshake').length > 0, { timeoutMs: 2000 });
  return (tracker.ofType('handshake')[0]?.checkingTimeMs ?? 0) + 1;
}

describe('state-machine actor', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('a lone instance checks itself, elects itself and reaches OPERATION', async () => {
    harness = start([A]);
    const { view } = harness;
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    assert.equal(view.masterIdentifier, A);
    assert.equal(localView(view.records, A, A), 'RUNNING');
    assert.equal(view.heartbeats.get(A)?.remote.counter !== undefined, true);
  });

  it('tells every change of its records: each FSM state on the way to OPERATION, ELECTION included (the event stream publishes each)', async () => {
    const states: string[] = [];
    harness = start([A], {}, undefined, {
      onRecords: (records) => {
        const state = localRecord(records, A).state;
        if (states.at(-1) !== state) states.push(state);
      },
    });
    const { view } = harness;
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    assert.deepEqual(states, ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'OPERATION']);
  });

  it('shows the jobs of a start all at once, even when they end before the next round', async () => {
    const jobs: boolean[] = [];
    harness = start([A], {}, undefined, {
      onRecords: (records) => {
        const starting = localRecord(records, A).startingJobs;
        if (jobs.at(-1) !== starting) jobs.push(starting);
      },
      // the starter has nothing to start: its jobs end at once
      onApplications: (work) => {
        // (DISTRIBUTION comes rounds after the spawn: `harness` is set by then)
        if (work.kind === 'start-applications') harness?.machine.tell({ type: 'jobs', kind: 'starting', busy: false, ticket: work.ticket });
      },
    });
    await waitFor('OPERATION', () => harness?.view.state === 'OPERATION', { timeoutMs: 2000 });
    await waitFor('the jobs over', () => jobs.length >= 3, { timeoutMs: 2000 });
    assert.deepEqual(jobs, [false, true, false]);
  });

  it('handshakes a peer on peer-up, admits it, and follows the election to OPERATION', async () => {
    harness = start([A, B]);
    const { view, tracker, machine } = harness;
    const handshakeTimeMs = await handshaking(harness);
    assert.equal(localView(view.records, A, B), 'CHECKING');
    machine.tell({ type: 'handshake-result', identifier: B, handshakeTimeMs, answer: answer(view, { fsm_statecode: 1, fsm_statename: 'SYNCHRONIZATION' }) });
    await waitFor('B RUNNING', () => localView(view.records, A, B) === 'RUNNING', { timeoutMs: 2000 });
    // A elects itself (smallest nick) and waits for B to declare the same Master.
    await waitFor('A declares itself', () => view.masterIdentifier === A, { timeoutMs: 2000 });
    assert.equal(view.state, 'ELECTION');
    machine.tell({ type: 'state', from: B, payload: peerState({ fsm_statecode: 2, fsm_statename: 'ELECTION', master_identifier: A }) });
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    // Heartbeats and STATE go to B through the tracker.
    await waitFor('heartbeats to B', () => tracker.ofType('send').some((send) => send.message.type === 'heartbeat' && send.to.includes(B)), { timeoutMs: 2000 });
    assert.ok(tracker.ofType('send').some((send) => send.message.type === 'state' && send.message.payload.fsm_statename === 'OPERATION'));

    // A transport failure: FAILED at once, then STOPPED at the next evaluation; LIST unmet → degraded.
    machine.tell({ type: 'peer-down', identifier: B, reason: 'closed: socket closed' });
    await waitFor('B not RUNNING', () => localView(view.records, A, B) !== 'RUNNING', { timeoutMs: 500 });
    await waitFor('B STOPPED', () => localView(view.records, A, B) === 'STOPPED', { timeoutMs: 2000 });
    await waitFor('degraded', () => localRecord(view.records, A).degradedMode, { timeoutMs: 2000 });
    assert.equal(view.state, 'OPERATION');
  });

  it('keeps a newer STATE over a handshake answer that arrives after it (no election stall)', async () => {
    harness = start([A, B]);
    const { view, machine } = harness;
    const handshakeTimeMs = await handshaking(harness);
    // B's publication overtakes its handshake answer (which takes one more hop, through the tracker)
    machine.tell({ type: 'state', from: B, payload: peerState({ now_monotonic: 2, fsm_statecode: 2, fsm_statename: 'ELECTION', master_identifier: A }) });
    const old = answer(view, { now_monotonic: 1, fsm_statecode: 1, fsm_statename: 'SYNCHRONIZATION', instance_states: { [A]: 'CHECKING', [B]: 'RUNNING' } });
    machine.tell({ type: 'handshake-result', identifier: B, handshakeTimeMs, answer: old });
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    assert.equal(view.records.get(B)?.state, 'ELECTION', "B's newer record kept");
  });

  it('after a freeze, fails itself, forgets its Master and re-synchronizes before acting', async () => {
    let now = systemClock.monotonic();
    const clock: StateMachineClock = { now: () => Date.now(), monotonic: () => now };
    const ticking = setInterval(() => (now += 10), 10);
    try {
      harness = start([A], {}, clock);
      const { view, lines } = harness;
      await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
      assert.equal(view.masterIdentifier, A);
      now += 5000; // the process was stopped for 5 s: the next message sees the gap
      await waitFor('the freeze seen', () => lines.some((line) => line.includes('was frozen for 5.0 s')), { timeoutMs: 2000 });
      await waitFor('OPERATION again', () => view.state === 'OPERATION', { timeoutMs: 2000 });
      const after = lines.slice(lines.findIndex((line) => line.includes('was frozen for')));
      const moves = after.filter((line) => / -> /.test(line) && !/\] instance /.test(line)).map((line) => /\] (\w+ -> \w+)/.exec(line)?.[1]);
      assert.deepEqual(moves.slice(0, 2), ['OPERATION -> OFF', 'OFF -> SYNCHRONIZATION'], 'back through OFF and SYNCHRONIZATION');
      assert.equal(view.masterIdentifier, A, 'elected again, after synchronization');
    } finally {
      clearInterval(ticking);
    }
  });

  it('isolates a peer with other strategies and sends it nothing more', async () => {
    harness = start([A, B]);
    const { view, tracker, machine } = harness;
    await waitFor('local RUNNING', () => localView(view.records, A, A) === 'RUNNING', { timeoutMs: 2000 });
    machine.tell({ type: 'heartbeat', from: B, counter: 1, timeMs: Date.now(), monotonicMs: 1 });
    await waitFor('a handshake asked', () => tracker.ofType('handshake').length > 0, { timeoutMs: 2000 });
    const checking = tracker.ofType('handshake')[0];
    machine.tell({
      type: 'handshake-result',
      identifier: B,
      handshakeTimeMs: (checking?.checkingTimeMs ?? 0) + 1,
      answer: answer(view, {}, { ...strategiesOf(view.options), starting: 'LESS_LOADED' }),
    });
    await waitFor('B ISOLATED', () => localView(view.records, A, B) === 'ISOLATED', { timeoutMs: 2000 });
    tracker.told.length = 0;
    // an absence, over rounds rather than time: ten more rounds of the machine send nothing to B
    const rounds = (): number => harness?.system.diagnostics({ actor: 'state-machine' }).actors[0]?.mailbox.processed ?? 0;
    const after = rounds();
    await waitFor('ten more rounds', () => rounds() >= after + 10, { timeoutMs: 2000 });
    assert.ok(tracker.ofType('send').every((send) => !send.to.includes(B)), 'nothing goes to an ISOLATED peer');
  });

  it('answers the handshake question of a peer: how it is seen, strategies, network, state', async () => {
    harness = start([A, B]);
    const { view, machine } = harness;
    const reply = await machine.ask<HandshakeAnswer>((replyTo) => ({ type: 'handshake-info', from: B, replyTo }));
    assert.equal(reply.seenAs, 0);
    assert.deepEqual(reply.strategies, strategiesOf(view.options));
    assert.equal(reply.network.identifier, A);
    assert.equal(reply.stateModes.identifier, A);
  });

  it('end_sync: faults in the spec order, then the chosen Master', async () => {
    harness = start([A, B], { synchroOptions: ['USER'] });
    const { view, machine } = harness;
    const endSync = (master: string): Promise<EndSyncReply> => machine.ask<EndSyncReply>((replyTo) => ({ type: 'end-sync', master, replyTo }));
    await waitFor('SYNCHRONIZATION', () => view.state === 'SYNCHRONIZATION', { timeoutMs: 2000 });
    assert.deepEqual(await endSync('nobody'), { ok: false, fault: 'BAD_NAME', detail: 'unknown Supvisors identifier=nobody' });
    assert.deepEqual(await endSync('n2'), { ok: false, fault: 'NOT_RUNNING', detail: `Supvisors instance=${B} is not RUNNING (STOPPED)` });
    assert.deepEqual(await endSync('n1'), { ok: true });
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    assert.equal(view.masterIdentifier, A);
    const again = await endSync('');
    assert.equal(again.ok, false);
  });

  it('restart on the Master: RESTARTING, then the supervisord restart', async () => {
    harness = start([A]);
    const { view, machine, closed } = harness;
    await waitFor('OPERATION', () => view.state === 'OPERATION', { timeoutMs: 2000 });
    const reply = await machine.ask<ClosingReply>((replyTo) => ({ type: 'closing', kind: 'restart', replyTo }));
    assert.deepEqual(reply, { kind: 'done' });
    await waitFor('supervisord restarted', () => closed.length === 1, { timeoutMs: 2000 });
    assert.deepEqual(closed, ['restart']);
    assert.ok(view.state === 'RESTARTING' || view.state === 'FINAL');
  });
});
