import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CONFIG, EXIT_RULES_ERRORS } from '../../bin/check.js';
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
    writeFileSync(file, '[supervisord]\n[inet_http_server]\nport = 9101\n[supvisors]\nstarting_strategy = fastest\ninactivity_ticks = 1\n');
    const { code, stderr } = await run('-c', file, '--check');
    assert.equal(code, EXIT_CONFIG);
    assert.match(stderr, new RegExp(`${file}:5: \\[supvisors\\] starting_strategy.*fastest.*CONFIG`));
    assert.match(stderr, new RegExp(`${file}:6: \\[supvisors\\] inactivity_ticks.*2`));
  });

  it('refuses to start when the local instance is not in supvisors_list', async () => {
    const file = join(dir, 'alien.conf');
    writeFileSync(file, '[supervisord]\n[inet_http_server]\nport = 127.0.0.1:9101\n[unix_http_server]\nfile = /tmp/x.sock\n[supvisors]\nsupvisors_list = 10.255.0.1:9102,127.0.0.1:9199\n');
    const { code, stderr } = await run('-c', file);
    assert.equal(code, EXIT_CONFIG, stderr);
    assert.match(stderr, /supvisorsd: invalid configuration: .*alien\.conf: could not find the Supvisors in supvisors_list: no entry with port 9102/);
  });

  /** A valid file whose supervisord is not there (a socket nobody listens on), with these [supvisors] lines. */
  const conf = (name: string, supvisors: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `[supervisord]\n[inet_http_server]\nport = 127.0.0.1:9101\n[unix_http_server]\nfile = ${join(dir, 'none.sock')}\n[supvisors]\n${supvisors}\n`);
    return file;
  };

  it('--check refuses a rules file that is not well-formed XML, naming file, line and problem', async () => {
    writeFileSync(join(dir, 'broken.xml'), '<root>\n<application name="web">\n</root>\n');
    const { code, stderr } = await run('-c', conf('broken.conf', `rules_files = ${join(dir, 'broken.xml')}`), '--check');
    assert.equal(code, EXIT_CONFIG, stderr);
    assert.match(stderr, /supvisorsd would refuse to start:\ninvalid rules \(1 file unusable\):\nrules: .*broken\.xml:3: not well-formed XML/);
    assert.doesNotMatch(stderr, /configuration OK/);
  });

  it('--check refuses a missing plugin and one that cannot be loaded, naming the file', async () => {
    const missing = await run('-c', conf('noplugin.conf', `plugins = ${join(dir, 'absent.mjs')}`), '--check');
    assert.equal(missing.code, EXIT_CONFIG, missing.stderr);
    assert.match(missing.stderr, /plugins = ".*absent\.mjs": expected existing plugin modules: no file matches .*absent\.mjs/);
    writeFileSync(join(dir, 'wrong.mjs'), "export const strategy = 'lower';");
    const wrong = await run('-c', conf('wrongplugin.conf', `plugins = ${join(dir, 'wrong.mjs')}`), '--check');
    assert.equal(wrong.code, EXIT_CONFIG, wrong.stderr);
    assert.match(wrong.stderr, /would refuse to start:\nplugin .*wrong\.mjs: export 'name' must be an upper-case name/);
    // an upper-case name may be a plugin's: refused when no plugin brings it
    const unknown = await run('-c', conf('unknownplugin.conf', 'starting_strategy = FASTEST'), '--check');
    assert.equal(unknown.code, EXIT_CONFIG, unknown.stderr);
    assert.match(unknown.stderr, /would refuse to start:\nstarting_strategy = FASTEST: not a built-in strategy and no starting plugin of that name is loaded \(plugins: none\)/);
  });

  it('--check warns about a host of supvisors_list that does not resolve, and still passes', async () => {
    const { code, stderr } = await run('-c', conf('unresolved.conf', 'supvisors_list = 127.0.0.1:9102,nosuchhost.invalid:9102'), '--check');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /warning: supvisors_list: host nosuchhost\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN|no answer within 2000 ms)\): its instance stays unreachable until it does/);
  });

  it('--check refuses a node missing from supvisors_list', async () => {
    const { code, stderr } = await run('-c', conf('alien-check.conf', 'supvisors_list = 10.255.0.1:9102,127.0.0.1:9199'), '--check');
    assert.equal(code, EXIT_CONFIG, stderr);
    assert.match(stderr, /would refuse to start:\n.*alien-check\.conf: could not find the Supvisors in supvisors_list: no entry with port 9102/);
  });

  it('--check prints rules errors and warnings, fails on errors only, and says when supervisord could not check the program names', async () => {
    writeFileSync(join(dir, 'sloppy.xml'), '<root>\n<application name="web">\n<start_sequence>soon</start_sequence>\n<colour>red</colour>\n</application>\n</root>\n');
    const sloppy = await run('-c', conf('sloppy.conf', `rules_files = ${join(dir, 'sloppy.xml')}`), '--check');
    assert.equal(sloppy.code, EXIT_RULES_ERRORS, sloppy.stderr);
    assert.match(sloppy.stderr, /error: rules: .*sloppy\.xml:3: application 'web' start_sequence: not an integer: 'soon'; ignored/);
    assert.match(sloppy.stderr, /warning: rules: .*sloppy\.xml:4: application 'web': unknown element <colour> ignored/);
    assert.match(sloppy.stderr, /note: programs named in the rules not checked against supervisord \(not reachable at .*none\.sock/);
    assert.match(sloppy.stderr, /1 rules error \(supvisorsd would start/);
    writeFileSync(join(dir, 'tidy.xml'), '<root>\n<application name="web">\n<colour>red</colour>\n</application>\n</root>\n');
    const tidy = await run('-c', conf('tidy.conf', `rules_files = ${join(dir, 'tidy.xml')}`), '--check');
    assert.equal(tidy.code, 0, tidy.stderr);
    assert.match(tidy.stderr, /warning: rules: .*tidy\.xml:3/);
    assert.match(tidy.stderr, /configuration OK/);
  });

  it('a port held by another program is a configuration error too (no restart would free it)', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const address = holder.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const { code, stderr } = await run('-c', conf('held.conf', `http_port = ${port}`));
      assert.equal(code, EXIT_CONFIG, stderr);
      assert.match(stderr, new RegExp(`supvisorsd: invalid configuration: cannot serve: listen EADDRINUSE.*:${port} \\(is another program on http_port\\?\\)`));
    } finally {
      holder.close();
    }
  });

  it('refuses a missing file and a missing -c', async () => {
    const missing = await run('-c', join(dir, 'nowhere.conf'));
    assert.equal(missing.code, EXIT_CONFIG);
    assert.match(missing.stderr, /nowhere\.conf/);
    const none = await run();
    assert.equal(none.code, EXIT_CONFIG);
    assert.match(none.stderr, /usage: supvisorsd/);
  });
});
