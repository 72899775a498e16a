import assert from 'node:assert/strict';
import { expandProcessName, hasProcessNumber, mapPrograms } from '../../supervisor/program-map.js';
import { splitWords } from '../../supervisor-bridge/shell-words.js';

describe('program map', () => {
  it('expands process_name templates like Python %-formatting', () => {
    assert.equal(expandProcessName('%(program_name)s_%(process_num)02d', { program_name: 'w', process_num: 3 }), 'w_03');
    assert.equal(expandProcessName('%(program_name)s-%(process_num)d', { program_name: 'w', process_num: 12 }), 'w-12');
    assert.equal(expandProcessName('%(program_name)s', { program_name: 'solo' }), 'solo');
    assert.equal(expandProcessName('x%(unknown)s', {}), 'x%(unknown)s');
  });

  it('maps processes to their program and index, with a fallback per group', () => {
    const sections = [
      { name: 'worker', numprocs: 3, numprocsStart: 1, processName: '%(program_name)s_%(process_num)02d', autorestart: 'true' },
      { name: 'solo', numprocs: 1, numprocsStart: 0, processName: '%(program_name)s', autorestart: 'false' },
    ] as const;
    const refs = mapPrograms(
      [
        { name: 'worker_02', group: 'pool' },
        { name: 'solo', group: 'solo' },
        { name: 'b', group: 'mystery' },
        { name: 'a', group: 'mystery' },
      ],
      sections,
    );
    assert.deepEqual(Object.fromEntries(refs), {
      'pool:worker_02': { programName: 'worker', processIndex: 1, autorestart: 'true' },
      solo: { programName: 'solo', processIndex: 0, autorestart: 'false' },
      'mystery:a': { programName: 'mystery', processIndex: 0, autorestart: 'unexpected' },
      'mystery:b': { programName: 'mystery', processIndex: 1, autorestart: 'unexpected' },
    });
    assert.equal(hasProcessNumber({ name: 'w', numprocs: 2, numprocsStart: 0, processName: 'w_%(process_num)d', autorestart: 'unexpected' }), true);
    assert.equal(hasProcessNumber({ name: 'solo', numprocs: 1, numprocsStart: 0, processName: '%(program_name)s', autorestart: 'unexpected' }), false);
  });
});

describe('shell words', () => {
  it('splits like shlex.split', () => {
    assert.deepEqual(splitWords(`-v --name "a b" 'c "d"' e\\ f ""`), ['-v', '--name', 'a b', 'c "d"', 'e f', '']);
    assert.deepEqual(splitWords('   '), []);
    assert.throws(() => splitWords('"open'), /no closing quotation/);
  });
});
