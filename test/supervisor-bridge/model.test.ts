import assert from 'node:assert/strict';
import { diffModels, type LocalModel } from '../../supervisor-bridge/model.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { localProcess } from '../helpers/local-process.js';

const modelOf = (...processes: LocalProcess[]): LocalModel => new Map(processes.map((process) => [`${process.group}:${process.name}`, process]));
const names = (processes: readonly LocalProcess[]): string[] => processes.map((process) => process.name);

describe('supervisor bridge: what a resync tells', () => {
  it('tells the processes that moved, not one that appears STOPPED (0.19 publishes nothing for an added process, spec/events.md §4.4)', () => {
    const before = modelOf(localProcess('g', 'kept', 'RUNNING', { pid: 10 }), localProcess('g', 'stops', 'RUNNING', { pid: 11 }), localProcess('g', 'goes', 'STOPPED'));
    const after = modelOf(
      localProcess('g', 'kept', 'RUNNING', { pid: 10 }),
      localProcess('g', 'stops', 'STOPPED'),
      localProcess('g', 'added', 'STOPPED'),
      localProcess('g', 'added-running', 'RUNNING', { pid: 12 }),
    );
    const { changed, removed } = diffModels(before, after);
    assert.deepEqual(names(changed), ['stops', 'added-running']);
    assert.deepEqual(names(removed), ['goes']);
  });

  it('tells a new pid and a disabled flag changed', () => {
    const before = modelOf(localProcess('g', 'restarted', 'RUNNING', { pid: 10 }), localProcess('g', 'flag', 'STOPPED'));
    const after = modelOf(localProcess('g', 'restarted', 'RUNNING', { pid: 20 }), localProcess('g', 'flag', 'STOPPED', { disabled: true }));
    assert.deepEqual(names(diffModels(before, after).changed), ['restarted', 'flag']);
  });
});
