import assert from 'node:assert/strict';
import { noFindings, type Findings } from '../../config/findings.js';
import { httpServerHost, readSupervisorSections, supervisorAccess, type SupervisorSections } from '../../config/supervisor-sections.js';
import { readSupervisordConf } from '../../config/supervisord-conf.js';
import { TempDir } from './temp-files.js';

describe('config supervisor-sections', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  const scope = { hostname: 'node1', env: { RUN: '/run/sv', USER_NAME: 'cliche' } };

  function read(text: string, findings: Findings = noFindings()): SupervisorSections {
    dir.write({ 'etc/supervisord.conf': text });
    const conf = readSupervisordConf(dir.file('etc/supervisord.conf'), scope, findings);
    assert.ok(conf);
    return readSupervisorSections(conf, scope, '/home/me', findings);
  }

  it('prefers the unix socket, resolved against the file directory, with its credentials', () => {
    const sections = read('[supervisord]\nidentifier = %(host_node_name)s-a\n[unix_http_server]\nfile = run/supervisor.sock\nusername = %(ENV_USER_NAME)s\npassword = p@$$w0rd\n[inet_http_server]\nport = :60000\n');
    assert.equal(sections.identifier, 'node1-a');
    assert.deepEqual(supervisorAccess(sections), { kind: 'unix', socketPath: dir.file('etc/run/supervisor.sock'), username: 'cliche', password: 'p@$$w0rd' });
    assert.equal(httpServerHost(sections), '0.0.0.0');
  });

  it('expands the socket path, ~ included', () => {
    assert.deepEqual(supervisorAccess(read('[supervisord]\n[unix_http_server]\nfile = %(ENV_RUN)s/s.sock\n')), { kind: 'unix', socketPath: '/run/sv/s.sock' });
    assert.deepEqual(supervisorAccess(read('[supervisord]\n[unix_http_server]\nfile = ~/s.sock\n')), { kind: 'unix', socketPath: '/home/me/s.sock' });
  });

  it('reaches an inet server on all interfaces through loopback, and serves on all interfaces too', () => {
    for (const port of ['60000', ':60000', '*:60000', '0.0.0.0:60000']) {
      const sections = read(`[supervisord]\n[inet_http_server]\nport = ${port}\nusername = u\npassword = p\n`);
      assert.equal(sections.identifier, 'supervisor');
      assert.deepEqual(supervisorAccess(sections), { kind: 'inet', host: '127.0.0.1', port: 60000, username: 'u', password: 'p' }, port);
      assert.equal(httpServerHost(sections), '0.0.0.0', port);
    }
  });

  it('keeps an explicit inet host, for supervisord and for our server', () => {
    const sections = read('[supervisord]\n[inet_http_server]\nport = 127.0.0.1:61000\n');
    assert.deepEqual(supervisorAccess(sections), { kind: 'inet', host: '127.0.0.1', port: 61000 });
    assert.equal(httpServerHost(sections), '127.0.0.1');
  });

  it('serves on loopback when there is no inet server', () => {
    assert.equal(httpServerHost(read('[supervisord]\n[unix_http_server]\nfile = /tmp/s.sock\n')), '127.0.0.1');
  });

  it('reports every problem of the Supervisor sections', () => {
    const findings = noFindings();
    const sections = read('[inet_http_server]\nport = :0\nusername = u\n[unix_http_server]\nchmod = 0700\n', findings);
    const file = dir.file('etc/supervisord.conf');
    assert.deepEqual(findings.errors, [
      `${file}: no [supervisord] section: this is not a supervisord configuration file`,
      `${file}:2: [inet_http_server] port = ":0": expected PORT, :PORT, *:PORT or HOST:PORT with PORT an integer in 1..65535`,
      `${file}:1: [inet_http_server]: username and password go together: set both or neither`,
      `${file}:4: [unix_http_server] has no file option (expected the path of the socket file)`,
    ]);
    assert.equal(supervisorAccess(sections), undefined);
  });

  it('needs a way to reach supervisord', () => {
    const findings = noFindings();
    read('[supervisord]\n[inet_http_server]\n', findings);
    const file = dir.file('etc/supervisord.conf');
    assert.deepEqual(findings.errors, [`${file}:2: [inet_http_server] has no port option (expected PORT, :PORT or HOST:PORT)`]);
    const none = noFindings();
    read('[supervisord]\n', none);
    assert.deepEqual(none.errors, [`${file}: neither [inet_http_server] nor [unix_http_server]: supvisorsd cannot reach supervisord`]);
  });
});
