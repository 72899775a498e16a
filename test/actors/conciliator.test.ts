/**
 * The conciliator actor alone, with a fake context, starter, stopper and failure handler: a
 * conflict (app:web RUNNING on A, started first, and on B) and what each conciliation strategy
 * asks of the others.
 */
import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef } from '../../actors/core/index.js';
import { conciliator, type ConciliatorMessage } from '../../actors/conciliator/conciliator.js';
import type { FailureHandlerMessage } from '../../actors/failure-handler/failure-handler.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import type { StarterMessage } from '../../actors/starter/messages.js';
import type { StopperMessage } from '../../actors/stopper/messages.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { A, B, clusterView, FakeWorld, processedBy, rulesOf } from '../helpers/fakes/application-world.js';
import { RecordingRef } from '../helpers/fakes/recording-ref.js';

const rules = rulesOf(`<application name="app"><programs><program name="web"><start_sequence>1</start_sequence></program></programs></application>`);

type Strategy = Extract<ConciliatorMessage, { type: 'conciliate' }>['strategy'];

interface Harness {
  readonly system: ActorSystem;
  readonly view: ClusterView;
  readonly ref: ActorRef<ConciliatorMessage>;
  readonly starter: RecordingRef<StarterMessage>;
  readonly stopper: RecordingRef<StopperMessage>;
  readonly failures: RecordingRef<FailureHandlerMessage>;
  /** Every request to the stopper, the starter and the failure handler, in order. */
  readonly requests: string[];
}

/** app:web RUNNING on A (started at 1000 s) and on B (at 2000 s), app:db on A only: one conflict. */
async function spawnConciliator(conciliationStrategy: Strategy = 'USER'): Promise<Harness> {
  const system = new ActorSystem({ node: 'test', logger: memoryLogger('debug').logger });
  const view = clusterView([A, B], { state: 'CONCILIATION', options: { conciliationStrategy } });
  const world = new FakeWorld().set(A, 'app', 'web', 'RUNNING', { start: 1000 }).set(B, 'app', 'web', 'RUNNING', { start: 2000 }).set(A, 'app', 'db', 'RUNNING');
  const requests: string[] = [];
  const stopper = new RecordingRef<StopperMessage>('stopper', (message) => {
    if (message.type === 'stop-processes') requests.push(`stop ${message.namespecs.join(',')}${message.identifiers === undefined ? '' : ` on ${message.identifiers.join(',')}`}`);
    return true;
  });
  const starter = new RecordingRef<StarterMessage>('starter', (message) => {
    if (message.type === 'start-processes') requests.push(`start ${message.namespecs.join(',')}`);
    return true;
  });
  const failures = new RecordingRef<FailureHandlerMessage>('failure-handler');
  const ref = system.spawn<ConciliatorMessage>('conciliator', conciliator({ view, context: world.context, starter, stopper, failureHandler: failures, rules: () => rules }));
  await waitFor('the conciliator subscribed to the context', () => world.subscribers.length === 1, { timeoutMs: 1000 });
  return { system, view, ref, starter, stopper, failures, requests };
}

const conciliate = (harness: Harness, strategy: Strategy): Promise<boolean> => harness.ref.ask<boolean>((replyTo) => ({ type: 'conciliate', strategy, replyTo }), 1000);

describe('conciliator actor (fake context, starter, stopper, failure handler)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('SENICIDE stops the oldest copy, INFANTICIDE the youngest, STOP every copy; only the process in conflict', async () => {
    harness = await spawnConciliator();
    assert.equal(await conciliate(harness, 'SENICIDE'), true);
    assert.equal(await conciliate(harness, 'INFANTICIDE'), true);
    assert.equal(await conciliate(harness, 'STOP'), true);
    assert.deepEqual(harness.requests, [`stop app:web on ${A}`, `stop app:web on ${B}`, `stop app:web on ${A},${B}`]);
  });

  it('for some namespecs (conciliate_process): only their conflicts; NOT_APPLICABLE when none of them is in conflict', async () => {
    harness = await spawnConciliator();
    const ask = (namespecs: string[]): Promise<boolean> => (harness as Harness).ref.ask<boolean>((replyTo) => ({ type: 'conciliate', strategy: 'SENICIDE', namespecs, replyTo }), 1000);
    assert.equal(await ask(['app:web']), true);
    assert.deepEqual(harness.requests, [`stop app:web on ${A}`]);
    await assert.rejects(ask(['app:db']), (error: unknown) => isSupvisorsError(error) && error.fault === 'NOT_APPLICABLE' && error.message.includes('app:db not in conflict'));
    assert.equal(harness.requests.length, 1);
  });

  it('USER does nothing and answers false', async () => {
    harness = await spawnConciliator();
    assert.equal(await conciliate(harness, 'USER'), false);
    assert.deepEqual(harness.requests, []);
  });

  it('RESTART stops every copy, then starts one', async () => {
    harness = await spawnConciliator();
    assert.equal(await conciliate(harness, 'RESTART'), true);
    await waitFor('the start after the stop', () => harness?.requests.length === 2, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, ['stop app:web', 'start app:web']);
    assert.equal(harness.starter.ofType('start-processes')[0]?.extraArgs, '', 'started again without extra arguments');
  });

  it("RUNNING_FAILURE stops every copy, then hands the process to the failure handler's strategies", async () => {
    harness = await spawnConciliator();
    assert.equal(await conciliate(harness, 'RUNNING_FAILURE'), true);
    await waitFor('the failure handler told', () => harness?.failures.told.length === 1, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, [`stop app:web on ${A},${B}`]);
    assert.deepEqual(harness.failures.told, [{ type: 'running-failure', namespecs: ['app:web'] }]);
  });

  it("applies conciliation_strategy when the FSM asks, but not while jobs run", async () => {
    harness = await spawnConciliator('INFANTICIDE');
    const { system, view, ref } = harness;
    view.jobs = { starting: false, stopping: true };
    const before = processedBy(system, 'conciliator');
    ref.tell({ type: 'auto' });
    await waitFor('the auto request handled', () => processedBy(system, 'conciliator') > before, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, [], 'the previous stops still run');
    view.jobs = { starting: false, stopping: false };
    ref.tell({ type: 'auto' });
    await waitFor('the stop asked', () => harness?.requests.length === 1, { timeoutMs: 1000 });
    assert.deepEqual(harness.requests, [`stop app:web on ${B}`]);
  });
});
