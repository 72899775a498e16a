/**
 * The starter actor alone, with a fake context and fake bridges (test/helpers/fakes): start
 * jobs by stages of start_sequence, the deferred answer of `wait`, the starting failure
 * strategy, and the refusals answered at once.
 */
import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import type { StarterMessage } from '../../actors/starter/messages.js';
import { starter } from '../../actors/starter/starter.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import { clusterFacts } from '../../bin/application-actors.js';
import { describeError } from '../../errors/errors.js';
import { builtinStartingStrategies } from '../../strategies/placement.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { A, B, clusterView, FakeWorld, processedBy, rulesOf } from '../helpers/fakes/application-world.js';

const rules = rulesOf(`
<application name="app">
  <start_sequence>1</start_sequence>
  <starting_failure_strategy>ABORT</starting_failure_strategy>
  <programs>
    <program name="db"><start_sequence>1</start_sequence><required>true</required></program>
    <program name="web"><start_sequence>2</start_sequence></program>
    <program name="api"><start_sequence>2</start_sequence></program>
    <program name="cli"><start_sequence>3</start_sequence></program>
    <program name="tool"><start_sequence>0</start_sequence></program>
  </programs>
</application>`);

interface Harness {
  readonly system: ActorSystem;
  readonly view: ClusterView;
  readonly world: FakeWorld;
  readonly ref: ActorRef<StarterMessage>;
  readonly stopped: string[];
  /** What the starter last told the state machine of its jobs. */
  readonly jobs: { busy: boolean };
}

/**
 * app's programs all STOPPED, on A, except web, configured on B only. Resolves once the starter
 * subscribed: the model it is then told comes before any request of the test.
 */
async function spawnStarter(): Promise<Harness> {
  const system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
  const view = clusterView([A, B]);
  const world = new FakeWorld();
  for (const name of ['db', 'api', 'cli', 'tool']) world.set(A, 'app', name, 'STOPPED');
  world.set(B, 'app', 'web', 'STOPPED');
  const stopped: string[] = [];
  const jobs = { busy: false };
  const ref = system.spawn<StarterMessage>(
    'starter',
    starter({
      view,
      context: world.context,
      rules: () => rules,
      bridgeOf: world.bridgeOf,
      strategies: builtinStartingStrategies,
      plugins: new Map(),
      facts: () => clusterFacts(view),
      stopApplication: (application) => void stopped.push(application),
      onJobs: (busy) => (jobs.busy = busy),
    }),
  );
  await waitFor('the starter subscribed to the context', () => world.subscribers.length === 1, { timeoutMs: 1000 });
  return { system, view, world, ref, stopped, jobs };
}

/** Tells a report and waits until the starter has handled it. */
async function reported(harness: Harness, identifier: string, name: string, state: 'RUNNING' | 'FATAL'): Promise<void> {
  const before = processedBy(harness.system, 'starter');
  harness.world.report(identifier, 'app', name, state, state === 'FATAL' ? { start: Math.floor(Date.now() / 1000), expected: false } : {});
  await waitFor(`the starter handled ${name} ${state}`, () => processedBy(harness.system, 'starter') > before, { timeoutMs: 1000 });
}

