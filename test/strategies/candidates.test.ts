import assert from 'node:assert/strict';
import { applicationCandidates, applicationNodeCandidates, processCandidates } from '../../strategies/candidates.js';
import type { ProcessConfigurations } from '../../strategies/candidates.js';
import { machineIds } from './fixtures.js';

/** Configured where listed; `!x` = configured but disabled on x. */
function configured(...identifiers: string[]): ProcessConfigurations {
  return new Map(identifiers.map((item): [string, { disabled: boolean }] => (item.startsWith('!') ? [item.slice(1), { disabled: true }] : [item, { disabled: false }])));
}

describe('candidates (strategies.md §2.1–§2.2)', () => {
  describe('processCandidates', () => {
    const table = [
      { title: 'keeps the rule order', rule: ['c1', 'a1'], configurations: configured('a1', 'c1'), expected: ['c1', 'a1'] },
      { title: 'drops instances where it is not configured', rule: ['a1', 'b1', 'c1'], configurations: configured('a1', 'c1'), expected: ['a1', 'c1'] },
      { title: 'drops instances where it is disabled', rule: ['a1', 'b1', 'c1'], configurations: configured('a1', '!b1', 'c1'), expected: ['a1', 'c1'] },
      { title: 'never adds instances outside the rule', rule: ['b1'], configurations: configured('a1', 'b1', 'c1'), expected: ['b1'] },
    ];
    for (const row of table) {
      it(row.title, () => assert.deepEqual(processCandidates(row.rule, row.configurations), row.expected));
    }
  });

  describe('applicationCandidates (SINGLE_INSTANCE)', () => {
    const table = [
      { title: 'instances where every process is enabled, in rule order', rule: ['b1', 'a2', 'a1', 'c1'], processes: [configured('a1', 'a2', 'b1'), configured('a1', '!a2', 'b1'), configured('b1', 'a1')], expected: ['b1', 'a1'] },
      { title: 'program rules play no part: only configuration counts', rule: ['a1', 'c1'], processes: [configured('a1', 'c1'), configured('c1')], expected: ['c1'] },
      { title: 'no process, no candidate', rule: ['a1'], processes: [], expected: [] },
    ];
    for (const row of table) {
      it(row.title, () => assert.deepEqual(applicationCandidates(row.rule, row.processes), row.expected));
    }
  });

  describe('applicationNodeCandidates (SINGLE_NODE)', () => {
    const p = configured('a1', 'b1', 'c1');
    const q = configured('a2', '!b2', 'c1');
    const table = [
      { title: 'a node qualifies when each process has an instance there (processes may be on different instances)', rule: ['a1', 'a2', 'b1', 'b2', 'c1'], processes: [p, q], expected: ['a1', 'a2', 'c1'] },
      { title: 'returned in rule order', rule: ['c1', 'a2', 'a1'], processes: [p, q], expected: ['c1', 'a2', 'a1'] },
      { title: 'only the rule instances of a node count', rule: ['a1', 'b1', 'c1'], processes: [p, q], expected: ['c1'] },
      { title: 'a qualifying node brings only its instances where some process is enabled', rule: ['b1', 'b2'], processes: [configured('b1'), configured('b1')], expected: ['b1'] },
      { title: 'no process, no candidate', rule: ['a1'], processes: [], expected: [] },
    ];
    for (const row of table) {
      it(row.title, () => assert.deepEqual(applicationNodeCandidates(row.rule, row.processes, machineIds), row.expected));
    }
  });
});
