import assert from 'node:assert/strict';
import {
  bytesText,
  clickedOrder,
  DEFAULT_ORDER,
  formatOrder,
  formatPeek,
  isReversed,
  levelOf,
  msText,
  parseOrder,
  parsePeek,
  rateText,
  sparkPoints,
  usText,
  withDepths,
} from '../../dashboard/pages/actors/actors-view.js';
import { actorWith, snapshotOf } from '../helpers/actor-rows.js';

describe('dashboard Actors page: order, peek, history, thresholds', () => {
  it('sort: a column, - for descending, the deepest first by default; a click turns the column around or starts another in its natural direction', () => {
    assert.deepEqual(parseOrder('-depth'), { order: 'depth', descending: true });
    assert.deepEqual(parseOrder('actor'), { order: 'actor', descending: false });
    for (const wrong of [undefined, '', '-', 'size', '--depth']) assert.deepEqual(parseOrder(wrong), DEFAULT_ORDER, String(wrong));
    assert.equal(formatOrder({ order: 'wait', descending: true }), '-wait');
    assert.deepEqual(clickedOrder(DEFAULT_ORDER, 'depth'), { order: 'depth', descending: false });
    assert.deepEqual(clickedOrder(DEFAULT_ORDER, 'actor'), { order: 'actor', descending: false }, 'names ascend first');
    assert.deepEqual(clickedOrder(DEFAULT_ORDER, 'p99'), { order: 'p99', descending: true }, 'figures descend first');
    assert.equal(isReversed({ order: 'depth', descending: true }), false);
    assert.equal(isReversed({ order: 'depth', descending: false }), true);
    assert.equal(isReversed({ order: 'name', descending: true }), true);
  });

  it('peek: <identifier>/<actor>, the actor name may hold a slash or a colon', () => {
    assert.deepEqual(parsePeek('10.0.0.1:60000/transport:10.0.0.2:60000'), { identifier: '10.0.0.1:60000', actor: 'transport:10.0.0.2:60000' });
    assert.deepEqual(parsePeek('node1/a/b'), { identifier: 'node1', actor: 'a/b' });
    for (const wrong of [undefined, '', 'node1', '/starter', 'node1/']) assert.equal(parsePeek(wrong), undefined, String(wrong));
    assert.equal(formatPeek({ identifier: 'node1', actor: 'starter' }), 'node1/starter');
  });

  it('depth history: one sample per round, the last ones only, an actor gone loses its own, the other nodes keep theirs', () => {
    let history = withDepths(new Map(), 'node1', snapshotOf('node1', 1, [actorWith('a', { depth: 1 }), actorWith('b', { depth: 5 })]), 3);
    history = withDepths(history, 'node2', snapshotOf('node2', 1, [actorWith('a', { depth: 9 })]), 3);
    for (const depth of [2, 3, 4]) history = withDepths(history, 'node1', snapshotOf('node1', depth, [actorWith('a', { depth })]), 3);
    assert.deepEqual(Object.fromEntries(history), { 'node1/a': [2, 3, 4], 'node2/a': [9] });
  });

  it('sparkline: time from the right, 0 at the bottom, the largest value at the top', () => {
    assert.equal(sparkPoints([0, 2, 4], 40, 10, 5), '20,10 30,5 40,0');
    assert.equal(sparkPoints([0, 0], 10, 10, 2), '0,10 10,10', 'all 0: a flat line at the bottom');
    assert.equal(sparkPoints([], 10, 10), '');
  });

  it('thresholds: ok, warning from the first bound, critical from the second', () => {
    assert.equal(levelOf('depth', 9), 'ok');
    assert.equal(levelOf('depth', 10), 'warning');
    assert.equal(levelOf('depth', 100), 'critical');
    assert.equal(levelOf('oldestAgeMs', 6000), 'critical');
    assert.equal(levelOf('handlingP99Us', 150_000), 'warning');
    assert.equal(levelOf('rttMs', 1), 'ok');
  });

  it('texts: durations in ms or s, an unknown rate as a dash', () => {
    assert.equal(usText(1234.5), '1.23 ms');
    assert.equal(msText(12.34), '12.3 ms');
    assert.equal(msText(250), '250 ms');
    assert.equal(msText(1500), '1.5 s');
    assert.equal(msText(65_000), '65 s');
    assert.equal(rateText(null), '–');
    assert.equal(rateText(3.25), '3.3');
    assert.equal(rateText(250.4), '250');
    assert.deepEqual([bytesText(80), bytesText(2048), bytesText(3 * 1024 * 1024)], ['80 B', '2.0 KiB', '3.0 MiB']);
  });
});