describe('starter actor (fake context and bridges)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('starts an application stage by stage in start_sequence order, and answers a waiting caller once it is RUNNING', async () => {
    harness = await spawnStarter();
    const { world, jobs, ref } = harness;
    let answer: boolean | undefined;
    const started = ref.ask<boolean>((replyTo) => ({ type: 'start-application', application: 'app', strategy: 'CONFIG', wait: true, replyTo }), 2000);
    void started.then((value) => (answer = value));

    await waitFor('stage 1 sent', () => world.startsSent().length === 1, { timeoutMs: 1000 });
    assert.deepEqual(world.startsSent(), ['app:db@' + A]);
    assert.equal(jobs.busy, true, 'a job in progress is published for the FSM');

    await reported(harness, A, 'db', 'RUNNING');
    await waitFor('stage 2 sent', () => world.startsSent().length === 3, { timeoutMs: 1000 });
    assert.deepEqual(world.startsSent().slice(1).sort(), ['app:api@' + A, 'app:web@' + B], 'each process on the instance that has it (CONFIG)');

    await reported(harness, B, 'web', 'RUNNING');
    assert.equal(world.startsSent().length, 3, 'stage 3 waits for every process of stage 2');
    assert.equal(answer, undefined, 'the caller still waits');

    await reported(harness, A, 'api', 'RUNNING');
    await waitFor('stage 3 sent', () => world.startsSent().length === 4, { timeoutMs: 1000 });
    assert.equal(world.startsSent()[3], 'app:cli@' + A);
    assert.equal(answer, undefined, 'the caller still waits for the last stage');

    await reported(harness, A, 'cli', 'RUNNING');
    assert.equal(await started, true);
    assert.equal(jobs.busy, false);
    assert.ok(!world.startsSent().some((sent) => sent.startsWith('app:tool@')), 'start_sequence 0 is not started with the application');
    assert.deepEqual(harness.stopped, []);
  });

  it('a required process FATAL aborts the next stages and fails the waiting caller (starting_failure_strategy ABORT)', async () => {
    harness = await spawnStarter();
    const { world, jobs, ref } = harness;
    const started = ref.ask<boolean>((replyTo) => ({ type: 'start-application', application: 'app', strategy: 'CONFIG', wait: true, replyTo }), 2000);
    const refused = assert.rejects(started, (error: unknown) => /NOT_RUNNING: app/.test(describeError(error)));
    await waitFor('stage 1 sent', () => world.startsSent().length === 1, { timeoutMs: 1000 });
    await reported(harness, A, 'db', 'FATAL');
    await refused;
    assert.deepEqual(world.startsSent(), ['app:db@' + A], 'no later stage was sent');
    assert.equal(jobs.busy, false);
    assert.deepEqual(harness.stopped, [], 'ABORT does not stop the application');
  });

  it('starts listed processes by their start_sequence with the extra arguments given, answering at once without wait', async () => {
    harness = await spawnStarter();
    const { world, ref } = harness;
    const answer = await ref.ask<boolean>(
      (replyTo) => ({ type: 'start-processes', namespecs: ['app:cli', 'app:web'], strategy: 'CONFIG', extraArgs: '-v', wait: false, replyTo }),
      2000,
    );
    assert.equal(answer, true);
    await waitFor('web (start_sequence 2) sent', () => world.startsSent().length === 1, { timeoutMs: 1000 });
    assert.deepEqual(world.startsSent(), ['app:web@' + B]);
    await reported(harness, B, 'web', 'RUNNING');
    await waitFor('then cli (start_sequence 3)', () => world.startsSent().length === 2, { timeoutMs: 1000 });
    assert.deepEqual(world.startsSent(), ['app:web@' + B, 'app:cli@' + A]);
    assert.deepEqual(
      world.commands.map((command) => command.extraArgs),
      ['-v', '-v'],
    );
  });

  it('refuses at once what it cannot start: an unknown application, one already started, a running process', async () => {
    harness = await spawnStarter();
    const { world, ref } = harness;
    const fault = (pattern: RegExp) => (error: unknown) => pattern.test(describeError(error));
    await assert.rejects(ref.ask<boolean>((replyTo) => ({ type: 'start-application', application: 'nope', strategy: 'CONFIG', wait: true, replyTo }), 2000), fault(/BAD_NAME: application=nope/));
    await reported(harness, A, 'db', 'RUNNING');
    await assert.rejects(ref.ask<boolean>((replyTo) => ({ type: 'start-application', application: 'app', strategy: 'CONFIG', wait: true, replyTo }), 2000), fault(/ALREADY_STARTED: app/));
    await assert.rejects(
      ref.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs: ['app:db'], strategy: 'CONFIG', extraArgs: undefined, wait: true, replyTo }), 2000),
      fault(/ALREADY_STARTED: app:db/),
    );
    assert.deepEqual(world.startsSent(), []);
  });

  it('a process started with no resource is shown FATAL "No resource available", and the caller gets ABNORMAL_TERMINATION (strategies.md §6.4)', async () => {
    harness = await spawnStarter();
    const { world, ref } = harness;
    // web is configured on B only: LOCAL (this instance, A) finds no resource for it
    await assert.rejects(
      ref.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs: ['app:web'], strategy: 'LOCAL', extraArgs: '', wait: true, replyTo, given: 'app:web' }), 2000),
      (error: unknown) => describeError(error) === 'ABNORMAL_TERMINATION: failed to start app:web',
    );
    assert.deepEqual(
      world.contextTold.filter((message) => message.type === 'force-state'),
      [{ type: 'force-state', namespec: 'app:web', state: 'FATAL', reason: 'No resource available' }],
    );
    assert.deepEqual(world.startsSent(), []);
    assert.equal(harness.jobs.busy, false);
  });
});
