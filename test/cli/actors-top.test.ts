import assert from 'node:assert/strict';
import type { ActorDiagnostics } from '../../actors/core/diagnostics.js';
import { actorCells, actorRows, parseActorsArgs, sortRows, type ActorRow } from '../../cli/actors-top.js';
import { actorOf, readSnapshot, type NodeSnapshot } from '../../cli/actor-snapshot.js';

const actor = (name: string, mailbox: Partial<ActorDiagnostics['mailbox']> = {}, restarts = 0): ActorDiagnostics => ({
  ...actorOf({ name, status: 'running', restarts }),
  mailbox: { ...actorOf({}).mailbox, ...mailbox },
});
const snapshot = (node: string, uptimeS: number, actors: readonly ActorDiagnostics[]): NodeSnapshot => ({ node, at: 1000 + uptimeS, uptimeS, actors });
const row = (actorName: string, fields: Partial<ActorRow> = {}): ActorRow => ({
  node: 'node1',
  at: 0,
  actor: actorName,
  status: 'running',
  depth: 0,
  highWater: 0,
  oldestAgeMs: 0,
  ratePerS: null,
  processed: 0,
  handlingP99Us: 0,
  waitingP99Us: 0,
  failed: 0,
  restarts: 0,
  ...fields,
});
const names = (rows: readonly ActorRow[]): string[] => rows.map((one) => `${one.node}/${one.actor}`);

describe('actors top: rows, rates, order, options', () => {
  it('reads a snapshot, a missing or odd field as 0 or empty', () => {
    const read = readSnapshot({ node: 'node1', at: 5, uptimeS: 2, timing: true, actors: [{ name: 'context', mailbox: { depth: 3, processed: 'x' }, peek: [{ type: 'add' }] }], deadLetters: {}, escalations: 0 });
    const [context] = read.actors;
    assert.equal(context?.mailbox.depth, 3);
    assert.equal(context?.mailbox.processed, 0);
    assert.equal(context?.status, '');
    assert.deepEqual(context?.peek, [{ type: 'add', summary: '', ageMs: 0 }]);
    assert.equal(context?.lastFailure, undefined);
    assert.deepEqual(actorOf({ lastFailure: { message: 'boom', during: 'tick', at: 7 } }).lastFailure, { message: 'boom', during: 'tick', at: 7 });
  });

  it('rate: processed messages per second of uptime since the previous snapshot of the node', () => {
    const before = snapshot('node1', 10, [actor('context', { processed: 100 }), actor('starter', { processed: 5 })]);
    const after = snapshot('node1', 12, [actor('context', { processed: 150, depth: 2, highWater: 9 }, 1), actor('starter', { processed: 3 }), actor('new-one', { processed: 4 })]);
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
    assert.equal(actorRows(snapshot('node1', 1, after.actors), before)[0]?.ratePerS, null, 'the runtime restarted');
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

  it('cells: times in ms, an unknown rate as -', () => {
    assert.deepEqual(actorCells(row('context', { depth: 2, highWater: 7, oldestAgeMs: 12.6, ratePerS: 3.25, handlingP99Us: 1234.5, waitingP99Us: 20, failed: 1, restarts: 2 })), [
      'node1',
      'context',
      'running',
      '2',
      '7',
      '13',
      '3.3',
      '1.23',
      '0.02',
      '1',
      '2',
    ]);
    assert.equal(actorCells(row('x'))[6], '-');
  });

  it('options: --sort, --node, --watch [SECONDS], with = or not', () => {
    assert.deepEqual(parseActorsArgs([]), { sort: 'depth' });
    assert.deepEqual(parseActorsArgs(['--sort', 'rate', '--node=node2']), { sort: 'rate', node: 'node2' });
    assert.deepEqual(parseActorsArgs(['--watch']), { sort: 'depth', watchS: 2 });
    assert.deepEqual(parseActorsArgs(['--watch', '0.5', '--sort=name']), { sort: 'name', watchS: 0.5 });
    assert.deepEqual(parseActorsArgs(['--watch', '--sort', 'age']), { sort: 'age', watchS: 2 });
    assert.deepEqual(parseActorsArgs(['--watch=5']), { sort: 'depth', watchS: 5 });
    for (const wrong of [['--sort'], ['--sort', 'size'], ['--node'], ['--node='], ['--watch=0'], ['--watch=soon'], ['now'], ['--all']]) {
      assert.ok('error' in parseActorsArgs(wrong), wrong.join(' '));
    }
  });
});
