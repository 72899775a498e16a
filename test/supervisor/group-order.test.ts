/**
 * supervisord's order of a group's processes (its startProcessGroup): by priority, stable over
 * the configuration's order, the `programs` of a `[group:g]` section then the process numbers.
 */
import assert from 'node:assert/strict';
import { inGroupOrder } from '../../supervisor/group-order.js';

const member = (name: string, programName = name, processIndex = 0): { name: string; programName: string; processIndex: number } => ({ name, programName, processIndex });
const names = (processes: readonly { name: string }[]): string[] => processes.map((process) => process.name);

describe('supervisord group order', () => {
  it('a [group:g] section: programs in its order, process numbers within each', () => {
    const lexical = [member('alpha_0', 'alpha', 0), member('alpha_1', 'alpha', 1), member('mid'), member('zeta')];
    assert.deepEqual(names(inGroupOrder(lexical, new Map(), ['zeta', 'alpha', 'mid'])), ['zeta', 'alpha_0', 'alpha_1', 'mid']);
  });

  it('priority first, the default 999 for a process without one, ties in configuration order', () => {
    const lexical = [member('alpha_0', 'alpha', 0), member('alpha_1', 'alpha', 1), member('mid'), member('zeta')];
    const priorities = new Map([['mid', 5], ['alpha_0', 999], ['alpha_1', 999]]);
    assert.deepEqual(names(inGroupOrder(lexical, priorities, ['zeta', 'alpha', 'mid'])), ['mid', 'zeta', 'alpha_0', 'alpha_1']);
    assert.deepEqual(names(inGroupOrder(lexical, new Map([['zeta', 1000]]), ['zeta', 'alpha', 'mid'])), ['alpha_0', 'alpha_1', 'mid', 'zeta']);
  });

  it('a program alone: its process numbers, not the names', () => {
    const lexical = [member('w_10', 'w', 10), member('w_2', 'w', 2), member('w_9', 'w', 9)];
    assert.deepEqual(names(inGroupOrder(lexical, new Map(), [])), ['w_2', 'w_9', 'w_10']);
  });
});
