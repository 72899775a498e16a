import assert from 'node:assert/strict';
import { join } from 'node:path';
import { noFindings } from '../../config/findings.js';
import { expandedValue, readOption, readSupervisordConf, type SupervisordConf } from '../../config/supervisord-conf.js';
import { accepted, parseInteger } from '../../config/values.js';
import { TempDir } from './temp-files.js';

const fixtures = '/work/shared/fixtures/supvisors-0.19';
const scope = { hostname: 'rocky51', env: { IDENTIFIER: 'supv-03' } };

function mustRead(file: string, findings = noFindings()): SupervisordConf {
  const conf = readSupervisordConf(file, scope, findings);
  assert.ok(conf, `${file} unreadable: ${findings.errors.join('; ')}`);
  return conf;
}

describe('config supervisord-conf', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  it('reads the includes of the test-etc fixture for host rocky51, globs in order, matches sorted', () => {
    const findings = noFindings();
    const conf = mustRead(join(fixtures, 'test-etc/supervisord.conf'), findings);
    assert.deepEqual(findings.errors, []);
    assert.deepEqual(findings.warnings, [`${fixtures}/test-etc/supervisord.conf:21: [include] files: no file matches rocky51/*.ini`]);
    const included = [...conf.sections.values()].filter((section) => section.file !== conf.file).map((section) => `${section.file.slice(fixtures.length + 10)} ${section.name}`);
    assert.deepEqual(included.slice(0, 3), ['common/database/group_database.ini group:database', 'common/database/program_movie_server.ini program:movie_server', 'common/database/program_register_movies.ini program:register_movies']);
    assert.equal(included.length, 32);
    assert.ok(conf.sections.has('eventlistener:evt_listener'));
    assert.ok(conf.sections.has('rpcinterface:supvisors'));
  });

  it('expands ENV_ in [include] files (test-etc/supervisord_alt.conf with IDENTIFIER=supv-03)', () => {
    const findings = noFindings();
    const conf = mustRead(join(fixtures, 'test-etc/supervisord_alt.conf'), findings);
    assert.deepEqual(findings, { errors: [], warnings: [] });
    assert.equal(conf.sections.get('program:disk_handler')?.file, join(fixtures, 'test-etc/supv-03/program_disk_handler.ini'));
  });

  it('reads the scenario_1 includes (several globs on one line)', () => {
    const findings = noFindings();
    const conf = mustRead(join(fixtures, 'scenario_1/etc/supervisord_localhost.conf'), findings);
    assert.deepEqual(findings, { errors: [], warnings: [] });
    assert.deepEqual(
      [...conf.sections.keys()].filter((name) => name.startsWith('group:') || name.endsWith('_1')),
      ['program:scen1_sensor_acquisition_1', 'program:scen1_sensor_processing_1', 'group:scen1'],
    );
  });

  it('resolves include globs against the main file, with %(here)s and %(host_node_name)s', () => {
    dir.write({
      'etc/supervisord.conf': '[supervisord]\n[include]\nfiles = conf.d/*.ini %(here)s/%(host_node_name)s/*.ini\n',
      'etc/conf.d/b.ini': '[program:b]\ncommand = %(here)s/b\n',
      'etc/conf.d/a.ini': '[program:a]\n',
      'etc/rocky51/c.ini': '[program:c]\n',
    });
    const conf = mustRead(dir.file('etc/supervisord.conf'));
    assert.deepEqual([...conf.sections.keys()], ['supervisord', 'include', 'program:a', 'program:b', 'program:c']);
    const program = conf.sections.get('program:b');
    const command = program?.options.get('command');
    assert.ok(program && command);
    assert.deepEqual(expandedValue(program, command, scope), accepted(dir.file('etc/conf.d/b')));
  });

  it('reads a file matched twice once, skips the main file, and ignores [include] in included files', () => {
    dir.write({
      'supervisord.conf': '[supervisord]\n[include]\nfiles = *.conf *.ini a.ini\n',
      'a.ini': '[program:a]\n[include]\nfiles = elsewhere/*.ini\n',
    });
    const findings = noFindings();
    const conf = mustRead(dir.file('supervisord.conf'), findings);
    assert.deepEqual(findings.errors, []);
    assert.deepEqual(findings.warnings, [`${dir.file('a.ini')}:2: [include] ignored: only the main file's [include] is read, as in Supervisor 4`]);
    assert.deepEqual([...conf.sections.keys()], ['supervisord', 'include', 'program:a']);
  });

  it('reports sections defined in two files, include problems and unreadable files', () => {
    dir.write({
      'supervisord.conf': '[supervisord]\n[program:a]\n[include]\nfiles = *.ini missing/*.ini\n',
      'a.ini': '[program:a]\n',
      'b.ini': 'no section\n',
    });
    const findings = noFindings();
    mustRead(dir.file('supervisord.conf'), findings);
    assert.deepEqual(findings.errors, [
      `${dir.file('a.ini')}:1: [program:a] already defined at ${dir.file('supervisord.conf')}:2`,
      `${dir.file('b.ini')}:1: option outside of any section: no section`,
    ]);
    assert.deepEqual(findings.warnings, [`${dir.file('supervisord.conf')}:4: [include] files: no file matches missing/*.ini`]);
  });

  it('reports an [include] without files and an expansion error in files', () => {
    dir.write({ 'one.conf': '[supervisord]\n[include]\n', 'two.conf': '[supervisord]\n[include]\nfiles = %(ENV_NOPE)s/*.ini\n' });
    const one = noFindings();
    mustRead(dir.file('one.conf'), one);
    assert.deepEqual(one.errors, [`${dir.file('one.conf')}:2: [include] has no files option (expected space-separated file globs)`]);
    const two = noFindings();
    mustRead(dir.file('two.conf'), two);
    assert.deepEqual(two.errors, [
      `${dir.file('two.conf')}:3: [include] files: %(ENV_NOPE)s names the environment variable NOPE, which is not set (available: here, host_node_name, ENV_<NAME> for each environment variable)`,
    ]);
  });

  it('gives undefined and the reason when the main file cannot be read', () => {
    const findings = noFindings();
    assert.equal(readSupervisordConf(dir.file('absent.conf'), scope, findings), undefined);
    assert.equal(findings.errors.length, 1);
    assert.match(findings.errors[0] ?? '', new RegExp(`^${dir.file('absent.conf')}: cannot read: ENOENT`));
  });

  it('reads one option: absent, converted, or an error naming place, value and what is allowed', () => {
    dir.write({ 'supervisord.conf': '[supervisord]\n[supvisors]\nsynchro_timeout = %(ENV_TIMEOUT)s\nstats_histo = lots\n' });
    const conf = mustRead(dir.file('supervisord.conf'));
    const section = conf.sections.get('supvisors');
    assert.ok(section);
    const findings = noFindings();
    const read = (key: string, env: NodeJS.ProcessEnv): number | undefined => readOption(section, key, { hostname: 'h', env }, (text) => parseInteger(text, 10, 1500), findings);
    assert.equal(read('absent', {}), undefined);
    assert.equal(read('synchro_timeout', { TIMEOUT: '30' }), 30);
    assert.equal(read('stats_histo', {}), undefined);
    assert.equal(read('synchro_timeout', {}), undefined);
    assert.deepEqual(findings.errors, [
      `${dir.file('supervisord.conf')}:4: [supvisors] stats_histo = "lots": expected an integer in 10..1500`,
      `${dir.file('supervisord.conf')}:3: [supvisors] synchro_timeout: %(ENV_TIMEOUT)s names the environment variable TIMEOUT, which is not set (available: here, host_node_name, ENV_<NAME> for each environment variable)`,
    ]);
  });
});
