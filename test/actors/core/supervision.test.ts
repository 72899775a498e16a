import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef, type ReplyTo } from '../../../actors/core/index.js';
import { memoryLogger } from '../../helpers/logger.js';
import { waitFor } from '../../helpers/wait.js';

type Counter =
  | { readonly type: 'add' }
  | { readonly type: 'crash' }
  | { readonly type: 'read'; readonly replyTo: ReplyTo<number> };

const read = (ref: ActorRef<Counter>): Promise<number> => ref.ask<number>((replyTo) => ({ type: 'read', replyTo }));

function counterFactory(onStart: () => void, onStop: () => void = () => undefined) {
  return () => {
    onStart();
    let count = 0;
    return {
      receive(message: Counter) {
        if (message.type === 'add') count += 1;
        else if (message.type === 'crash') throw new Error('crash requested');
        else message.replyTo.reply(count);
      },
      postStop: onStop,
    };
  };
}

describe('actor supervision', () => {
  let system: ActorSystem;
  const escalations: string[] = [];

  beforeEach(() => {
    escalations.length = 0;
    system = new ActorSystem({ logger: memoryLogger().logger, onEscalation: (actor) => escalations.push(actor) });
  });
  afterEach(() => system.shutdown());

  it('restarts a failed actor with state rebuilt by its factory, keeping queued messages', async () => {
    let starts = 0;
    let stops = 0;
    const ref = system.spawn<Counter>('counter', counterFactory(() => (starts += 1), () => (stops += 1)));
    ref.tell({ type: 'add' });
    ref.tell({ type: 'add' });
    assert.equal(await read(ref), 2);
    ref.tell({ type: 'crash' });
    ref.tell({ type: 'add' }); // queued behind the crash: handled by the new incarnation
    assert.equal(await read(ref), 1);
    assert.equal(starts, 2);
    assert.equal(stops, 1);
    const actor = system.diagnostics().actors.find((entry) => entry.name === 'counter');
    assert.equal(actor?.restarts, 1);
    assert.equal(actor?.mailbox.failed, 1);
    assert.equal(actor?.lastFailure?.during, 'crash');
    assert.equal(actor?.lastFailure?.message, 'crash requested');
  });

  it('waits an increasing backoff between restarts', async () => {
    const startTimes: number[] = [];
    const ref = system.spawn<Counter>('backoff', counterFactory(() => startTimes.push(performance.now())), {
      supervision: { kind: 'restart', backoff: { minMs: 20, maxMs: 80, factor: 2 }, intensity: { maxRestarts: 10, withinMs: 10_000 } },
    });
    for (let crash = 0; crash < 4; crash += 1) {
      ref.tell({ type: 'crash' });
      await waitFor(`restart ${crash + 1}`, () => startTimes.length === crash + 2);
    }
    const gaps = startTimes.slice(1).map((time, index) => time - (startTimes[index] ?? 0));
    // Backoffs 20, 40, 80, 80 (capped): each gap is at least its backoff.
    [20, 40, 80, 80].forEach((backoff, index) => assert.ok((gaps[index] ?? 0) >= backoff - 2, `gap ${index} = ${gaps[index]}`));
  });

  it('stops an actor whose policy is stop, turning its queue into dead letters', async () => {
    const ref = system.spawn<Counter>('stopper', counterFactory(() => undefined), { supervision: { kind: 'stop' } });
    ref.tell({ type: 'crash' });
    ref.tell({ type: 'add' });
    ref.tell({ type: 'add' });
    await waitFor('stopped', () => !system.has('stopper'));
    assert.equal(system.deadLetters.snapshot().byReason['discarded-on-stop'], 2);
    assert.deepEqual(escalations, []);
  });

  it('escalates to the parent when the restart intensity is exceeded; the parent restart re-creates the child', async () => {
    let parentStarts = 0;
    let childStarts = 0;
    type ParentMessage = { readonly type: 'child'; readonly replyTo: ReplyTo<ActorRef<Counter>> };
    const parent = system.spawn<ParentMessage>('parent', (context) => {
      parentStarts += 1;
      const child = context.spawn<Counter>('child', counterFactory(() => (childStarts += 1)), {
        supervision: { kind: 'restart', backoff: { minMs: 1, maxMs: 1, factor: 1 }, intensity: { maxRestarts: 2, withinMs: 10_000 } },
      });
      return { receive: (message) => message.replyTo.reply(child) };
    });
    const child = await parent.ask<ActorRef<Counter>>((replyTo) => ({ type: 'child', replyTo }));
    for (let crash = 0; crash < 3; crash += 1) {
      await waitFor(`child incarnation ${crash + 1}`, () => childStarts === crash + 1);
      child.tell({ type: 'crash' });
    }
    // Third crash within the window: escalated, the parent restarts and spawns a fresh child.
    await waitFor('parent restarted', () => parentStarts === 2);
    await waitFor('child re-created', () => childStarts === 4);
    const newChild = await parent.ask<ActorRef<Counter>>((replyTo) => ({ type: 'child', replyTo }));
    assert.notEqual(newChild, child);
    assert.equal(child.tell({ type: 'add' }), 'dead-letter');
    newChild.tell({ type: 'add' });
    assert.equal(await read(newChild), 1);
    const parentInfo = system.diagnostics().actors.find((entry) => entry.name === 'parent');
    assert.equal(parentInfo?.restarts, 1);
    assert.deepEqual(parentInfo?.children, ['child']);
    assert.match(parentInfo?.lastFailure?.message ?? '', /child child failed: crash requested/);
    assert.deepEqual(escalations, []);
  });

  it('escalates a top-level failure to the system, which counts it and stays up', async () => {
    const ref = system.spawn<Counter>('top', counterFactory(() => undefined), { supervision: { kind: 'escalate' } });
    ref.tell({ type: 'crash' });
    await waitFor('escalation', () => escalations.length === 1);
    assert.deepEqual(escalations, ['top']);
    assert.equal(system.has('top'), false);
    assert.equal(system.diagnostics().escalations, 1);
    const other = system.spawn<Counter>('after', counterFactory(() => undefined));
    other.tell({ type: 'add' });
    assert.equal(await read(other), 1);
  });

  it('supervises a factory that fails', async () => {
    let attempts = 0;
    const ref = system.spawn<Counter>('flaky-start', () => {
      attempts += 1;
      if (attempts < 3) throw new Error(`cannot start (attempt ${attempts})`);
      return counterFactory(() => undefined)();
    }, { supervision: { kind: 'restart', backoff: { minMs: 1, maxMs: 5, factor: 2 } } });
    ref.tell({ type: 'add' });
    assert.equal(await read(ref), 1);
    assert.equal(attempts, 3);
  });
});
