/** The deployment description: every key read, defaults, and every problem named by file, line and key. */
import assert from 'node:assert/strict';
import { parseDescription, type DeployDescription } from '../../deploy/description.js';

const CONTEXT = { localUser: 'alice', home: '/home/alice' };
const VALID = `[cluster]
username = admin
password = change-me
peer_secret = a-long-enough-secret
programs = programs.conf
rules = rules.xml, more/rules2.xml

[supvisors]
synchro_options = STRICT,LIST
starting_strategy = LESS_LOADED

[group:east]
user = work
identity_file = ~/.ssh/id_ed25519
install_root = /srv/supvisors
host.0 = 10.0.0.1
name.0 = east1
host.1 = 10.0.0.2

[group:west]
password = secret-password
agent = yes
port = 2222
install_root = /home/work/{host}
data_dir = /data/{host}
node = /opt/node/bin/node
host.0 = 10.0.1.1
`;

function parsed(text: string): DeployDescription {
  const result = parseDescription(text, '/etc/deploy/cluster.ini', CONTEXT);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.description;
}

function errors(text: string): readonly string[] {
  const result = parseDescription(text, '/etc/deploy/cluster.ini', CONTEXT);
  assert.ok(!result.ok, 'expected errors');
  return result.errors;
}

describe('deploy description', () => {
  it('reads the cluster, the shared [supvisors] options and the hosts of every group, with their defaults', () => {
    const description = parsed(VALID);
    assert.equal(description.httpPort, 61001);
    assert.equal(description.supervisordPort, 61000);
    assert.equal(description.programsFile, '/etc/deploy/programs.conf');
    assert.deepEqual(description.rulesFiles, ['/etc/deploy/rules.xml', '/etc/deploy/more/rules2.xml']);
    assert.equal(description.knownHosts, '/home/alice/.ssh/known_hosts');
    assert.equal(description.connectTimeoutMs, 10_000);
    assert.equal(description.includeOptional, false);
    assert.deepEqual(description.supvisors, [
      ['synchro_options', 'STRICT,LIST'],
      ['starting_strategy', 'LESS_LOADED'],
    ]);
    assert.deepEqual(
      description.hosts.map((host) => [host.group, host.name, host.address, host.user, host.sshPort, host.installRoot, host.dataDir, host.node]),
      [
        ['east', 'east1', '10.0.0.1', 'work', 22, '/srv/supvisors', '/srv/supvisors/node', 'node'],
        ['east', '10.0.0.2', '10.0.0.2', 'work', 22, '/srv/supvisors', '/srv/supvisors/node', 'node'],
        ['west', '10.0.1.1', '10.0.1.1', 'alice', 2222, '/home/work/10.0.1.1', '/data/10.0.1.1', '/opt/node/bin/node'],
      ],
    );
    assert.equal(description.hosts[0]?.auth.identityFile, '/home/alice/.ssh/id_ed25519');
    assert.deepEqual(description.hosts[2]?.auth, { password: 'secret-password', identityFile: undefined, passphrase: undefined, agent: true });
  });

  it('names the file, the line and the key of every problem, all at once', () => {
    const found = errors(`[cluster]
username = admin
password = x
peer_secret = short
http_port = 99999
colour = blue

[supvisors]
supvisors_list = <a>host

[group:east]
install_root = relative/path
host.0 = 10.0.0.1
name.1 = orphan

[elsewhere]
`);
    assert.deepEqual(found, [
      '/etc/deploy/cluster.ini:6: [cluster] colour: unknown key (known: http_port, supervisord_port, username, password, peer_secret, programs, rules, known_hosts, connect_timeout, rejoin_timeout, include_optional)',
      '/etc/deploy/cluster.ini:5: [cluster] http_port: expected an integer in 1..65535, got "99999"',
      '/etc/deploy/cluster.ini:4: [cluster] peer_secret: at least 16 characters',
      '/etc/deploy/cluster.ini:9: [supvisors] supvisors_list: written by the deployer: set it in [cluster] (ports, peer_secret, rules) or leave it out',
      '/etc/deploy/cluster.ini:11: [group:east]: no authentication: set password, identity_file or agent = yes',
      '/etc/deploy/cluster.ini:12: [group:east] install_root: an absolute path is expected, got "relative/path"',
      '/etc/deploy/cluster.ini:14: [group:east] name.1: no host.1 for this name',
      '/etc/deploy/cluster.ini:16: [elsewhere]: unknown section (expected [cluster], [supvisors] or [group:NAME])',
    ]);
  });

  it('requires the credentials, the peer secret, a group and hosts, and tells duplicates', () => {
    assert.deepEqual(errors('[group:a]\npassword = p\ninstall_root = /x\nhost.0 = h\n'), ['/etc/deploy/cluster.ini: no [cluster] section']);
    const found = errors(`[cluster]
[group:a]
password = p
install_root = /x
host.0 = h1
[group:b]
password = p
install_root = /x
host.0 = h1
[group:c]
password = p
install_root = /x
`);
    assert.ok(found.includes('/etc/deploy/cluster.ini:1: [cluster]: username is required'), found.join('\n'));
    assert.ok(found.includes('/etc/deploy/cluster.ini:1: [cluster]: peer_secret is required'));
    assert.ok(found.includes('/etc/deploy/cluster.ini:10: [group:c]: no host: add host.0 = ADDRESS'));
    assert.ok(found.includes('/etc/deploy/cluster.ini: node h1 of [group:b] has the same name as h1 of [group:a]'));
  });
});
