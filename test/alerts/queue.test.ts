import assert from 'node:assert/strict';
import type { Alert } from '../../alerts/detect.js';
import { emptyQueue, enqueue, refine, takeDue, type AlertQueue, type QueueSettings } from '../../alerts/queue.js';

const settings: QueueSettings = { events: ['EXITED', 'FATAL', 'INSTANCE_LOST'], batchSeconds: 10, maxPerHour: 3 };

function alert(subject: string, kind: Alert['kind'] = 'EXITED'): Alert {
  return { kind, time: 0, identifier: 'a', subject, message: subject };
}

const subjects = (queue: AlertQueue, now: number): { subjects: string[] | undefined; suppressed: number | undefined; queue: AlertQueue } => {
  const due = takeDue(queue, now, settings);
  return { subjects: due.batch?.alerts.map((item) => item.subject), suppressed: due.batch?.suppressed, queue: due.queue };
};

describe('alerts queue', () => {
  it('gathers the alerts of one window into one batch, sent when the window closes', () => {
    let queue = enqueue(emptyQueue, [alert('one')], 100, settings);
    queue = enqueue(queue, [alert('two')], 105, settings);
    assert.equal(takeDue(queue, 109.9, settings).batch, undefined);
    const due = subjects(queue, 110);
    assert.deepEqual([due.subjects, due.suppressed], [['one', 'two'], 0]);
    assert.equal(takeDue(due.queue, 200, settings).batch, undefined);
    // the next alert opens a new window
    queue = enqueue(due.queue, [alert('three')], 300, settings);
    assert.equal(queue.closesAt, 310);
  });

  it('drops the kinds alert_events leaves out', () => {
    assert.equal(enqueue(emptyQueue, [alert('c', 'CONFLICT')], 100, settings), emptyQueue);
  });

  it('with a window of 0, sends at the next look', () => {
    const queue = enqueue(emptyQueue, [alert('one')], 100, { ...settings, batchSeconds: 0 });
    assert.deepEqual(takeDue(queue, 100, { ...settings, batchSeconds: 0 }).batch?.alerts.length, 1);
  });

  it('sends at most maxPerHour alerts in any hour, then tells how many were suppressed', () => {
    let queue = enqueue(emptyQueue, ['a', 'b', 'c', 'd', 'e'].map((subject) => alert(subject)), 0, settings);
    let due = subjects(queue, 10);
    // the batch over the limit says so at once
    assert.deepEqual([due.subjects, due.suppressed], [['a', 'b', 'c'], 2]);
    // within the hour: nothing goes out, it is counted
    queue = enqueue(due.queue, [alert('f')], 100, settings);
    due = subjects(queue, 110);
    assert.deepEqual([due.subjects, due.queue.suppressed], [undefined, 1]);
    assert.equal(takeDue(due.queue, 3000, settings).batch, undefined);
    // an hour after the first ones: the count alone, then room again
    due = subjects(due.queue, 3610);
    assert.deepEqual([due.subjects, due.suppressed], [[], 1]);
    queue = enqueue(due.queue, [alert('g')], 3620, settings);
    due = subjects(queue, 3630);
    assert.deepEqual([due.subjects, due.suppressed], [['g'], 0]);
  });

  it('puts the suppressed count in the next batch that has room', () => {
    let queue: AlertQueue = { ...emptyQueue, sentAt: [0, 1], suppressed: 4 };
    queue = enqueue(queue, [alert('x'), alert('y')], 100, settings);
    const due = subjects(queue, 110);
    assert.deepEqual([due.subjects, due.suppressed], [['x'], 5]);
  });

  it('replaces a pending alert by a newer reading of it, and leaves a sent one alone', () => {
    const queue = enqueue(emptyQueue, [alert('one'), alert('two')], 100, settings);
    const refined = refine(queue, { ...alert('one'), message: 'one (exit status 3)' });
    assert.deepEqual(refined.pending.map((item) => item.message), ['one (exit status 3)', 'two']);
    assert.equal(refine(queue, alert('three')), queue);
  });
});
