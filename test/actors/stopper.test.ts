/**
 * The stopper actor alone, with a fake context and fake bridges (test/helpers/fakes): stop jobs
 * by stages of stop_sequence (greatest first), the deferred answer of `wait`, stops restricted
 * to instances, stop-all by application stop_sequence, abort.
 */
import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import type { StopperMessage } from '../../actors/stopper/messages.js';
import { stopper } from '../../actors/stopper/stopper.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import { describeError } from '../../errors/errors.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { A, B, clusterView, FakeWorld, processedBy, rulesOf } from '../helpers/fakes/application-world.js';

const rules = rulesOf(`
<application name="app">
  <stop_sequence>1</stop_sequence>
  <programs>
    <program name="db"><stop_sequence>1</stop_sequence></program>
    <program name="web"><stop_sequence>2</stop_sequence></program>
    <program name="api"><stop_sequence>2</stop_sequence></program>
    <program name="cli"><stop_sequence>3</stop_sequence></program>
  </programs>
</application>
<application name="front">
  <stop_sequence>2</stop_sequence>
</application>`);

interface Harness {
  readonly system: ActorSystem;
  readonly view: ClusterView;
  readonly world: FakeWorld;
  readonly ref: ActorRef<StopperMessage>;
  /** What the stopper last told the state machine of its jobs. */
  readonly jobs: { busy: boolean };
}

/** app's programs RUNNING on A, web on B too; front:ui RUNNING on B. Resolves once the stopper subscribed. */
async function spawnStopper(): Promise<Harness> {
  const system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
  const view = clusterView([A, B]);
  const world = new FakeWorld();
  for (const name of ['db', 'web', 'api', 'cli']) world.set(A, 'app', name, 'RUNNING');
  world.set(B, 'app', 'web', 'RUNNING');
  world.set(B, 'front', 'ui', 'RUNNING');
  const jobs = { busy: false };
  const ref = system.spawn<StopperMessage>('stopper', stopper({ view, context: world.context, rules: () => rules, bridgeOf: world.bridgeOf, onJobs: (busy) => (jobs.busy = busy) }));
  await waitFor('the stopper subscribed to the context', () => world.subscribers.length === 1, { timeoutMs: 1000 });
  return { system, view, world, ref, jobs };
}

/** Tells a report and waits until the stopper has handled it. */
async function reported(harness: Harness, identifier: string, group: string, name: string): Promise<void> {
  const before = processedBy(harness.system, 'stopper');
  harness.world.report(identifier, group, name, 'STOPPED');
  await waitFor(`the stopper handled ${group}:${name} STOPPED on ${identifier}`, () => processedBy(harness.system, 'stopper') > before, { timeoutMs: 1000 });
}

const fault = (pattern: RegExp) => (error: unknown) => pattern.test(describeError(error));

