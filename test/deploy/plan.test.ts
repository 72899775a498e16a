/** The pure decisions of a deployment: the probe's facts and problems, the rendered node, the plan of each host, the rolling order and the final table. */
import assert from 'node:assert/strict';
import { parseDescription, type DeployDescription, type DeployHost } from '../../deploy/description.js';
import { planHost, rollingProblem, rollout } from '../../deploy/plan.js';
import { hostProblems, parseProbe, quote, type HostFacts } from '../../deploy/probe.js';
import { renderNode, supvisorsList, type RenderedNode } from '../../deploy/render.js';
import { renderTable } from '../../deploy/table.js';

const TEXT = `[cluster]
username = admin
password = change-me
peer_secret = a-long-enough-secret
rules = rules.xml
[supvisors]
synchro_options = STRICT
[group:g]
password = p
install_root = /srv/{host}
host.0 = 10.0.0.1
name.0 = n1
host.1 = 10.0.0.2
name.1 = n2
`;

function description(text = TEXT): DeployDescription {
  const result = parseDescription(text, '/d/cluster.ini', { localUser: 'work', home: '/home/work' });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.description;
}

function hostOf(value: DeployDescription, index: number): DeployHost {
  const host = value.hosts[index];
  if (host === undefined) throw new Error(`no host ${index}`);
  return host;
}

const BUNDLE = { version: '0.1.0', hash: 'abcdef0123456789'.repeat(4) };

function render(value = description(), index = 0, bundle = BUNDLE): RenderedNode {
  return renderNode({ description: value, host: hostOf(value, index), bundle, nodePath: '/usr/bin/node', programs: '[program:x]\ncommand = %(shim)s sleep 1\n', rules: new Map([['/d/rules.xml', '<root/>']]) });
}

const FIT: HostFacts = {
  os: 'Linux',
  distro: 'Debian GNU/Linux 13 (trixie)',
  nodePath: '/usr/bin/node',
  nodeVersion: 'v22.12.0',
  supervisordPath: '/usr/bin/supervisord',
  supervisordVersion: '4.2.5',
  tools: ['tar', 'setsid', 'sha256sum'],
  rootWritable: true,
  dataWritable: true,
  runningPid: undefined,
  state: undefined,
  bundlePresent: false,
  busyPorts: [],
};

