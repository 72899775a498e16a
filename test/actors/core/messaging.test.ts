import assert from 'node:assert/strict';
import { ActorSystem, actorKey, type ReplyTo } from '../../../actors/core/index.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { memoryLogger } from '../../helpers/logger.js';
import { Gate, sleep, waitFor } from '../../helpers/wait.js';

type Work =
  | { readonly type: 'work'; readonly id: number; readonly delayMs: number }
  | { readonly type: 'get'; readonly replyTo: ReplyTo<number[]> };

describe('actor messaging', () => {
  let system: ActorSystem;
  let logLines: string[];

  beforeEach(() => {
    const { logger, lines } = memoryLogger();
    logLines = lines;
    system = new ActorSystem({ node: 'test', logger });
  });
  afterEach(() => system.shutdown());

  it('handles async messages one at a time, in arrival order', async () => {
    const done: number[] = [];
    let active = 0;
    let maxActive = 0;
    const ref = system.spawn<Work>('ordered', () => ({
      async receive(message) {
        if (message.type === 'get') return message.replyTo.reply(done);
        active += 1;
        maxActive = Math.max(maxActive, active);
        // the workload itself (handlers of uneven length), not a wait of the test
        await sleep(message.delayMs);
        done.push(message.id);
        active -= 1;
      },
    }));
    const delays = [12, 0, 7, 1, 9, 0, 3, 5, 0, 2];
    delays.forEach((delayMs, id) => assert.equal(ref.tell({ type: 'work', id, delayMs }), 'delivered'));
    const result = await ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo }));
    assert.deepEqual(result, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(maxActive, 1);
  });

  it('answers an ask with a typed reply and looks actors up by typed key', async () => {
    const key = actorKey<Work>('answering');
    system.spawn(key.name, () => ({
      receive(message: Work) {
        if (message.type === 'get') message.replyTo.reply([42]);
      },
    }));
    const ref = system.lookup(key);
    assert.ok(ref);
    assert.deepEqual(await ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo })), [42]);
    assert.equal(system.lookup(actorKey<Work>('nobody')), undefined);
  });

  it('rejects an unanswered ask after its timeout, and counts the late reply', async () => {
    let held: ReplyTo<number[]> | undefined;
    const ref = system.spawn<Work>('silent', () => ({
      receive(message) {
        if (message.type === 'get') held = message.replyTo;
      },
    }));
    const started = Date.now();
    await assert.rejects(
      ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo }), 50),
      (error: unknown) => isSupvisorsError(error, 'ASK_TIMEOUT') && /silent/.test(error.message),
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 45 && elapsed < 1000, `timed out after ${elapsed} ms`);
    held?.reply([1]);
    assert.equal(system.deadLetters.snapshot().byReason['late-reply'], 1);
  });

  it('fails an ask at once when its handler throws, and the actor goes on', async () => {
    let calls = 0;
    const ref = system.spawn<Work>('thrower', () => ({
      receive(message) {
        calls += 1;
        if (message.type === 'get' && calls === 1) throw new Error('boom');
        if (message.type === 'get') message.replyTo.reply([calls]);
      },
    }), { supervision: { kind: 'restart', backoff: { minMs: 1, maxMs: 1, factor: 1 } } });
    const started = Date.now();
    await assert.rejects(
      ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo }), 5000),
      (error: unknown) => isSupvisorsError(error, 'HANDLER_FAILED') && /boom/.test(error.message),
    );
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(await ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo })), [2]);
    assert.ok(logLines.some((line) => line.includes(';ERRO;[thrower] failed handling get: Error: boom')));
  });

  it('counts messages to unknown and stopped actors as dead letters', async () => {
    assert.equal(system.tellByName('ghost', { type: 'hello' }), 'dead-letter');
    const ref = system.spawn<Work>('short-lived', () => ({ receive: () => undefined }));
    await system.stop(ref);
    assert.equal(ref.tell({ type: 'work', id: 1, delayMs: 0 }), 'dead-letter');
    await assert.rejects(
      ref.ask<number[]>((replyTo) => ({ type: 'get', replyTo })),
      (error: unknown) => isSupvisorsError(error, 'ACTOR_STOPPED'),
    );
    const letters = system.deadLetters.snapshot();
    assert.equal(letters.total, 3);
    assert.deepEqual(letters.byReason, { 'no-such-actor': 1, 'actor-stopped': 2 });
    assert.deepEqual(
      letters.recent.map((letter) => [letter.recipient, letter.type]),
      [['ghost', 'hello'], ['short-lived', 'work'], ['short-lived', 'get']],
    );
    assert.equal(letters.recent[1]?.summary, '{id:1,delayMs:0}');
  });

  it('refuses a second actor with the same name, and frees the name on stop', async () => {
    system.spawn<Work>('unique', () => ({ receive: () => undefined }));
    assert.throws(() => system.spawn<Work>('unique', () => ({ receive: () => undefined })), (error: unknown) =>
      isSupvisorsError(error, 'ACTOR_NAME_TAKEN'),
    );
    assert.throws(() => system.spawn<Work>('bad name', () => ({ receive: () => undefined })), (error: unknown) =>
      isSupvisorsError(error, 'BAD_ARGUMENTS'),
    );
    await system.stop('unique');
    assert.equal(system.has('unique'), false);
    system.spawn<Work>('unique', () => ({ receive: () => undefined }));
    assert.equal(system.has('unique'), true);
  });

  it('drains queued messages on a graceful stop and discards them otherwise', async () => {
    for (const mode of ['drain', 'discard'] as const) {
      const gate = new Gate();
      const handled: number[] = [];
      const ref = system.spawn<Work>(`stopping-${mode}`, () => ({
        async receive(message) {
          if (message.type !== 'work') return;
          if (message.id === 0) await gate.opened;
          handled.push(message.id);
        },
      }));
      for (let id = 0; id < 5; id += 1) ref.tell({ type: 'work', id, delayMs: 0 });
      await waitFor('first message in hand', () => system.diagnostics().actors.some((a) => a.name === ref.name && a.mailbox.depth === 4));
      const stopped = system.stop(ref, mode);
      // The stop request overtakes queued messages: new ones are refused from now on (at once: no wait).
      assert.equal(ref.tell({ type: 'work', id: 99, delayMs: 0 }), 'dead-letter');
      gate.open();
      await stopped;
      assert.deepEqual(handled, mode === 'drain' ? [0, 1, 2, 3, 4] : [0]);
    }
    assert.equal(system.deadLetters.snapshot().byReason['discarded-on-stop'], 4);
    assert.equal(system.deadLetters.snapshot().byReason['actor-stopping'], 2);
  });

  it('keeps other actors working when one crashes', async () => {
    const healthy: number[] = [];
    const crasher = system.spawn<Work>('crasher', () => ({
      receive() {
        throw new Error('always');
      },
    }), { supervision: { kind: 'stop' } });
    const worker = system.spawn<Work>('worker', () => ({
      receive(message) {
        if (message.type === 'work') healthy.push(message.id);
        else message.replyTo.reply(healthy);
      },
    }));
    for (let id = 0; id < 10; id += 1) {
      crasher.tell({ type: 'work', id, delayMs: 0 });
      worker.tell({ type: 'work', id, delayMs: 0 });
    }
    const seen = await worker.ask<number[]>((replyTo) => ({ type: 'get', replyTo }));
    assert.equal(seen.length, 10);
    await waitFor('crasher stopped', () => !system.has('crasher'));
  });
});
