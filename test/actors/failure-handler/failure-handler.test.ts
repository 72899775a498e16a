/**
 * The failure handler actor alone, with a fake context, starter and stopper: the running-failure
 * strategy of each process lost with an instance, or crashed, applied by the acting Master only.
 * (The restarts owed across a change of Master: test/failure-handler/owed-restarts.test.ts.)
 */
import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../../actors/core/index.js';
import { failureHandler, type FailureHandlerMessage } from '../../../actors/failure-handler/failure-handler.js';
import type { ClosingKind } from '../../../actors/state-machine/messages.js';
import type { StarterMessage } from '../../../actors/starter/messages.js';
import type { StopperMessage } from '../../../actors/stopper/messages.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';
import { A, B, C, clusterView, FakeWorld, processedBy, rulesOf } from '../../helpers/fakes/application-world.js';
import { RecordingRef } from '../../helpers/fakes/recording-ref.js';

const rules = rulesOf(
  [
    ['restartp', 'RESTART_PROCESS'],
    ['stopapp', 'STOP_APPLICATION'],
    ['restartapp', 'RESTART_APPLICATION'],
    ['cont', 'CONTINUE'],
    ['shut', 'SHUTDOWN'],
  ]
    .map(([name, strategy]) => `<application name="${name}"><start_sequence>1</start_sequence><running_failure_strategy>${strategy}</running_failure_strategy>
      <programs><program name="one"><start_sequence>1</start_sequence></program><program name="two"><start_sequence>1</start_sequence></program></programs></application>`)
    .join('\n'),
);
const APPLICATIONS = ['restartp', 'stopapp', 'restartapp', 'cont', 'shut'];

interface Harness {
  readonly system: ActorSystem;
  readonly world: FakeWorld;
  readonly ref: ActorRef<FailureHandlerMessage>;
  readonly starter: RecordingRef<StarterMessage>;
  readonly stopper: RecordingRef<StopperMessage>;
  /** Every request to the starter and the stopper, in order: `start-processes restartp:one`... */
  readonly requests: string[];
  readonly closed: ClosingKind[];
}

/** Every application: `one` RUNNING on C only, `two` RUNNING on A (its application keeps running when C is lost). */
async function spawnHandler(master = A): Promise<Harness> {
  const system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
  const view = clusterView([A, B, C], { master });
  const world = new FakeWorld();
  for (const application of APPLICATIONS) world.set(C, application, 'one', 'RUNNING').set(A, application, 'two', 'RUNNING');
  const requests: string[] = [];
  const starter = new RecordingRef<StarterMessage>('starter', (message) => {
    if (message.type === 'start-processes') requests.push(`start-processes ${message.namespecs.join(',')}`);
    if (message.type === 'start-application') requests.push(`start-application ${message.application}`);
    return true;
  });
  const stopper = new RecordingRef<StopperMessage>('stopper', (message) => {
    if (message.type === 'stop-application') requests.push(`stop-application ${message.application}`);
    return true;
  });
  const closed: ClosingKind[] = [];
  const ref = system.spawn<FailureHandlerMessage>(
    'failure-handler',
    failureHandler({ view, context: world.context, starter, stopper, rules: () => rules, close: (kind) => void closed.push(kind) }),
  );
  await waitFor('the failure handler subscribed to the context', () => world.subscribers.length === 1, { timeoutMs: 1000 });
  return { system, world, ref, starter, stopper, requests, closed };
}

/** Runs `act` and waits until the handler has processed one more message. */
async function handled(harness: Harness, act: () => void): Promise<void> {
  const before = processedBy(harness.system, 'failure-handler');
  act();
  await waitFor('the failure handler handled the notice', () => processedBy(harness.system, 'failure-handler') > before, { timeoutMs: 1000 });
}

describe('failure handler actor (fake context, starter and stopper)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('applies the running-failure strategy of each process lost with an instance', async () => {
    harness = await spawnHandler();
    const { world, requests } = harness;
    let lost: readonly string[] = [];
    await handled(harness, () => (lost = world.lose(C)));
    assert.deepEqual([...lost].sort(), APPLICATIONS.map((application) => `${application}:one`).sort());
    await waitFor('the restart of restartapp, after its stop', () => requests.includes('start-application restartapp'), { timeoutMs: 1000 });
    assert.deepEqual(
      [...requests].sort(),
      ['start-application restartapp', 'start-processes restartp:one', 'stop-application restartapp', 'stop-application stopapp'],
      'CONTINUE does nothing; a loss is no crash: SHUTDOWN closes nothing',
    );
    assert.ok(requests.indexOf('stop-application restartapp') < requests.indexOf('start-application restartapp'), 'RESTART_APPLICATION stops, then starts');
    assert.deepEqual(harness.closed, []);
    const restart = harness.starter.ofType('start-processes')[0];
    assert.equal(restart?.wait, false);
  });

  it('does nothing unless it is the acting Master', async () => {
    harness = await spawnHandler(B);
    await handled(harness, () => harness?.world.lose(C));
    assert.deepEqual(harness.requests, []);
    await handled(harness, () => harness?.ref.tell({ type: 'running-failure', namespecs: ['restartp:one'] }));
    assert.deepEqual(harness.requests, []);
  });

  it('reacts to a crash in a running application: SHUTDOWN closes the cluster, STOP_APPLICATION stops it, RESTART_PROCESS leaves it to autorestart', async () => {
    harness = await spawnHandler();
    const { world } = harness;
    const crash = (application: string): void => world.report(A, application, 'two', 'FATAL', { expected: false });
    await handled(harness, () => crash('shut'));
    assert.deepEqual(harness.closed, ['shutdown']);
    await handled(harness, () => crash('restartp'));
    assert.deepEqual(harness.requests, []);
    await handled(harness, () => crash('stopapp'));
    await waitFor('stopapp stopped', () => harness?.requests.length === 1, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, ['stop-application stopapp']);
  });

  it('applies the strategy of processes the conciliation stopped everywhere (RUNNING_FAILURE)', async () => {
    harness = await spawnHandler();
    await handled(harness, () => harness?.ref.tell({ type: 'running-failure', namespecs: ['restartp:one', 'cont:one'] }));
    await waitFor('the restart asked', () => harness?.requests.length === 1, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, ['start-processes restartp:one']);
  });
});
