import assert from 'node:assert/strict';
import { actorRows, isRowOrder, sortRows, type ActorRow } from '../../../actors/diagnostics/actor-rows.js';
import { actorOf, readSnapshot } from '../../../actors/diagnostics/snapshot-reading.js';
import { actorRow as row, actorWith, snapshotOf } from '../../helpers/actor-rows.js';

const names = (rows: readonly ActorRow[]): string[] => rows.map((one) => `${one.node}/${one.actor}`);

describe('actor diagnostics views: snapshot reading, rows, rates, order', () => {
  it('reads a snapshot, a missing or odd field as 0 or empty', () => {
    const read = readSnapshot({ node: 'node1', at: 5, uptimeS: 2, timing: true, actors: [{ name: 'context', mailbox: { depth: 3, processed: 'x' }, peek: [{ type: 'add' }] }], deadLetters: {}, escalations: 0 });
    const [context] = read.actors;
    assert.equal(context?.mailbox.depth, 3);
    assert.equal(context?.mailbox.processed, 0);
    assert.equal(context?.status, '');
    assert.deepEqual(context?.peek, [{ type: 'add', summary: '', ageMs: 0 }]);
    assert.equal(context?.lastFailure, undefined);
    assert.deepEqual(read.deadLetters, { total: 0, byReason: {} });
    assert.equal(read.peers, undefined, 'an older runtime gives no peers');
    assert.equal(read.eventLoop, undefined);
    assert.equal(read.memory, undefined, 'an older runtime gives no memory figures');
    assert.deepEqual(actorOf({ lastFailure: { message: 'boom', during: 'tick', at: 7 } }).lastFailure, { message: 'boom', during: 'tick', at: 7 });
  });

  it('rate: processed messages per second of uptime since the previous snapshot of the node', () => {
    const before = snapshotOf('node1', 10, [actorWith('context', { processed: 100 }), actorWith('starter', { processed: 5 })]);
    const after = snapshotOf('node1', 12, [actorWith('context', { processed: 150, depth: 2, highWater: 9 }, 1), actorWith('starter', { processed: 3 }), actorWith('new-one', { processed: 4 })]);
    const rows = actorRows(after, before);
    assert.deepEqual(
      rows.map((one) => [one.actor, one.ratePerS]),
      [
        ['context', 25],
        ['starter', null], // its counter went back
        ['new-one', null], // nothing to compare with
      ],
    );
    assert.deepEqual(rows[0], { ...row('context'), at: 1012, depth: 2, highWater: 9, ratePerS: 25, processed: 150, restarts: 1 });
    assert.equal(actorRows(after)[0]?.ratePerS, null, 'no previous snapshot');
    assert.equal(actorRows(snapshotOf('node1', 1, after.actors), before)[0]?.ratePerS, null, 'the runtime restarted');
    assert.equal(actorRows(after, { ...before, node: 'node2' })[0]?.ratePerS, null, 'another node');
  });

  it('sorts busiest first, by depth then age by default; by name ascending', () => {
    const rows = [row('a', { depth: 1, oldestAgeMs: 5 }), row('b', { depth: 3 }), row('c', { depth: 1, oldestAgeMs: 50 }), row('d', { node: 'node0' })];
    assert.deepEqual(names(sortRows(rows, 'depth')), ['node1/b', 'node1/c', 'node1/a', 'node0/d']);
    assert.deepEqual(names(sortRows(rows, 'age')), ['node1/c', 'node1/a', 'node1/b', 'node0/d']);
    assert.deepEqual(names(sortRows(rows, 'name')), ['node0/d', 'node1/a', 'node1/b', 'node1/c']);
    const rated = [row('x', { ratePerS: null, depth: 9 }), row('y', { ratePerS: 0 }), row('z', { ratePerS: 12.5 })];
    assert.deepEqual(names(sortRows(rated, 'rate')), ['node1/z', 'node1/y', 'node1/x'], 'an unknown rate last');
    assert.deepEqual(names(sortRows([row('p', { handlingP99Us: 10 }), row('q', { handlingP99Us: 900 })], 'p99')), ['node1/q', 'node1/p']);
    assert.deepEqual(names(sortRows([row('r'), row('s', { restarts: 2 })], 'restarts')), ['node1/s', 'node1/r']);
    assert.deepEqual(names(sortRows([row('b'), row('a')], 'depth')), ['node1/a', 'node1/b'], 'ties by name');
  });

  it('reads the peer links, the event-loop delay and the dead letters of a node', () => {
    const read = readSnapshot({
      node: 'node1',
      at: 5,
      uptimeS: 2,
      timing: true,
      actors: [],
      deadLetters: { total: 3, byReason: { 'mailbox-overflow': 2, 'no-such-actor': 1 }, recent: [] },
      escalations: 0,
      peers: [
        { identifier: 'node2', state: 'up', link: { rttMs: 1.5, rttAvgMs: 1.2, lastHeardAgeMs: 300, queuedFrames: 2, queuedBytes: 80, lateTicks: 1, maxLagMs: 40 } },
        { identifier: 'node3', state: 'down' },
      ],
      eventLoop: { p50Ms: 0.4, p99Ms: 11.5, maxMs: 30, meanMs: 10.2, windowS: 10, endedAt: 1_700_000_000_000 },
      memory: { rssMiB: 88.5, heapTotalMiB: 18.8, heapUsedMiB: 13.2, externalMiB: 3.2, arrayBuffersMiB: 0.8, spaces: { new_space: { committedMiB: 1, usedMiB: 0.5 } } },
    });
    assert.deepEqual(read.memory, { rssMiB: 88.5, heapTotalMiB: 18.8, heapUsedMiB: 13.2, externalMiB: 3.2, arrayBuffersMiB: 0.8 });
    assert.deepEqual(read.eventLoop, { p50Ms: 0.4, p99Ms: 11.5, maxMs: 30, meanMs: 10.2, windowS: 10, endedAt: 1_700_000_000_000 });
    assert.deepEqual(read.deadLetters, { total: 3, byReason: { 'mailbox-overflow': 2, 'no-such-actor': 1 } });
    assert.deepEqual(read.peers, [
      { identifier: 'node2', state: 'up', rttMs: 1.5, rttAvgMs: 1.2, lastHeardAgeMs: 300, queuedFrames: 2, queuedBytes: 80, lateTicks: 1, maxLagMs: 40 },
      { identifier: 'node3', state: 'down', rttMs: 0, rttAvgMs: 0, queuedFrames: 0, queuedBytes: 0, lateTicks: 0, maxLagMs: 0 },
    ]);
  });

  it('sorts by any column, in its natural direction or reversed, ties always by depth, age and name', () => {
    const rows = [row('a', { highWater: 4, waitingP99Us: 9, dropped: 1, lastType: 'tick' }), row('b', { highWater: 8, depth: 1, lastType: 'add' }), row('c', { highWater: 4, waitingP99Us: 90 })];
    assert.deepEqual(names(sortRows(rows, 'hwm')), ['node1/b', 'node1/a', 'node1/c']);
    assert.deepEqual(names(sortRows(rows, 'hwm', true)), ['node1/a', 'node1/c', 'node1/b'], 'reversed: the ties keep their order');
    assert.deepEqual(names(sortRows(rows, 'wait')), ['node1/c', 'node1/a', 'node1/b']);
    assert.deepEqual(names(sortRows(rows, 'dropped')), ['node1/a', 'node1/b', 'node1/c']);
    assert.deepEqual(names(sortRows(rows, 'current')), ['node1/c', 'node1/b', 'node1/a'], 'by type, none first');
    assert.deepEqual(names(sortRows(rows, 'actor', true)), ['node1/c', 'node1/b', 'node1/a']);
    assert.deepEqual(names(sortRows([row('x', { node: 'node2' }), row('y')], 'actor')), ['node2/x', 'node1/y']);
    assert.ok(isRowOrder('depth') && !isRowOrder('size'));
  });
});
