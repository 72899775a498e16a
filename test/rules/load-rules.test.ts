import assert from 'node:assert/strict';
import { loadRulesFiles } from '../../rules/load-rules.js';
import { applicationRulesFor, programRulesFor } from '../../rules/resolve.js';
import { TempDir } from '../config/temp-files.js';
import { doc } from './helpers.js';

describe('rules files loading', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = new TempDir();
  });

  afterEach(() => {
    dir.remove();
  });

  it('reads the files of every glob once, in sorted order, and merges them', () => {
    dir.write({
      'etc/b.xml': doc('<model name="m"><expected_loading>7</expected_loading></model>\n<application name="a"><start_sequence>9</start_sequence></application>'),
      'etc/a.xml': doc('<application name="a"><start_sequence>1</start_sequence><programs><program name="p"><reference>m</reference></program></programs></application>'),
      'etc/notes.txt': 'not rules',
    });
    const { rules, findings } = loadRulesFiles(['etc/*.xml', 'etc/b.xml', `${dir.path}/etc/a.xml`], { cwd: dir.path });
    assert.deepEqual(rules.files, [dir.file('etc/a.xml'), dir.file('etc/b.xml')]);
    assert.deepEqual(findings, [{ level: 'warning', file: dir.file('etc/b.xml'), line: 4, message: `application 'a': already defined at ${dir.file('etc/a.xml')}:3, which is used for this name` }]);
    const application = applicationRulesFor(rules, 'a').rules;
    assert.equal(application.startSequence, 1);
    assert.equal(programRulesFor(application, 'p').rules.expectedLoading, 7);
  });

  it('reports globs matching nothing and files that cannot be read or parsed, keeping the others', () => {
    dir.write({
      'rules/good.xml': doc('<application name="a"><start_sequence>1</start_sequence></application>'),
      'rules/bad.xml': '<root>\n<application name="b">\n</root>\n',
      'rules/dir.xml/inside': '',
    });
    const { rules, findings, unusable } = loadRulesFiles(['rules/*.xml', 'missing/*.xml'], { cwd: dir.path });
    assert.deepEqual(
      findings.map(({ level, file, line }) => [level, file, line]),
      [
        ['warning', 'missing/*.xml', 0],
        ['error', dir.file('rules/bad.xml'), 3],
        ['error', dir.file('rules/dir.xml'), 0],
      ],
    );
    assert.equal(findings[0]?.message, 'no rules file matches this glob');
    assert.match(findings[2]?.message ?? '', /^cannot read the rules file: EISDIR/);
    assert.equal(applicationRulesFor(rules, 'a').rules.managed, true);
    assert.equal(applicationRulesFor(rules, 'b').rules.managed, false);
    // the two files that gave no rule at all: what makes supvisorsd refuse to start
    assert.deepEqual(unusable, [findings[1], findings[2]]);
  });

  it('lists nothing as unusable for problems inside a well-formed file', () => {
    dir.write({ 'rules.xml': doc('<application name="a"><start_sequence>x</start_sequence><mystery/></application>') });
    const { findings, unusable } = loadRulesFiles(['rules.xml'], { cwd: dir.path });
    assert.deepEqual(
      findings.map(({ level }) => level),
      ['warning', 'error'],
    );
    assert.deepEqual(unusable, []);
  });

  it('gives an empty rule set without any glob', () => {
    assert.deepEqual(loadRulesFiles([]), { rules: { files: [], aliases: [], namedApplications: [], patternApplications: [], broken: [] }, findings: [], unusable: [] });
  });
});
