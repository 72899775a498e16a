import assert from 'node:assert/strict';
import { builtinStartingStrategies, chooseInstance, chooseNode, scoreCandidates, type PlacementStrategy, type StrategyRegistry } from '../../strategies/placement.js';
import { allInstances, placementContext } from './fixtures.js';
import { type StartingStrategy, startingStrategyNames } from '../../vocabulary/strategies.js';

function builtin(name: StartingStrategy): PlacementStrategy {
  const strategy = builtinStartingStrategies.get(name);
  assert.ok(strategy, name);
  return strategy;
}

/** Node M1 = 70 (two instances of 35), M2 = 50 (b1 empty, b2 50), M3 = 40. */
const loads = { a1: 35, a2: 35, b1: 0, b2: 50, c1: 40 };

describe('placement (strategies.md §1.1, §2.3, §3)', () => {
  it('registers the six built-in strategies by name', () => {
    assert.deepEqual([...builtinStartingStrategies.keys()], [...startingStrategyNames]);
  });

  it('scores each candidate with node and instance loadings, pending included', () => {
    const context = placementContext({ loads, pending: { a2: 10, b1: 5 } });
    assert.deepEqual(scoreCandidates(['a1', 'b1', 'c1'], 21, context), [
      { identifier: 'a1', machineId: 'M1', valid: false, nodeLoading: 80, instanceLoading: 35 },
      { identifier: 'b1', machineId: 'M2', valid: true, nodeLoading: 55, instanceLoading: 5 },
      { identifier: 'c1', machineId: 'M3', valid: true, nodeLoading: 40, instanceLoading: 40 },
    ]);
  });

  const table: readonly { readonly title: string; readonly strategy: StartingStrategy; readonly load: number; readonly candidates?: readonly string[]; readonly spec?: Parameters<typeof placementContext>[0]; readonly expected: string | null }[] = [
    { title: 'CONFIG takes the first valid candidate in candidate order', strategy: 'CONFIG', load: 10, expected: 'a1' },
    { title: 'CONFIG follows the candidate order, not the instance order', strategy: 'CONFIG', load: 10, candidates: ['c1', 'a1'], expected: 'c1' },
    { title: 'LESS_LOADED takes the smallest instance loading', strategy: 'LESS_LOADED', load: 10, expected: 'b1' },
    { title: 'MOST_LOADED takes the greatest instance loading', strategy: 'MOST_LOADED', load: 10, expected: 'b2' },
    { title: 'LESS_LOADED_NODE takes the least loaded node (M3), whatever its instance loading', strategy: 'LESS_LOADED_NODE', load: 10, expected: 'c1' },
    { title: 'MOST_LOADED_NODE takes the most loaded node (M1 = 70), its latest instance among equals', strategy: 'MOST_LOADED_NODE', load: 10, expected: 'a2' },
    { title: 'LOCAL takes the local instance when valid', strategy: 'LOCAL', load: 10, expected: 'a1' },
    { title: 'LOCAL takes nothing when the local instance is not a candidate', strategy: 'LOCAL', load: 10, candidates: ['b1', 'c1'], expected: null },
    { title: 'LOCAL takes nothing when the local instance is not RUNNING', strategy: 'LOCAL', load: 10, spec: { loads, running: ['a2', 'b1'] }, expected: null },
    { title: 'LOCAL takes another local identifier', strategy: 'LOCAL', load: 10, spec: { loads, local: 'c1' }, expected: 'c1' },
    // the 100% limit applies to the node total, never to one instance
    { title: 'a node exactly at 100% is still valid', strategy: 'MOST_LOADED_NODE', load: 30, expected: 'a2' },
    { title: 'above 100% the node is invalid although each of its instances is far below', strategy: 'CONFIG', load: 31, expected: 'b1' },
    { title: 'MOST_LOADED_NODE falls back to the most loaded valid node', strategy: 'MOST_LOADED_NODE', load: 31, expected: 'b2' },
    { title: 'LOCAL takes nothing when the local node would exceed 100%', strategy: 'LOCAL', load: 31, expected: null },
    { title: 'no valid candidate at all', strategy: 'LESS_LOADED', load: 61, expected: null },
    // pending loads weigh on both loadings
    { title: 'pending loads can make a node invalid', strategy: 'LESS_LOADED', load: 10, spec: { loads, pending: { b1: 45 } }, expected: 'a1' },
    { title: 'pending loads change the instance order', strategy: 'LESS_LOADED', load: 10, spec: { loads, pending: { b1: 36 } }, expected: 'a1' },
    // only RUNNING candidates
    { title: 'non-RUNNING (e.g. CHECKED) candidates are left out', strategy: 'CONFIG', load: 10, spec: { loads, running: ['a2', 'c1'] }, expected: 'a2' },
    { title: 'no RUNNING candidate gives nothing', strategy: 'MOST_LOADED', load: 0, spec: { loads, running: [] }, expected: null },
    { title: 'a non-RUNNING instance still loads its node', strategy: 'LESS_LOADED_NODE', load: 10, candidates: ['a1', 'b1'], spec: { loads: { a2: 60, b1: 20 }, running: ['a1', 'b1'] }, expected: 'b1' },
    // tie-breaks from the stable sort
    { title: 'LESS_LOADED keeps the earliest candidate among equals', strategy: 'LESS_LOADED', load: 0, candidates: ['c1', 'b2', 'a1'], spec: {}, expected: 'c1' },
    { title: 'MOST_LOADED takes the latest candidate among equals', strategy: 'MOST_LOADED', load: 0, candidates: ['c1', 'b2', 'a1'], spec: {}, expected: 'a1' },
    { title: 'LESS_LOADED_NODE keeps the earliest candidate among equals', strategy: 'LESS_LOADED_NODE', load: 0, candidates: ['b2', 'a1', 'c1'], spec: {}, expected: 'b2' },
    { title: 'MOST_LOADED_NODE takes the latest candidate among equals', strategy: 'MOST_LOADED_NODE', load: 0, candidates: ['b2', 'a1', 'c1'], spec: {}, expected: 'c1' },
    { title: 'LESS_LOADED breaks instance ties by node loading', strategy: 'LESS_LOADED', load: 0, candidates: ['a1', 'c1'], spec: { loads: { a1: 10, a2: 20, c1: 10 } }, expected: 'c1' },
    { title: 'LESS_LOADED_NODE breaks node ties by instance loading (two instances on one node)', strategy: 'LESS_LOADED_NODE', load: 0, candidates: ['a2', 'a1'], spec: { loads: { a1: 5, a2: 15 } }, expected: 'a1' },
    { title: 'MOST_LOADED_NODE breaks node ties by instance loading (two instances on one node)', strategy: 'MOST_LOADED_NODE', load: 0, candidates: ['a2', 'a1'], spec: { loads: { a1: 15, a2: 5 } }, expected: 'a1' },
  ];
  for (const row of table) {
    it(`${row.strategy}: ${row.title}`, () => {
      const context = placementContext(row.spec ?? { loads });
      assert.equal(chooseInstance(builtin(row.strategy), row.candidates ?? allInstances, row.load, context), row.expected);
    });
  }

  it('*_NODE strategies equal their instance variants with one instance per node', () => {
    const context = { ...placementContext({ loads: { a1: 30, b1: 10, c1: 20 } }), machineIds: new Map([['a1', 'M1'], ['b1', 'M2'], ['c1', 'M3']]) };
    for (const [instance, node] of [['LESS_LOADED', 'LESS_LOADED_NODE'], ['MOST_LOADED', 'MOST_LOADED_NODE']] as const) {
      assert.equal(chooseInstance(builtin(node), ['a1', 'b1', 'c1'], 10, context), chooseInstance(builtin(instance), ['a1', 'b1', 'c1'], 10, context));
    }
  });

  it('chooseNode gives the machine id of the instance chosen for the whole load', () => {
    assert.equal(chooseNode(builtin('LESS_LOADED_NODE'), allInstances, 10, placementContext({ loads })), 'M3');
    assert.equal(chooseNode(builtin('CONFIG'), allInstances, 61, placementContext({ loads })), null);
  });

  it('accepts custom strategies added to the registry', () => {
    const lastValid: PlacementStrategy = ({ candidates }) => candidates.filter((candidate) => candidate.valid).at(-1)?.identifier ?? null;
    const registry: StrategyRegistry = new Map([...builtinStartingStrategies, ['LAST_VALID', lastValid]]);
    const custom = registry.get('LAST_VALID');
    assert.ok(custom);
    assert.equal(chooseInstance(custom, allInstances, 10, placementContext({ loads })), 'c1');
    assert.equal(chooseInstance(custom, ['c1', 'b1', 'a1'], 45, placementContext({ loads })), 'b1');
    assert.equal(chooseInstance(custom, allInstances, 61, placementContext({ loads })), null);
  });
});
