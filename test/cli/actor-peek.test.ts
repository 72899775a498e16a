import assert from 'node:assert/strict';
import { parsePeekArgs, peekDocument, peekLines, QUEUED_COLUMNS, queuedRows } from '../../cli/actor-peek.js';
import { actorOf } from '../../actors/diagnostics/snapshot-reading.js';
import { formatTable } from '../../cli/table.js';

describe('actor peek: arguments and what is shown', () => {
  it('takes a node, an actor and a count from 1 to 50 (default 10)', () => {
    assert.deepEqual(parsePeekArgs(['node2', 'starter']), { node: 'node2', actor: 'starter', count: 10 });
    assert.deepEqual(parsePeekArgs(['node2', 'starter', '50']), { node: 'node2', actor: 'starter', count: 50 });
    for (const wrong of [[], ['node2'], ['node2', 'starter', '0'], ['node2', 'starter', '51'], ['node2', 'starter', 'x'], ['node2', 'starter', '3', 'more']]) {
      assert.ok('error' in parsePeekArgs(wrong), wrong.join(' '));
    }
  });

  it('shows the mailbox metrics, the last failure and the queued messages', () => {
    const actor = actorOf({
      name: 'starter',
      kind: 'built-in',
      status: 'running',
      restarts: 1,
      lastFailure: { message: 'boom', during: 'start-process', at: Date.UTC(2026, 0, 1) },
      mailbox: { depth: 2, highWater: 5, capacity: 100, overflow: 'drop-oldest', enqueued: 9, processed: 7, failed: 1, handlingMeanUs: 1500, handlingP99Us: 4000, waitingP99Us: 20, oldestAgeMs: 30.4, lastType: 'tick' },
      peek: [
        { type: 'start-process', summary: '{namespec: "web:front", password: ***}', ageMs: 30 },
        { type: 'tick', summary: '{}', ageMs: 2 },
      ],
    });
    const document = peekDocument('node2', actor);
    assert.deepEqual(peekLines(document), [
      'node2 starter: running, 1 restarts',
      'mailbox: depth 2, high-water 5, capacity 100 (drop-oldest), oldest message 30 ms',
      'messages: 9 enqueued, 7 processed, 1 failed, 0 dropped, 0 rejected',
      'handling: mean 1.50 ms, p99 4.00 ms; waiting: mean 0.00 ms, p99 0.02 ms',
      'last message: tick',
      'last failure: during start-process at 2026-01-01T00:00:00.000Z: boom',
      'queued messages: 2 of 2',
    ]);
    assert.deepEqual(formatTable(QUEUED_COLUMNS, queuedRows(document)), [
      '#  Type           Age ms  Summary',
      '1  start-process  30      {namespec: "web:front", password: ***}',
      '2  tick           2       {}',
    ]);
    const idle = peekDocument('node1', actorOf({ name: 'context', status: 'running' }));
    assert.equal(idle.lastFailure, undefined);
    assert.deepEqual(peekLines(idle).slice(-2), ['last message: -', 'no queued message']);
  });
});
