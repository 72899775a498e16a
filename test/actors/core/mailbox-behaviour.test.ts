import assert from 'node:assert/strict';
import { ActorSystem, type ActorRef, type OverflowPolicy, type ReplyTo } from '../../../actors/core/index.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { memoryLogger } from '../../helpers/logger.js';
import { Gate, sleep, waitFor } from '../../helpers/wait.js';

type Job =
  | { readonly type: 'job'; readonly id: number; readonly password?: string }
  | { readonly type: 'ping'; readonly replyTo: ReplyTo<string> };

describe('mailboxes of actors', () => {
  let system: ActorSystem;

  beforeEach(() => {
    system = new ActorSystem({ logger: memoryLogger().logger });
  });
  afterEach(() => system.shutdown());

  /** An actor held on its first message until the gate opens; records what it handles. */
  async function blocked(name: string, capacity?: number, overflow?: OverflowPolicy) {
    const gate = new Gate();
    const handled: number[] = [];
    const ref: ActorRef<Job> = system.spawn<Job>(
      name,
      () => ({
        async receive(message) {
          if (message.type === 'ping') return message.replyTo.reply('pong');
          if (message.id === 0) await gate.opened;
          handled.push(message.id);
        },
      }),
      capacity === undefined ? {} : { mailbox: { capacity, overflow } },
    );
    ref.tell({ type: 'job', id: 0 });
    await waitFor('first job in hand', () => stats(name).processed === 0 && stats(name).depth === 0 && stats(name).lastType === 'job');
    return { ref, gate, handled };
  }

  const actorInfo = (name: string) => {
    const found = system.diagnostics({ peek: 3 }).actors.find((actor) => actor.name === name);
    assert.ok(found, `actor ${name} in diagnostics`);
    return found;
  };
  const stats = (name: string) => actorInfo(name).mailbox;

  it('drop-newest: a full mailbox drops the arriving message into dead letters', async () => {
    const { ref, gate, handled } = await blocked('newest', 2, 'drop-newest');
    assert.deepEqual([1, 2, 3].map((id) => ref.tell({ type: 'job', id })), ['delivered', 'delivered', 'dropped']);
    gate.open();
    await waitFor('queue drained', () => handled.length === 3);
    assert.deepEqual(handled, [0, 1, 2]);
    assert.equal(stats('newest').dropped, 1);
    assert.deepEqual(system.deadLetters.snapshot().recent.map((letter) => [letter.reason, letter.summary]), [['mailbox-overflow', '{id:3}']]);
  });

  it('drop-oldest: a full mailbox evicts its oldest message and fails its ask', async () => {
    const { ref, gate, handled } = await blocked('oldest', 2, 'drop-oldest');
    const evictedAsk = ref.ask<string>((replyTo) => ({ type: 'ping', replyTo }));
    ref.tell({ type: 'job', id: 2 });
    assert.equal(ref.tell({ type: 'job', id: 3 }), 'delivered');
    await assert.rejects(evictedAsk, (error: unknown) => isSupvisorsError(error, 'MESSAGE_DROPPED'));
    gate.open();
    await waitFor('queue drained', () => handled.length === 3);
    assert.deepEqual(handled, [0, 2, 3]);
    assert.equal(stats('oldest').dropped, 1);
    assert.equal(system.deadLetters.snapshot().byReason['mailbox-overflow'], 1);
  });

  it('reject: a full mailbox refuses the message back to its sender', async () => {
    const { ref, gate, handled } = await blocked('rejecting', 1, 'reject');
    assert.equal(ref.tell({ type: 'job', id: 1 }), 'delivered');
    assert.equal(ref.tell({ type: 'job', id: 2 }), 'rejected');
    await assert.rejects(ref.ask<string>((replyTo) => ({ type: 'ping', replyTo })), (error: unknown) =>
      isSupvisorsError(error, 'MAILBOX_FULL'),
    );
    gate.open();
    await waitFor('queue drained', () => handled.length === 2);
    assert.equal(stats('rejecting').rejected, 2);
    assert.equal(system.deadLetters.count, 0);
  });

  it('reports depth, high-water mark, age, peek and waiting time after a known workload', async () => {
    const { ref, gate, handled } = await blocked('measured');
    ref.tell({ type: 'job', id: 1, password: 'hunter2' });
    for (let id = 2; id <= 10; id += 1) ref.tell({ type: 'job', id });
    // the ages measured below are the behaviour under test: wait until the oldest is 25 ms old
    await waitFor('the oldest queued message 25 ms old', () => actorInfo('measured').mailbox.oldestAgeMs >= 25, { timeoutMs: 1000 });
    const before = actorInfo('measured');
    assert.equal(before.mailbox.depth, 10);
    assert.equal(before.mailbox.highWater, 10);
    assert.equal(before.mailbox.enqueued, 11);
    assert.ok(before.mailbox.oldestAgeMs >= 25, `oldest ${before.mailbox.oldestAgeMs} ms`);
    assert.equal(before.peek.length, 3);
    assert.deepEqual(before.peek.map((entry) => [entry.type, entry.summary]), [['job', '{id:1,password:***}'], ['job', '{id:2}'], ['job', '{id:3}']]);
    assert.equal(JSON.stringify(system.diagnostics({ peek: 50 })).includes('hunter2'), false);
    gate.open();
    await waitFor('all handled', () => handled.length === 11);
    const after = actorInfo('measured').mailbox;
    assert.equal(after.depth, 0);
    assert.equal(after.highWater, 10);
    assert.equal(after.processed, 11);
    assert.equal(after.failed, 0);
    assert.equal(after.oldestAgeMs, 0);
    assert.equal(after.lastType, 'job');
    // Ten messages waited 25 ms or more behind the held one.
    assert.ok(after.waitingP99Us >= 25_000, `waiting p99 ${after.waitingP99Us} us`);
    assert.ok(after.waitingMeanUs >= 20_000, `waiting mean ${after.waitingMeanUs} us`);
    assert.ok(after.handlingP99Us >= 25_000, `handling p99 ${after.handlingP99Us} us (the held message)`);
  });

  it('lets a stop overtake queued user messages', async () => {
    const { ref, gate, handled } = await blocked('overtaken');
    for (let id = 1; id <= 5; id += 1) ref.tell({ type: 'job', id });
    const stopped = system.stop(ref, 'discard');
    gate.open();
    await stopped;
    assert.deepEqual(handled, [0]);
    assert.equal(system.deadLetters.snapshot().byReason['discarded-on-stop'], 5);
  });

  it('fires timers once and periodically, and cancels them when the actor stops', async () => {
    type Tick = { readonly type: 'tick'; readonly key: string };
    const ticks: string[] = [];
    const ref = system.spawn<Tick>('ticking', (context) => {
      context.timers.once('single', 10, { type: 'tick', key: 'once' });
      context.timers.every('periodic', 10, { type: 'tick', key: 'every' });
      return { receive: (message) => void ticks.push(message.key) };
    });
    await waitFor('three periodic ticks', () => ticks.filter((key) => key === 'every').length >= 3);
    assert.equal(ticks.filter((key) => key === 'once').length, 1);
    assert.equal(actorInfo('ticking').timers, 1);
    await system.stop(ref);
    const count = ticks.length;
    // an absence: four periods of the stopped timer pass without a tick
    await sleep(40);
    assert.equal(ticks.length, count, 'no tick after stop');
    assert.equal(system.deadLetters.count, 0, 'timers were cancelled, not dead-lettered');
  });
});