describe('stopper actor (fake context and bridges)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('stops an application in reverse order, greatest stop_sequence first, each process wherever it runs, then answers a waiting caller', async () => {
    harness = await spawnStopper();
    const { world, jobs, ref } = harness;
    let answer: boolean | undefined;
    const stopped = ref.ask<boolean>((replyTo) => ({ type: 'stop-application', application: 'app', wait: true, replyTo }), 2000);
    void stopped.then((value) => (answer = value));

    await waitFor('stage of stop_sequence 3 sent', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    assert.deepEqual(world.stopsSent(), [`app:cli@${A}`]);
    assert.equal(jobs.busy, true, 'a job in progress is published for the FSM');

    await reported(harness, A, 'app', 'cli');
    await waitFor('stage of stop_sequence 2 sent', () => world.stopsSent().length === 4, { timeoutMs: 1000 });
    assert.deepEqual(world.stopsSent().slice(1).sort(), [`app:api@${A}`, `app:web@${A}`, `app:web@${B}`]);

    await reported(harness, A, 'app', 'api');
    await reported(harness, A, 'app', 'web');
    assert.equal(world.stopsSent().length, 4, 'the next stage waits until web is stopped on B too');
    assert.equal(answer, undefined, 'the caller still waits');

    await reported(harness, B, 'app', 'web');
    await waitFor('stage of stop_sequence 1 sent', () => world.stopsSent().length === 5, { timeoutMs: 1000 });
    assert.equal(world.stopsSent()[4], `app:db@${A}`);
    assert.equal(answer, undefined, 'the caller still waits for the last stage');

    await reported(harness, A, 'app', 'db');
    assert.equal(await stopped, true);
    assert.equal(jobs.busy, false);
    assert.ok(!world.stopsSent().some((sent) => sent.startsWith('front:')), 'another application is left alone');
  });

  it('stops a process on the instances given only (conciliation)', async () => {
    harness = await spawnStopper();
    const { world, ref } = harness;
    const answer = await ref.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs: ['app:web'], identifiers: [B], wait: false, replyTo }), 2000);
    assert.equal(answer, true, 'answered at once without wait');
    await waitFor('the stop sent', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    assert.deepEqual(world.stopsSent(), [`app:web@${B}`]);
    await reported(harness, B, 'app', 'web');
    assert.equal(harness.jobs.busy, false, 'the job is over once B reports it stopped');
    assert.deepEqual(world.stopsSent(), [`app:web@${B}`], 'the copy on A is kept');
  });

  it('answers a waiting stop on the instances given once they are stopped there, the other copies running', async () => {
    harness = await spawnStopper();
    const { world, ref } = harness;
    const answer = ref.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs: ['app:web'], identifiers: [B], wait: true, replyTo }), 2000);
    await waitFor('the stop sent', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    await reported(harness, B, 'app', 'web');
    assert.equal(await answer, true, 'not STILL_RUNNING: the copy on A was not to be stopped');
  });

  it('a stop ends when its process leaves the instance (a lazy numprocs decrease removes it once stopped)', async () => {
    harness = await spawnStopper();
    const { world, ref } = harness;
    const answer = ref.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs: ['front:ui'], wait: true, replyTo }), 2000);
    await waitFor('the stop sent', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    world.remove(B, 'front:ui');
    assert.equal(await answer, true);
  });

  it('stop-all stops the applications by their stop_sequence, greatest first', async () => {
    harness = await spawnStopper();
    const { world, ref } = harness;
    assert.equal(ref.tell({ type: 'stop-all', ticket: 1 }), 'delivered');
    await waitFor('front stopped first', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    assert.deepEqual(world.stopsSent(), [`front:ui@${B}`]);
    await reported(harness, B, 'front', 'ui');
    await waitFor('then app, from its greatest stop_sequence', () => world.stopsSent().length === 2, { timeoutMs: 1000 });
    assert.equal(world.stopsSent()[1], `app:cli@${A}`);
  });

  it('refuses what does not run, and fails the waiting callers of an aborted job', async () => {
    harness = await spawnStopper();
    const { world, jobs, ref } = harness;
    await assert.rejects(ref.ask<boolean>((replyTo) => ({ type: 'stop-application', application: 'nope', wait: true, replyTo }), 2000), fault(/BAD_NAME: application=nope/));
    await reported(harness, B, 'front', 'ui');
    await assert.rejects(ref.ask<boolean>((replyTo) => ({ type: 'stop-application', application: 'front', wait: true, replyTo }), 2000), fault(/NOT_RUNNING: failed to stop front/));
    assert.deepEqual(world.stopsSent(), []);

    const stopped = ref.ask<boolean>((replyTo) => ({ type: 'stop-application', application: 'app', wait: true, replyTo }), 2000);
    const aborted = assert.rejects(stopped, fault(/ABNORMAL_TERMINATION: stop jobs aborted/));
    await waitFor('the first stage sent', () => world.stopsSent().length === 1, { timeoutMs: 1000 });
    assert.equal(ref.tell({ type: 'abort' }), 'delivered');
    await aborted;
    assert.equal(jobs.busy, false);
    await reported(harness, A, 'app', 'cli');
    assert.equal(world.stopsSent().length, 1, 'an aborted job sends nothing more');
  });
});
