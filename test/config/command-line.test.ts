import assert from 'node:assert/strict';
import { parseCommandLine } from '../../config/command-line.js';
import { isSupvisorsError } from '../../errors/errors.js';

const usage = 'usage: supvisorsd (-c FILE | --configuration FILE) [--check]   (FILE defaults to $SUPVISORS_CONFIG)';

function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    assert.ok(isSupvisorsError(error, 'CONFIG_INVALID'));
    return error.message;
  }
  assert.fail(`accepted ${argv.join(' ')}`);
}

describe('config command-line', () => {
  it('takes the configuration file from -c, --configuration or --configuration=', () => {
    assert.deepEqual(parseCommandLine(['-c', 'a.conf'], {}), { configFile: 'a.conf', checkOnly: false });
    assert.deepEqual(parseCommandLine(['--configuration', 'b.conf', '--check'], {}), { configFile: 'b.conf', checkOnly: true });
    assert.deepEqual(parseCommandLine(['--check', '--configuration=c.conf'], { SUPVISORS_CONFIG: 'env.conf' }), { configFile: 'c.conf', checkOnly: true });
  });

  it('falls back on SUPVISORS_CONFIG', () => {
    assert.deepEqual(parseCommandLine([], { SUPVISORS_CONFIG: '/etc/supervisord.conf' }), { configFile: '/etc/supervisord.conf', checkOnly: false });
  });

  it('refuses missing files, repeats and unknown flags with the usage line', () => {
    assert.equal(refusal([]), `no configuration file: give -c FILE or set SUPVISORS_CONFIG\n${usage}`);
    assert.equal(refusal([], { SUPVISORS_CONFIG: '' }), `no configuration file: give -c FILE or set SUPVISORS_CONFIG\n${usage}`);
    assert.equal(refusal(['-c']), `-c needs a file\n${usage}`);
    assert.equal(refusal(['--configuration=']), `--configuration needs a file\n${usage}`);
    assert.equal(refusal(['-c', 'a', '-c', 'b']), `-c: the configuration file is given twice\n${usage}`);
    assert.equal(refusal(['-c', 'a', '--http-port', '0']), `unknown argument --http-port\n${usage}`);
  });
});