describe('deploy plan', () => {
  it('reads the probe output, and lists every problem of a host with its fix', () => {
    const old = hostProblems(hostOf(description(), 0), { ...FIT, supervisordVersion: '3.3.5' });
    assert.deepEqual(old, ['supervisord 3.3.5 at /usr/bin/supervisord is too old: Supervisor 4.2 or newer is needed (Debian 11 and later)']);
    const facts = parseProbe('os=Linux\ndistro=Debian\nnode=/usr/bin/node\nnode_version=v18.19.0\nsupervisord=\ntool=tar\nroot_writable=yes\nrunning_pid=\nstate={"hash":"h","version":"0.1.0","bundle":"b","supervisordHash":"s"}\nbusy_port=61001\n');
    assert.deepEqual(facts.state, { hash: 'h', version: '0.1.0', bundle: 'b', supervisordHash: 's' });
    assert.equal(facts.runningPid, undefined);
    const problems = hostProblems(hostOf(description(), 0), facts);
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[0] ?? '', /^Node.js v18.19.0 at \/usr\/bin\/node is too old: 20.19 or newer is needed/);
    assert.match(problems[1] ?? '', /^supervisord not found .*apt install supervisor, as root/);
    assert.match(problems[2] ?? '', /^missing commands: setsid, sha256sum/);
    assert.match(problems[3] ?? '', /^data_dir \/srv\/n1\/node cannot be created or written by work/);
    assert.match(problems[4] ?? '', /^port 61001 is already in use/);
    assert.deepEqual(hostProblems(hostOf(description(), 0), FIT), []);
    assert.equal(quote("it's"), `'it'\\''s'`);
  });

  it('renders each node: supvisors_list from every host, the shared secret, rules shipped, the package runtime and shim', () => {
    const value = description();
    assert.equal(supvisorsList(value), '<n1>10.0.0.1:61001,<n2>10.0.0.2:61001');
    const node = render(value, 1);
    assert.equal(node.bundleDir, '/srv/n2/versions/0.1.0-abcdef012345');
    assert.match(node.conf, /^identifier = n2$/m);
    assert.match(node.conf, /^port = 10\.0\.0\.2:61000$/m);
    assert.match(node.conf, /^supvisors_list = <n1>10\.0\.0\.1:61001,<n2>10\.0\.0\.2:61001$/m);
    assert.match(node.conf, /^peer_secret = a-long-enough-secret$/m);
    assert.match(node.conf, /^rules_files = \/srv\/n2\/node\/rules\/rules\.xml$/m);
    assert.match(node.conf, /^synchro_options = STRICT$/m);
    assert.match(node.conf, /^command = \/usr\/bin\/node .* \/srv\/n2\/versions\/0\.1\.0-abcdef012345\/dist\/bin\/supvisorsd\.js -c \/srv\/n2\/node\/supervisord\.conf$/m);
    assert.match(node.conf, /^command = \/srv\/n2\/versions\/0\.1\.0-abcdef012345\/bin\/supvisors-args sleep 1$/m);
    assert.deepEqual(node.rules, [{ path: '/srv/n2/node/rules/rules.xml', text: '<root/>' }]);
    assert.equal(render(value, 1).hash, node.hash, 'the same inputs give the same hash');
  });

  it('plans nothing when the recorded hash is the same and supervisord runs; a start when it does not run', () => {
    const node = render();
    const state = { hash: node.hash, version: '0.1.0', bundle: node.bundleId, supervisordHash: node.supervisordHash };
    const same = planHost({ ...FIT, runningPid: 42, state, bundlePresent: true }, node, '0.1.0');
    assert.deepEqual([same.upload, same.write, same.restart, same.changes], [false, false, 'none', []]);
    const stopped = planHost({ ...FIT, state, bundlePresent: true }, node, '0.1.0');
    assert.deepEqual([stopped.upload, stopped.write, stopped.restart], [false, false, 'start']);
    const fresh = planHost(FIT, node, '0.1.0');
    assert.deepEqual([fresh.upload, fresh.write, fresh.restart, fresh.versionBefore], [true, true, 'start', undefined]);
    assert.deepEqual(fresh.changes, ['upload supvisors-ts 0.1.0 to /srv/n1/versions/0.1.0-abcdef012345', 'write /srv/n1/node/supervisord.conf and 1 rules file(s)', 'start supervisord (with supvisorsd and the programs)']);
  });

  it('restarts the runtime only for a new package or [supvisors] options; supervisord for its own sections', () => {
    const old = render();
    const state = { hash: old.hash, version: '0.1.0', bundle: old.bundleId, supervisordHash: old.supervisordHash };
    const running = { ...FIT, runningPid: 42, state, bundlePresent: true };
    const upgraded = planHost({ ...running, bundlePresent: false }, render(description(), 0, { version: '0.2.0', hash: 'f'.repeat(64) }), '0.2.0');
    assert.deepEqual([upgraded.upload, upgraded.restart, upgraded.versionBefore, upgraded.versionAfter], [true, 'runtime', '0.1.0', '0.2.0']);
    const option = planHost(running, render(description(TEXT.replace('synchro_options = STRICT', 'synchro_options = LIST'))), '0.1.0');
    assert.equal(option.restart, 'runtime');
    const port = planHost(running, render(description(TEXT.replace('[cluster]', '[cluster]\nsupervisord_port = 7000'))), '0.1.0');
    assert.equal(port.restart, 'supervisord');
    const credentials = planHost(running, render(description(TEXT.replace('password = change-me', 'password = changed'))), '0.1.0');
    assert.equal(credentials.restart, 'supervisord');
  });

  it('starts the stopped nodes together, then rolls the others one by one, the Master last', () => {
    const value = description(TEXT.replace('name.1 = n2', 'name.1 = n2\nhost.2 = 10.0.0.3\nname.2 = n3'));
    const plans = [0, 1, 2].map((index) => planHost({ ...FIT, runningPid: 1, state: { hash: 'old', version: '0.1.0', bundle: 'b', supervisordHash: render(value, index).supervisordHash } }, render(value, index), '0.1.0'));
    const { starts, rolling } = rollout(plans, 'n1');
    assert.deepEqual(starts, []);
    assert.deepEqual(
      rolling.map((plan) => plan.node.host.name),
      ['n2', 'n3', 'n1'],
    );
    const mixed = rollout([planHost(FIT, render(value, 0), '0.1.0'), ...plans.slice(1)], undefined);
    assert.deepEqual(
      [mixed.starts.map((plan) => plan.node.host.name), mixed.rolling.map((plan) => plan.node.host.name)],
      [['n1'], ['n2', 'n3']],
    );
  });

  it('refuses to roll beside stopped nodes when a restarted node would wait for them (neither USER nor TIMEOUT)', () => {
    const value = description();
    const state = (index: number): HostFacts['state'] => ({ hash: 'old', version: '0.1.0', bundle: 'b', supervisordHash: render(value, index).supervisordHash });
    const plans = [planHost({ ...FIT, runningPid: 1, state: state(0) }, render(value, 0), '0.1.0'), planHost(FIT, render(value, 1), '0.1.0')];
    assert.equal(
      rollingProblem(plans, [['synchro_options', 'STRICT, LIST']]),
      'restarting n1 while n2 is not running needs USER or TIMEOUT in synchro_options (now STRICT,LIST): a restarted node would wait for the stopped ones; add USER to synchro_options in [supvisors], or stop every node to start the cluster afresh',
    );
    assert.equal(rollingProblem(plans, [['synchro_options', 'strict,user']]), undefined);
    assert.equal(rollingProblem(plans, []), undefined, "Supvisors' default has TIMEOUT");
    assert.equal(rollingProblem(plans.slice(0, 1), [['synchro_options', 'STRICT']]), undefined, 'nothing stopped');
  });

  it('renders the final table in aligned columns', () => {
    assert.deepEqual(
      renderTable([
        { host: 'node1', before: undefined, after: '0.1.0', state: 'started' },
        { host: 'a-longer-name', before: '0.1.0', after: '0.2.0', state: 'restarted' },
      ]),
      ['HOST           BEFORE  AFTER  STATE', 'node1          -       0.1.0  started', 'a-longer-name  0.1.0   0.2.0  restarted'],
    );
  });
});
