import assert from 'node:assert/strict';
import { noFindings, type Findings } from '../../config/findings.js';
import { readSupervisorSections } from '../../config/supervisor-sections.js';
import { readSupervisordConf } from '../../config/supervisord-conf.js';
import { readSupvisorsSection } from '../../config/supvisors-section.js';
import type { SupvisorsOptions } from '../../config/types.js';
import { TempDir } from './temp-files.js';

describe('config supvisors-section', () => {
  let dir: TempDir;
  beforeEach(() => (dir = new TempDir()));
  afterEach(() => dir.remove());

  const scope = { hostname: 'node1', env: { TICKS: '5' } };

  function read(text: string, findings: Findings = noFindings()): SupvisorsOptions | undefined {
    dir.write({ 'supervisord.conf': text });
    const conf = readSupervisordConf(dir.file('supervisord.conf'), scope, findings);
    assert.ok(conf);
    const servers = readSupervisorSections(conf, scope, '/home/me', findings);
    return readSupvisorsSection(conf, servers, scope, { cwd: dir.path, home: '/home/me' }, findings);
  }

  it('reads [supvisors] with expansions; http_port defaults to the inet port + 1', () => {
    const findings = noFindings();
    const options = read('[supervisord]\n[inet_http_server]\nport=:60000\n[supvisors]\nsupervisor.rpcinterface_factory = x:y\ninactivity_ticks = %(ENV_TICKS)s\nsupvisors_list = a,b:7000\n', findings);
    assert.deepEqual(findings, { errors: [], warnings: [] });
    assert.equal(options?.httpPort, 60001);
    assert.equal(options?.eventPort, 60002);
    assert.equal(options?.inactivityTicks, 5);
    assert.deepEqual(options?.supvisorsList.map((entry) => entry.identifier), ['a:60001', 'b:7000']);
  });

  it('lets http_port be set, and bases the local port of supvisors_list and event_port on it', () => {
    const options = read('[supervisord]\n[inet_http_server]\nport=:60000\n[supvisors]\nhttp_port = 61000\nsupvisors_list = a\n');
    assert.equal(options?.httpPort, 61000);
    assert.equal(options?.eventPort, 61001);
    assert.equal(options?.supvisorsList[0]?.identifier, 'a:61000');
  });

  it('requires http_port without [inet_http_server], and when the default would pass 65535', () => {
    const file = dir.file('supervisord.conf');
    const without = noFindings();
    assert.equal(read('[supervisord]\n[unix_http_server]\nfile=/tmp/s.sock\n[supvisors]\n', without), undefined);
    assert.deepEqual(without.errors, [`${file}:4: [supvisors] http_port: required when there is no [inet_http_server] (expected an integer in 1..65535)`]);
    const overflow = noFindings();
    assert.equal(read('[supervisord]\n[inet_http_server]\nport=:65535\n', overflow), undefined);
    assert.deepEqual(overflow.errors, [`${file}: [supvisors] http_port: the default, [inet_http_server] port + 1, is 65536: set an integer in 1..65535`]);
    assert.equal(read('[supervisord]\n[unix_http_server]\nfile=/tmp/s.sock\n[supvisors]\nhttp_port = 9000\n')?.httpPort, 9000);
  });

  it('takes every default, with a warning, when there is no [supvisors] section', () => {
    const findings = noFindings();
    const options = read('[supervisord]\n[inet_http_server]\nport=:60000\n', findings);
    assert.deepEqual(findings.warnings, [`${dir.file('supervisord.conf')}: no [supvisors] section: every Supvisors option takes its default`]);
    assert.deepEqual(options?.synchroOptions, ['STRICT', 'TIMEOUT', 'CORE']);
  });

  it('refuses the Python plugin section, telling to rename it, and warns about the controller plugin', () => {
    const findings = noFindings();
    read('[supervisord]\n[inet_http_server]\nport=:60000\n[rpcinterface:supvisors]\nsupervisor.rpcinterface_factory = supvisors.plugin:make_supvisors_rpcinterface\n[ctlplugin:supvisors]\n', findings);
    const file = dir.file('supervisord.conf');
    assert.deepEqual(findings.errors, [
      `${file}:4: [rpcinterface:supvisors]: rename this header to [supvisors]: supvisorsd reads its options from [supvisors], and with [rpcinterface:supvisors] supervisord would try to import the Python Supvisors plugin`,
    ]);
    assert.deepEqual(findings.warnings, [`${file}:6: [ctlplugin:supvisors]: supervisorctl imports the Python supvisors package for this section; remove it unless that package is installed`]);
  });

  it('warns about each unknown option, such as the removed internal_port and address_list', () => {
    const findings = noFindings();
    read('[supervisord]\n[inet_http_server]\nport=:60000\n[supvisors]\ninternal_port = 65001\naddress_list = a,b\n', findings);
    const file = dir.file('supervisord.conf');
    assert.deepEqual(findings.errors, []);
    assert.deepEqual(findings.warnings, [`${file}:5: [supvisors] internal_port: unknown option, ignored`, `${file}:6: [supvisors] address_list: unknown option, ignored`]);
  });

  it('reports every invalid value, each with file, line, option, value and what is allowed', () => {
    const findings = noFindings();
    read(
      '[supervisord]\n[inet_http_server]\nport=:60000\n[supvisors]\nsynchro_timeout = 2000\nauto_fence = maybe\nstarting_strategy = best\nsupvisors_list = h:1:2\nrules_files = %(nope)s\n',
      findings,
    );
    const file = dir.file('supervisord.conf');
    assert.deepEqual(findings.errors, [
      `${file}:8: [supvisors] supvisors_list = "h:1:2": "h:1:2": expected entries [<NICK>]HOST[:PORT] (NICK: letters, digits, _ - : .; HOST: letters, digits, _ - .; PORT: 4 or 5 digits up to 65535)`,
      `${file}:5: [supvisors] synchro_timeout = "2000": expected an integer in 0..1200`,
      `${file}:6: [supvisors] auto_fence = "maybe": expected a boolean: true, false, yes, no, on, off, 1 or 0`,
      `${file}:7: [supvisors] starting_strategy = "best": expected one of CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE (any case), or a plugin's upper-case name`,
      `${file}:9: [supvisors] rules_files: unknown expansion %(nope)s (available: here, host_node_name, ENV_<NAME> for each environment variable)`,
    ]);
  });

  it('accepts %(host_node_name)s and %%(host_node_name)s in rules_files, relative to the working directory', () => {
    dir.write({ 'rules/node1.xml': '' });
    const findings = noFindings();
    const options = read('[supervisord]\n[inet_http_server]\nport=:60000\n[supvisors]\nrules_files = rules/%(host_node_name)s.xml %(here)s/rules/%%(host_node_name)s.xml\n', findings);
    assert.deepEqual(findings, { errors: [], warnings: [] });
    assert.deepEqual(options?.rulesFiles, [dir.file('rules/node1.xml')]);
  });
});
