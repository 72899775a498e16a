import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { noFindings } from '../../config/findings.js';
import { runtimeConfigFrom, type HostContext } from '../../config/load-config.js';
import { readSupervisordConf } from '../../config/supervisord-conf.js';
import type { RuntimeConfig, SupvisorsListEntry, SupvisorsOptions } from '../../config/types.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { TempDir, supervisordConf } from './temp-files.js';

const fixtures = '/work/shared/fixtures/supvisors-0.19';
const testEtc = join(fixtures, 'test-etc');
const scenario = join(fixtures, 'scenario_1');
const ctlpluginWarning = 'supervisorctl imports the Python supvisors package for this section; remove it unless that package is installed';

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    assert.ok(isSupvisorsError(error, 'CONFIG_INVALID'), String(error));
    assert.equal(error.fault, 'SUPVISORS_CONF_ERROR');
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

/**
 * The fixtures are Python Supvisors files: read in place, with their [rpcinterface:supvisors]
 * taken as the [supvisors] section it must be renamed to.
 */
function loadRenamed(file: string, env: NodeJS.ProcessEnv, host: HostContext): RuntimeConfig {
  const scope = { hostname: host.hostname, env };
  const findings = noFindings();
  const conf = readSupervisordConf(file, scope, findings);
  assert.ok(conf);
  const sections = new Map([...conf.sections].map(([name, section]) => (name === 'rpcinterface:supvisors' ? ['supvisors', { ...section, name: 'supvisors' }] : [name, section])));
  return runtimeConfigFrom({ ...conf, sections }, scope, host, findings);
}

function entry(nick: string | undefined, host: string, port: number | undefined, identifier: string, nickIdentifier: string): SupvisorsListEntry {
  return { nick, host, port, identifier, nickIdentifier };
}

/** The options every fixture leaves to their defaults. */
function defaults(httpPort: number): SupvisorsOptions {
  return {
    supvisorsList: [],
    stereotypes: [],
    coreIdentifiers: [],
    multicastGroup: undefined,
    multicastInterface: undefined,
    multicastTtl: 1,
    synchroOptions: ['STRICT', 'TIMEOUT', 'CORE'],
    synchroTimeout: 15,
    inactivityTicks: 2,
    autoFence: false,
    startingStrategy: 'CONFIG',
    conciliationStrategy: 'USER',
    supvisorsFailureStrategy: 'CONTINUE',
    rulesFiles: [],
    cssFiles: [],
    softwareName: '',
    softwareIcon: undefined,
    eventLink: 'NONE',
    eventPort: httpPort + 1,
    eventPortOpen: false,
    disabilitiesFile: undefined,
    tailLimit: 1024,
    tailfLimit: 1024,
    statsEnabled: { host: true, process: true },
    statsCollectingPeriod: 5,
    statsPeriods: [10],
    statsHisto: 200,
    statsIrixMode: false,
    logfile: 'AUTO',
    logfileMaxbytes: 52428800,
    logfileBackups: 10,
    loglevel: 'info',
    httpPort,
    apiVersion: '0.19.1',
    numprocsFile: undefined,
    peerSecret: undefined,
    tlsCertfile: undefined,
    tlsKeyfile: undefined,
    tlsCafile: undefined,
    plugins: [],
    pluginTimeout: 5,
    heartbeatPeriod: 0.25,
    heartbeatMisses: 4,
    alertMailTo: [],
    alertMailFrom: 'supvisors@localhost',
    alertSmtpUrl: undefined,
    alertWebhookUrl: undefined,
    alertEvents: ['EXITED', 'FATAL', 'INSTANCE_LOST', 'CONFLICT', 'MAJOR_FAILURE'],
    alertBatchSeconds: 10,
    alertMaxPerHour: 60,
  };
}

