import assert from 'node:assert/strict';
import { autorestartAgainstRules, loadNodeRules, unknownRulesPrograms, type RestartingProcess } from '../../rules/node-rules.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { TempDir } from '../config/temp-files.js';
import { memoryLogger } from '../helpers/logger.js';
import { doc, load } from './helpers.js';

describe('rules files as a node uses them', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it('logs each finding at the level of its kind and gives the rules', () => {
    dir.write({ 'rules.xml': doc('<application name="a"><start_sequence>x</start_sequence><mystery/></application>\n<application name="b"><start_sequence>1</start_sequence></application>') });
    const { logger, lines } = memoryLogger();
    const rules = loadNodeRules([dir.file('rules.xml')], {}, logger);
    assert.deepEqual(
      rules.namedApplications.map((entry) => entry.name),
      ['a', 'b'],
    );
    assert.ok(lines.some((line) => /;WARN;rules: .*rules\.xml:3: application 'a': unknown element <mystery> ignored/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /;ERRO;rules: .*rules\.xml:3: application 'a' start_sequence: not an integer: 'x'; ignored/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => /;INFO;rules: 1 files, 2 application entries/.test(line)), lines.join('\n'));
  });

  it('refuses a file that is not well-formed XML or cannot be read: CONFIG_INVALID naming file, line and problem', () => {
    dir.write({ 'good.xml': doc('<application name="a"/>'), 'bad.xml': '<root>\n<application name="b">\n</root>\n' });
    const { logger } = memoryLogger();
    assert.throws(
      () => loadNodeRules([dir.file('*.xml'), dir.file('gone.xml')], {}, logger),
      (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message.startsWith('invalid rules (1 file unusable):') && error.message.includes(`${dir.file('bad.xml')}:3: not well-formed XML`),
    );
    // a glob matching nothing stays a warning (a per-host glob may match nothing on some hosts)
    const { logger: quiet, lines } = memoryLogger();
    loadNodeRules([dir.file('good.xml'), dir.file('gone-*.xml')], {}, quiet);
    assert.ok(lines.some((line) => /;WARN;rules: .*gone-\*\.xml: no rules file matches this glob/.test(line)), lines.join('\n'));
  });
});

describe('programs named in rules that supervisord does not have', () => {
  const { rules } = load(
    doc(
      [
        '<application name="web"><programs><program name="nginx"/><program name="ngnix"/><program pattern="w_"/></programs></application>',
        '<application name="ghost"/>',
        '<application pattern="batch_"><programs><program name="job"/><program name="jobs"/></programs></application>',
        '<application pattern="nowhere_"/>',
      ].join('\n'),
    ),
  );
  const processes = [
    { group: 'web', name: 'nginx' },
    { group: 'web', name: 'w_1' },
    { group: 'batch_1', name: 'job' },
    { group: 'batch_2', name: 'job' },
    { group: 'other', name: 'x' },
  ];

  it('reports named applications and named programs, with file and line; never patterns', () => {
    assert.deepEqual(unknownRulesPrograms(rules, processes), [
      "rules.xml:3: program 'ngnix' is not a process of 'web' in supervisord",
      "rules.xml:4: application 'ghost' is not a group of supervisord",
      "rules.xml:5: program 'jobs' is not a process of 'batch_1', 'batch_2' in supervisord",
    ]);
  });

  it('reports nothing when every name is known', () => {
    assert.deepEqual(unknownRulesPrograms(load(doc('<application name="web"><programs><program name="nginx"/></programs></application>')).rules, processes), []);
  });

  it('warns of programs that autorestart spawns again against a strategy stopping or restarting their application, once per program', () => {
    const stopping = load(
      doc(
        [
          '<application name="web"><running_failure_strategy>STOP_APPLICATION</running_failure_strategy>',
          '<programs><program name="nginx"><running_failure_strategy>CONTINUE</running_failure_strategy></program></programs></application>',
          '<application pattern="batch_"><programs><program pattern="job"><running_failure_strategy>RESTART_APPLICATION</running_failure_strategy></program></programs></application>',
        ].join('\n'),
      ),
    ).rules;
    const restarting: RestartingProcess[] = [
      { group: 'web', name: 'nginx', programName: 'nginx', autorestart: 'true' },
      { group: 'web', name: 'w_1', programName: 'w', autorestart: 'unexpected' },
      { group: 'web', name: 'w_2', programName: 'w', autorestart: 'unexpected' },
      { group: 'web', name: 'quiet', programName: 'quiet', autorestart: 'false' },
      { group: 'batch_1', name: 'job', programName: 'job', autorestart: 'true' },
      { group: 'other', name: 'x', programName: 'x', autorestart: 'true' },
    ];
    assert.deepEqual(autorestartAgainstRules(stopping, restarting), [
      "program 'w' of 'web': autorestart = unexpected spawns it again after a crash, against its running_failure_strategy STOP_APPLICATION (Supvisors then stops the new spawn); set autorestart = false",
      "program 'job' of 'batch_1': autorestart = true spawns it again after a crash, against its running_failure_strategy RESTART_APPLICATION (Supvisors then stops the new spawn); set autorestart = false",
    ]);
  });
});
