/**
 * config/program-sections.ts: what the bridge reads of the program sections of a real
 * supervisord.conf file (numprocs, process_name, autorestart) and of its groups.
 */
import assert from 'node:assert/strict';
import { readGroupPrograms, readProgramSections } from '../../config/program-sections.js';
import { TempDir } from './temp-files.js';

describe('config program-sections', () => {
  let dir: TempDir | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });
  const sectionsOf = (text: string): ReturnType<typeof readProgramSections> => {
    dir = new TempDir();
    dir.write({ 'supervisord.conf': text });
    return readProgramSections(dir.file('supervisord.conf'), { LEVEL: 'on' });
  };

  it('reads numprocs, numprocs_start and the raw process_name, with Supervisor defaults', () => {
    const sections = sectionsOf('[program:solo]\ncommand = x\n\n[program:pool]\ncommand = x\nnumprocs = 3\nnumprocs_start = 1\nprocess_name = %(program_name)s_%(process_num)d\n');
    assert.deepEqual(
      sections.map(({ name, numprocs, numprocsStart, processName }) => ({ name, numprocs, numprocsStart, processName })),
      [
        { name: 'solo', numprocs: 1, numprocsStart: 0, processName: '%(program_name)s' },
        { name: 'pool', numprocs: 3, numprocsStart: 1, processName: '%(program_name)s_%(process_num)d' },
      ],
    );
  });

  it('reads autorestart as Supervisor does: its synonyms, expansions, and unexpected by default', () => {
    const sections = sectionsOf(
      [
        '[program:default]\ncommand = x',
        '[program:never]\ncommand = x\nautorestart = false',
        '[program:off]\ncommand = x\nautorestart = Off',
        '[program:always]\ncommand = x\nautorestart = true',
        '[program:yes]\ncommand = x\nautorestart = 1',
        '[program:crash]\ncommand = x\nautorestart = unexpected',
        '[program:expanded]\ncommand = x\nautorestart = %(ENV_LEVEL)s',
        '[eventlistener:listener]\ncommand = x\nautorestart = false',
      ].join('\n\n'),
    );
    assert.deepEqual(
      sections.map(({ name, autorestart }) => [name, autorestart]),
      [
        ['default', 'unexpected'],
        ['never', 'false'],
        ['off', 'false'],
        ['always', 'true'],
        ['yes', 'true'],
        ['crash', 'unexpected'],
        ['expanded', 'true'],
        ['listener', 'false'],
      ],
    );
  });

  it('gives no sections for an unreadable file, and the programs of each group in order', () => {
    assert.deepEqual(readProgramSections('/nonexistent/supervisord.conf'), []);
    dir = new TempDir();
    dir.write({ 'supervisord.conf': '[group:web]\nprograms = db, server,proxy\n\n[program:db]\ncommand = x\n' });
    assert.deepEqual([...readGroupPrograms(dir.file('supervisord.conf'))], [['web', ['db', 'server', 'proxy']]]);
  });
});