describe('config load-config', () => {
  describe('the Python Supvisors 0.19 fixtures', () => {
    const fixtureFiles = [
      'test-etc/supervisord.conf',
      'test-etc/supervisord_alt.conf',
      'test-etc/supervisord_alt_mc.conf',
      'test-etc/supervisord_mc.conf',
      'scenario_1/etc/supervisord_distributed.conf',
      'scenario_1/etc/supervisord_distributed_mc.conf',
      'scenario_1/etc/supervisord_localhost.conf',
    ];

    it('are refused in place, each with the line of [rpcinterface:supvisors] and the fix', () => {
      for (const name of fixtureFiles) {
        const file = join(fixtures, name);
        const message = refusal(() => loadConfig(file, { IDENTIFIER: 'supv-03' }, { hostname: 'rocky51' }));
        assert.match(message, new RegExp(`^invalid configuration \\(1 error\\):\\n${file}:\\d+: \\[rpcinterface:supvisors\\]: rename this header to \\[supvisors\\]`), name);
      }
    });

    it('test-etc/supervisord.conf', () => {
      const file = join(testEtc, 'supervisord.conf');
      const config = loadRenamed(file, {}, { cwd: testEtc, home: '/home/me', hostname: 'rocky51' });
      assert.equal(config.configFile, file);
      assert.equal(config.identifier, 'supervisor');
      assert.deepEqual(config.supervisor, { kind: 'unix', socketPath: '/tmp/supervisor.sock' });
      assert.deepEqual(config.http, { host: '0.0.0.0', port: 60001 });
      assert.deepEqual(config.options, {
        ...defaults(60001),
        softwareName: 'Supvisors Tests',
        supvisorsList: [
          entry('supv-01', '17.0.1.11', undefined, '17.0.1.11:60001', 'supv-01'),
          entry(undefined, 'supv02', undefined, 'supv02:60001', 'supv02'),
          entry('supv-03', '192.168.1.70', 30000, '192.168.1.70:30000', 'supv-03'),
        ],
        eventLink: 'ZMQ',
        eventPort: 60002,
        synchroOptions: ['LIST', 'CORE', 'TIMEOUT', 'USER'],
        synchroTimeout: 30,
        inactivityTicks: 3,
        coreIdentifiers: ['supv-01', 'supv-03'],
        disabilitiesFile: '/tmp/disabilities.json',
        statsCollectingPeriod: 1,
        statsPeriods: [2.5, 20, 160],
        statsHisto: 100,
        statsIrixMode: true,
        tailLimit: 52428800,
        tailfLimit: 52428800,
      });
      assert.deepEqual(config.warnings, [
        `${file}:21: [include] files: no file matches rocky51/*.ini`,
        `${file}:55: [ctlplugin:supvisors]: ${ctlpluginWarning}`,
        `${file}:30: [supvisors] rules_files: no file matches etc/my_movies*.xml`,
        `${file}:31: [supvisors] css_files: no file matches ui/test.css`,
        `${file}:28: [supvisors] software_icon: no file matches ../ui/img/icon.png`,
      ]);
    });

    it('test-etc/supervisord_alt.conf', () => {
      const file = join(testEtc, 'supervisord_alt.conf');
      const config = loadRenamed(file, { IDENTIFIER: 'supv-03' }, { cwd: testEtc, home: '/home/me', hostname: 'rocky52' });
      assert.deepEqual(config.supervisor, { kind: 'inet', host: '127.0.0.1', port: 30000 });
      assert.deepEqual(config.http, { host: '0.0.0.0', port: 30001 });
      assert.deepEqual(config.options, {
        ...defaults(30001),
        supvisorsList: [
          entry('supv-01', '17.0.1.11', 60000, '17.0.1.11:60000', 'supv-01'),
          entry(undefined, 'supv02', 60000, 'supv02:60000', 'supv02:60000'),
          entry('supv-03', '192.168.1.70', undefined, '192.168.1.70:30001', 'supv-03'),
        ],
        stereotypes: ['third'],
        synchroOptions: ['LIST', 'CORE', 'TIMEOUT', 'USER'],
        synchroTimeout: 30,
        inactivityTicks: 3,
        coreIdentifiers: ['supv-01', 'supv-03'],
        statsPeriods: [5, 60, 600],
        statsHisto: 100,
      });
      assert.deepEqual(config.warnings, [`${file}:43: [ctlplugin:supvisors]: ${ctlpluginWarning}`, `${file}:25: [supvisors] rules_files: no file matches etc/my_movies*.xml`]);
    });

    it('test-etc/supervisord_alt_mc.conf: discovery, CORE dropped for want of core_identifiers', () => {
      const file = join(testEtc, 'supervisord_alt_mc.conf');
      const config = loadRenamed(file, { IDENTIFIER: 'supv-03' }, { cwd: testEtc, home: '/home/me', hostname: 'rocky52' });
      assert.deepEqual(config.options, {
        ...defaults(30001),
        multicastGroup: { address: '239.0.0.1', port: 60001 },
        synchroOptions: ['LIST', 'TIMEOUT', 'USER'],
        synchroTimeout: 20,
        inactivityTicks: 3,
        statsPeriods: [5, 60, 600],
        statsHisto: 100,
        statsIrixMode: true,
      });
      assert.ok(config.warnings.includes(`${file}:26: [supvisors] synchro_options: CORE removed because core_identifiers is empty`));
    });

    it('test-etc/supervisord_mc.conf', () => {
      const file = join(testEtc, 'supervisord_mc.conf');
      const config = loadRenamed(file, {}, { cwd: testEtc, home: '/home/me', hostname: 'rocky51' });
      assert.deepEqual(config.supervisor, { kind: 'unix', socketPath: '/tmp/supervisor.sock' });
      assert.deepEqual(config.options, {
        ...defaults(60001),
        multicastGroup: { address: '239.0.0.1', port: 60001 },
        eventLink: 'WS',
        eventPort: 60002,
        synchroOptions: ['LIST', 'TIMEOUT', 'USER'],
        synchroTimeout: 20,
        inactivityTicks: 3,
        disabilitiesFile: '/tmp/disabilities.json',
        statsCollectingPeriod: 1,
        statsPeriods: [2.5, 20, 160],
        statsHisto: 100,
        statsIrixMode: true,
        tailLimit: 52428800,
        tailfLimit: 52428800,
      });
    });

    it('scenario_1 supervisord_distributed.conf: STRICT kept with supvisors_list, CORE dropped', () => {
      const file = join(scenario, 'etc/supervisord_distributed.conf');
      const config = loadRenamed(file, {}, { cwd: scenario, home: '/home/me', hostname: 'rocky51' });
      assert.deepEqual(config.supervisor, { kind: 'inet', host: '127.0.0.1', port: 61000 });
      assert.deepEqual(config.options, {
        ...defaults(61001),
        supvisorsList: ['supv01', 'supv02', 'supv03'].map((host) => entry(undefined, host, undefined, `${host}:61001`, host)),
        synchroOptions: ['STRICT', 'TIMEOUT'],
        rulesFiles: [join(scenario, 'etc/supvisors_rules.xml')],
      });
      assert.deepEqual(config.warnings, [
        `${file}:26: [ctlplugin:supvisors]: ${ctlpluginWarning}`,
        `${file}: [supvisors] synchro_options: CORE removed because core_identifiers is empty`,
      ]);
    });

    it('scenario_1 supervisord_distributed_mc.conf and supervisord_localhost.conf: TIMEOUT only', () => {
      const host = { cwd: scenario, home: '/home/me', hostname: 'rocky53' };
      const rulesFiles = [join(scenario, 'etc/supvisors_rules.xml')];
      const distributed = loadRenamed(join(scenario, 'etc/supervisord_distributed_mc.conf'), {}, host);
      assert.deepEqual(distributed.options, { ...defaults(61001), multicastGroup: { address: '239.0.0.1', port: 61001 }, autoFence: true, synchroOptions: ['TIMEOUT'], rulesFiles });
      const localhost = loadRenamed(join(scenario, 'etc/supervisord_localhost.conf'), {}, host);
      assert.deepEqual(localhost.options, { ...defaults(61001), synchroOptions: ['TIMEOUT'], rulesFiles });
      assert.ok(localhost.warnings.some((warning) => warning.endsWith('[supvisors] synchro_options: STRICT removed because supvisors_list is empty')));
    });
  });

  describe('files of our own', () => {
    let dir: TempDir;
    beforeEach(() => (dir = new TempDir()));
    afterEach(() => dir.remove());

    it('loads the example of spec/config.md §8 under [supvisors], with includes and our options', () => {
      dir.write({
        'supervisord.conf': [
          '[inet_http_server]',
          'port=:60000',
          'username = cliche',
          'password = p@$$w0rd',
          '[supervisord]',
          'logfile=./log/supervisord.log',
          'identifier=supv01',
          '[include]',
          'files = common/*/*.ini',
          '[supvisors]',
          'supvisors_list = <supv01>node1,<supv02>node2:60001,node3',
          'rules_files = %(here)s/etc/rules*.xml',
          'stereotypes = server',
          'core_identifiers = supv01,supv02',
          'synchro_options = STRICT,TIMEOUT,CORE',
          'synchro_timeout = 30',
          'event_link = WS',
          'event_port = 60002',
          'stats_periods = 5,60',
          'disabilities_file = %(here)s/run/disabilities.json',
          'numprocs_file = ~/run/numprocs.json',
          'api_version = 0.19',
          'logfile = AUTO',
        ].join('\n'),
        'common/apps/programs.ini': '[program:x]\ncommand = sleep 1\n',
        'etc/rules.xml': '',
        'etc/rules_more.xml': '',
      });
      const config = loadConfig('supervisord.conf', {}, { cwd: dir.path, home: '/home/me', hostname: 'node1' });
      assert.equal(config.configFile, dir.file('supervisord.conf'));
      assert.equal(config.identifier, 'supv01');
      assert.deepEqual(config.supervisor, { kind: 'inet', host: '127.0.0.1', port: 60000, username: 'cliche', password: 'p@$$w0rd' });
      assert.deepEqual(config.http, { host: '0.0.0.0', port: 60001, username: 'cliche', password: 'p@$$w0rd' });
      assert.deepEqual(config.options, {
        ...defaults(60001),
        supvisorsList: [
          entry('supv01', 'node1', undefined, 'node1:60001', 'supv01'),
          entry('supv02', 'node2', 60001, 'node2:60001', 'supv02'),
          entry(undefined, 'node3', undefined, 'node3:60001', 'node3'),
        ],
        rulesFiles: [dir.file('etc/rules.xml'), dir.file('etc/rules_more.xml')],
        stereotypes: ['server'],
        coreIdentifiers: ['supv01', 'supv02'],
        synchroTimeout: 30,
        eventLink: 'WS',
        eventPort: 60002,
        statsPeriods: [5, 60],
        disabilitiesFile: dir.file('run/disabilities.json'),
        numprocsFile: '/home/me/run/numprocs.json',
        apiVersion: '0.19',
      });
      assert.deepEqual(config.warnings, []);
    });

    it('reports every problem at once, one per line, naming file, line, option and what is allowed', () => {
      dir.write({
        'supervisord.conf': supervisordConf('synchro_timeout = 5000\nstats_periods = 1,2,3,4\nhttp_port = 0\nbroken line', '[include]\nfiles = more.ini\n'),
        'more.ini': '[supervisord]\n',
      });
      const file = dir.file('supervisord.conf');
      assert.equal(
        refusal(() => loadConfig(file, {}, { cwd: dir.path })),
        [
          'invalid configuration (5 errors):',
          `${file}:10: expected [section], key = value or key: value, got broken line`,
          `${dir.file('more.ini')}:1: [supervisord] already defined at ${file}:1`,
          `${file}:9: [supvisors] http_port = "0": expected an integer in 1..65535`,
          `${file}:7: [supvisors] synchro_timeout = "5000": expected an integer in 0..1200`,
          `${file}:8: [supvisors] stats_periods = "1,2,3,4": expected 1 to 3 comma-separated numbers in 1..3600 (seconds)`,
        ].join('\n'),
      );
    });

    it('reports the consistency errors once the options are valid', () => {
      dir.write({ 'supervisord.conf': supervisordConf('synchro_options = STRICT,CORE\nhttp_port = 60000') });
      const file = dir.file('supervisord.conf');
      assert.equal(
        refusal(() => loadConfig(file, {}, { cwd: dir.path })),
        [
          'invalid configuration (2 errors):',
          `${file}:7: [supvisors] synchro_options: empty once CORE (needs core_identifiers) and STRICT (needs supvisors_list) are removed: add LIST, TIMEOUT or USER`,
          `${file}:8: [supvisors] http_port: 60000 is the [inet_http_server] port, which supervisord holds: choose another port`,
        ].join('\n'),
      );
    });

    it('refuses a mail half set up, and never repeats the value of an option that may hold a secret', () => {
      dir.write({ 'supervisord.conf': supervisordConf('alert_smtp_url = ftp://me:hunter2@mail.example.com\nalert_webhook_url = hooks.example.com/?token=s3cret\npeer_secret =') });
      const file = dir.file('supervisord.conf');
      const text = refusal(() => loadConfig(file, {}, { cwd: dir.path }));
      assert.ok(!/hunter2|s3cret/.test(text), text);
      assert.match(text, new RegExp(`${file}:7: \\[supvisors\\] alert_smtp_url \\(value not shown: it may hold a secret\\): expected a URL such as smtp://`));
      assert.match(text, new RegExp(`${file}:8: \\[supvisors\\] alert_webhook_url \\(value not shown: it may hold a secret\\): expected a URL`));
      dir.write({ 'supervisord.conf': supervisordConf('alert_smtp_url = smtp://mail.example.com') });
      assert.match(refusal(() => loadConfig(file, {}, { cwd: dir.path })), new RegExp(`\\[supvisors\\] alert_mail_to: missing, crash mails need both alert_smtp_url and alert_mail_to`));
    });

    it('refuses a missing file, naming it', () => {
      const file = dir.file('absent.conf');
      assert.match(refusal(() => loadConfig(file, {})), new RegExp(`^invalid configuration \\(1 error\\):\\n${file}: cannot read: ENOENT`));
    });

    it('uses the process environment, working directory and host name by default', () => {
      dir.write({ 'supervisord.conf': supervisordConf('software_name = %(ENV_PATH)s on %(host_node_name)s\nsupvisors_list = a') });
      const config = loadConfig(dir.file('supervisord.conf'));
      assert.match(config.options.softwareName, / on .+$/);
      assert.equal(config.options.softwareName.split(' on ')[0], process.env.PATH);
      assert.deepEqual(config.options.synchroOptions, ['STRICT', 'TIMEOUT']);
    });
  });
});
