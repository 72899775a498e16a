/**
 * The alerter actor with a fake context and recording senders: only the acting Master sends,
 * process reports and instance losses become batches, alerts seen without a Master wait for one.
 */
import assert from 'node:assert/strict';
import { ActorSystem } from '../../actors/core/index.js';
import { alerter, type AlerterMessage } from '../../actors/alerter/alerter.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import type { AlertBody, AlertMail } from '../../alerts/render.js';
import { setInstanceState, setLocalModes } from '../../cluster/state-records.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';
import { A, B, C, clusterView, FakeWorld, processedBy, rulesOf } from '../helpers/fakes/application-world.js';
import { localProcess } from '../helpers/local-process.js';

interface Harness {
  readonly system: ActorSystem;
  readonly lines: string[];
  readonly world: FakeWorld;
  readonly view: ClusterView;
  readonly mails: AlertMail[];
  readonly bodies: AlertBody[];
}

/** `failing`: the webhook fails with this error. */
async function spawnAlerter(master: string, failing?: string): Promise<Harness> {
  const { logger, lines } = memoryLogger('debug');
  const system = new ActorSystem({ node: 'test', logger });
  const view = clusterView([A, B, C], { master, options: { alertBatchSeconds: 0 } });
  const world = new FakeWorld();
  const mails: AlertMail[] = [];
  const bodies: AlertBody[] = [];
  const senders = {
    mail: (mail: AlertMail): Promise<void> => Promise.resolve(void mails.push(mail)),
    webhook: (body: AlertBody): Promise<void> => (failing === undefined ? Promise.resolve(void bodies.push(body)) : Promise.reject(new Error(failing))),
  };
  system.spawn<AlerterMessage>('alerter', alerter({ view, context: world.context, rules: () => rulesOf(''), senders }));
  await waitFor('the alerter subscribed to the context', () => world.subscribers.length === 1, { timeoutMs: 1000 });
  return { system, lines, world, view, mails, bodies };
}

function crash(world: FakeWorld, identifier: string): void {
  const process = localProcess('web', 'db', 'EXITED', { expected: false, exitstatus: 2 });
  world.set(identifier, 'web', 'db', 'EXITED', { expected: false, exitstatus: 2 });
  world.publish(['web:db'], { reported: { identifier, process, disabledChanged: false } });
}

describe('alerter actor (fake context, recording senders)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.system.shutdown();
    harness = undefined;
  });

  it('on the Master: a crash reported by an instance goes out by mail and webhook', async () => {
    harness = await spawnAlerter(A);
    const { world, mails, bodies } = harness;
    world.set(B, 'web', 'db', 'RUNNING');
    crash(world, B);
    await waitFor('one mail and one POST', () => mails.length === 1 && bodies.length === 1, { timeoutMs: 3000, intervalMs: 10 });
    assert.deepEqual(bodies[0]?.alerts.map(({ kind, identifier, subject }) => [kind, identifier, subject]), [['EXITED', B, 'web:db']]);
    assert.equal(bodies[0]?.master, A);
    assert.equal(mails[0]?.subject, `[supvisors] web:db exited unexpectedly on ${B} (exit status 2)`);
  });

  it('on the Master: an instance lost', async () => {
    harness = await spawnAlerter(A);
    const { view, bodies } = harness;
    // one tick sees C RUNNING, the next FAILED: two more messages hold a tick (the other may be the first notice)
    const system = harness.system;
    const start = processedBy(system, 'alerter');
    await waitFor('a tick', () => processedBy(system, 'alerter') >= start + 2, { timeoutMs: 2000, intervalMs: 10 });
    view.records = setInstanceState(view.records, A, C, 'FAILED').records;
    await waitFor('one POST', () => bodies.length === 1, { timeoutMs: 3000, intervalMs: 10 });
    assert.deepEqual(bodies[0]?.alerts.map(({ kind, identifier }) => [kind, identifier]), [['INSTANCE_LOST', C]]);
  });

  it('elsewhere: nothing while another instance is Master; held without a Master, sent once this one is', async () => {
    harness = await spawnAlerter(B);
    const { system, world, view, mails, bodies } = harness;
    // each notice handled: two more messages, a tick at most among them (ticks are 500 ms apart)
    const handled = async (act: () => void): Promise<void> => {
      const before = processedBy(system, 'alerter');
      act();
      await waitFor('the notice handled', () => processedBy(system, 'alerter') >= before + 2, { timeoutMs: 2000, intervalMs: 10 });
    };
    await handled(() => crash(world, C));
    // no Master: held
    view.records = setLocalModes(view.records, A, { masterIdentifier: '' }).records;
    world.set(C, 'web', 'db', 'RUNNING');
    await handled(() => crash(world, A));
    assert.equal(bodies.length + mails.length, 0);
    view.records = setLocalModes(view.records, A, { masterIdentifier: A }).records;
    await waitFor('the held alert sent', () => bodies.length === 1 && mails.length === 1, { timeoutMs: 3000, intervalMs: 10 });
    assert.deepEqual(bodies[0]?.alerts.map(({ kind, identifier }) => [kind, identifier]), [['EXITED', A]]);
  });

  it('a failed send is logged and counted; the other channel still goes out', async () => {
    harness = await spawnAlerter(A, 'HTTP 500');
    const { world, mails, lines } = harness;
    world.set(B, 'web', 'db', 'RUNNING');
    crash(world, B);
    await waitFor('the mail and the failure logged', () => mails.length === 1 && lines.some((line) => line.includes('alerts: webhook failed: HTTP 500; 1 failures in all')), {
      timeoutMs: 3000,
      intervalMs: 10,
    });
  });
});
