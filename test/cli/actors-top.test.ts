import assert from 'node:assert/strict';
import { actorCells, parseActorsArgs } from '../../cli/actors-top.js';
import { actorRow as row } from '../helpers/actor-rows.js';

describe('actors top: cells and options', () => {
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
