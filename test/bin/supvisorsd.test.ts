import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPVISORSD } from '../helpers/supervisord.js';

function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SUPVISORSD, ...args], { timeout: 20_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr });
    });
  });
}

describe('supvisorsd command line', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'supvisorsd-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--check validates a configuration and says where it will listen', async () => {
    const file = join(dir, 'good.conf');
    writeFileSync(file, '[supervisord]\n[inet_http_server]\nport = 127.0.0.1:9101\n[unix_http_server]\nfile = /tmp/x.sock\n[supvisors]\nstarting_strategy = less_loaded\nmystery = 1\n');
    const { code, stderr } = await run('-c', file, '--check');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /configuration OK \(supvisorsd on 127\.0\.0\.1:9102, supervisord at \/tmp\/x\.sock\)/);
    assert.match(stderr, /warning: .*mystery/);
  });

  it('refuses an invalid configuration, naming file, option and what is allowed', async () => {
    const file = join(dir, 'bad.conf');
    writeFileSync(file, '[supervisord]\n[inet_http_server]\nport = 9101\n[supvisors]\nstarting_strategy = FASTEST\ninactivity_ticks = 1\n');
    const { code, stderr } = await run('-c', file, '--check');
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${file}:5: \\[supvisors\\] starting_strategy.*FASTEST.*CONFIG`));
    assert.match(stderr, new RegExp(`${file}:6: \\[supvisors\\] inactivity_ticks.*2`));
  });

  it('refuses to start when the local instance is not in supvisors_list', async () => {
    const file = join(dir, 'alien.conf');
    writeFileSync(file, '[supervisord]\n[inet_http_server]\nport = 127.0.0.1:9101\n[unix_http_server]\nfile = /tmp/x.sock\n[supvisors]\nsupvisors_list = 10.255.0.1:9102,127.0.0.1:9199\n');
    const { code, stderr } = await run('-c', file);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /supvisorsd: invalid configuration: .*alien\.conf: could not find the Supvisors in supvisors_list: no entry with port 9102/);
  });

  it('refuses a missing file and a missing -c', async () => {
    const missing = await run('-c', join(dir, 'nowhere.conf'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere\.conf/);
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /usage: supvisorsd/);
  });
});
