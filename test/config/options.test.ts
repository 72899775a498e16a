import assert from 'node:assert/strict';
import { expand, expansionVariables } from '../../config/expansion.js';
import { optionTable, type OptionContext, type OptionSpec } from '../../config/options.js';
import { accepted } from '../../config/values.js';
import { TempDir } from './temp-files.js';

describe('config options', () => {
  let dir: TempDir;
  let warnings: string[];
  let context: OptionContext;
  beforeEach(() => {
    dir = new TempDir();
    warnings = [];
    const variables = expansionVariables({ hostname: 'rocky51', env: {} }, '/etc/sv');
    context = { cwd: dir.path, home: '/home/me', httpPort: 60001, expand: (text) => expand(text, variables), warn: (text) => void warnings.push(text) };
  });
  afterEach(() => dir.remove());

  const parse = <T>(spec: OptionSpec<T>, text: string): ReturnType<OptionSpec<T>['parse']> => spec.parse(text, context);
  const problem = <T>(spec: OptionSpec<T>, text: string): string => {
    const parsed = parse(spec, text);
    assert.equal(parsed.ok, false, `${spec.name} accepted ${text}`);
    return parsed.ok ? '' : parsed.problem;
  };

  it('has the defaults of spec/config.md §3 (0.19.1) and ours', () => {
    const defaults = Object.fromEntries(Object.entries(optionTable).map(([field, spec]: [string, OptionSpec<unknown>]) => [field, spec.fallback(context)]));
    assert.deepEqual(defaults, {
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
      eventPort: 60002,
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
      logfileMaxbytes: 50 * 1024 * 1024,
      logfileBackups: 10,
      loglevel: 'info',
      apiVersion: '0.19.1',
      numprocsFile: undefined,
      peerSecret: undefined,
      pluginTimeout: 5,
      tlsCertfile: undefined,
      tlsKeyfile: undefined,
      tlsCafile: undefined,
      plugins: [],
      heartbeatPeriod: 0.25,
      heartbeatMisses: 4,
      alertMailTo: [],
      alertMailFrom: 'supvisors@localhost',
      alertSmtpUrl: undefined,
      alertWebhookUrl: undefined,
      alertEvents: ['EXITED', 'FATAL', 'INSTANCE_LOST', 'CONFLICT', 'MAJOR_FAILURE'],
      alertBatchSeconds: 10,
      alertMaxPerHour: 60,
    });
  });

  it('does not share mutable defaults between configurations', () => {
    assert.notEqual(optionTable.synchroOptions.fallback(context), optionTable.synchroOptions.fallback(context));
  });

  it('reads membership options', () => {
    assert.deepEqual(parse(optionTable.stereotypes, 'a, b,,a'), accepted(['a', 'b']));
    assert.deepEqual(parse(optionTable.coreIdentifiers, 'supv-01,supv-03'), accepted(['supv-01', 'supv-03']));
    const list = parse(optionTable.supvisorsList, '<n>h,h2:7000');
    assert.deepEqual(list.ok ? list.value.map((entry) => entry.identifier) : [], ['h:60001', 'h2:7000']);
    assert.deepEqual(parse(optionTable.multicastGroup, '239.0.0.1:60001'), accepted({ address: '239.0.0.1', port: 60001 }));
    assert.deepEqual(parse(optionTable.multicastInterface, '192.168.1.1'), accepted('192.168.1.1'));
    assert.deepEqual(parse(optionTable.multicastInterface, 'INADDR_ANY'), accepted(undefined));
    assert.deepEqual(parse(optionTable.multicastInterface, 'any'), accepted(undefined));
    assert.deepEqual(parse(optionTable.multicastTtl, '0'), accepted(0));
  });

  it('refuses bad membership values, saying what is allowed', () => {
    const group = 'expected ADDRESS:PORT with ADDRESS in 224.0.0.0..239.255.255.255 but not 224.0.0.0, 232.0.0.0, 233.0.0.0, 239.0.0.0, and PORT in 1..65535';
    for (const text of ['239.0.0.0:60001', '240.0.0.1:60001', '192.168.1.1:60001', '239.0.0.1', '239.0.0.1:0', '239.0.0:1']) {
      assert.equal(problem(optionTable.multicastGroup, text), group, text);
    }
    assert.equal(problem(optionTable.multicastInterface, '1.2.3.256'), 'expected a dotted IPv4 address, ANY or INADDR_ANY');
    assert.equal(problem(optionTable.multicastTtl, '256'), 'expected an integer in 0..255');
  });

  it('reads synchronization and strategy options in any case, synchro options deduplicated in order', () => {
    assert.deepEqual(parse(optionTable.synchroOptions, 'list, core ,TIMEOUT,user,List'), accepted(['LIST', 'CORE', 'TIMEOUT', 'USER']));
    assert.deepEqual(parse(optionTable.synchroOptions, ''), accepted([]));
    assert.equal(problem(optionTable.synchroOptions, 'LIST,SOON'), 'expected a comma-separated list of STRICT, LIST, TIMEOUT, CORE, USER (any case)');
    assert.deepEqual(parse(optionTable.synchroTimeout, '0'), accepted(0));
    assert.equal(problem(optionTable.synchroTimeout, '1201'), 'expected an integer in 0..1200');
    assert.equal(problem(optionTable.inactivityTicks, '1'), 'expected an integer in 2..720');
    assert.deepEqual(parse(optionTable.autoFence, 'True'), accepted(true));
    assert.deepEqual(parse(optionTable.startingStrategy, 'most_loaded_node'), accepted('MOST_LOADED_NODE'));
    // an upper-case name may be a plugin's: the runtime checks it against the plugins it loads
    assert.deepEqual(parse(optionTable.startingStrategy, 'ROUND_ROBIN'), accepted('ROUND_ROBIN'));
    assert.equal(problem(optionTable.startingStrategy, 'best'), "expected one of CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE (any case), or a plugin's upper-case name");
    assert.equal(problem(optionTable.conciliationStrategy, 'x'), "expected one of SENICIDE, INFANTICIDE, USER, STOP, RESTART, RUNNING_FAILURE (any case), or a plugin's upper-case name");
    assert.equal(problem(optionTable.supvisorsFailureStrategy, 'x'), 'expected one of CONTINUE, RESYNC, SHUTDOWN (any case)');
    assert.equal(problem(optionTable.eventLink, 'http'), 'expected one of NONE, ZMQ, WS (any case)');
  });

  it('expands file globs twice, resolves them against the working directory, sorted, distinct', () => {
    dir.write({ 'etc/rules_rocky51.xml': '', 'etc/b.xml': '', 'etc/a.xml': '', 'ui/x.css': '' });
    assert.deepEqual(parse(optionTable.rulesFiles, 'etc/*.xml %(host_node_name)s.xml etc/a.xml'), accepted([dir.file('etc/a.xml'), dir.file('etc/b.xml'), dir.file('etc/rules_rocky51.xml')]));
    assert.deepEqual(warnings, ['no file matches rocky51.xml']);
    assert.deepEqual(parse(optionTable.cssFiles, 'ui/*.css\n  missing.css'), accepted([dir.file('ui/x.css')]));
    assert.deepEqual(warnings, ['no file matches rocky51.xml', 'no file matches missing.css']);
    assert.deepEqual(parse(optionTable.softwareIcon, 'etc/[ab].xml'), accepted(dir.file('etc/a.xml')));
    assert.deepEqual(parse(optionTable.softwareIcon, 'none.png'), accepted(undefined));
    assert.match(problem(optionTable.rulesFiles, '%(program_name)s.xml'), /^unknown expansion %\(program_name\)s/);
  });

  it('refuses plugin globs matching no file (their strategies would be unknown), naming them', () => {
    dir.write({ 'plugins/a.mjs': '', 'plugins/b.mjs': '' });
    assert.deepEqual(parse(optionTable.plugins, 'plugins/*.mjs plugins/a.mjs'), accepted([dir.file('plugins/a.mjs'), dir.file('plugins/b.mjs')]));
    assert.equal(problem(optionTable.plugins, 'plugins/a.mjs missing.mjs lib/*.js'), 'expected existing plugin modules: no file matches missing.mjs, lib/*.js');
    assert.deepEqual(warnings, []);
  });

  it('resolves file paths with ~ and against the working directory', () => {
    assert.deepEqual(parse(optionTable.disabilitiesFile, '~/run/disabilities.json'), accepted('/home/me/run/disabilities.json'));
    assert.deepEqual(parse(optionTable.numprocsFile, 'run/numprocs.json'), accepted(dir.file('run/numprocs.json')));
    assert.equal(problem(optionTable.numprocsFile, ''), 'expected a file path');
  });

  it('reads byte sizes, statistics and logging options', () => {
    assert.deepEqual(parse(optionTable.tailLimit, '50MB'), accepted(52428800));
    assert.deepEqual(parse(optionTable.tailfLimit, '1kb'), accepted(1024));
    assert.deepEqual(parse(optionTable.statsEnabled, 'true'), accepted({ host: true, process: true }));
    assert.deepEqual(parse(optionTable.statsEnabled, 'off'), accepted({ host: false, process: false }));
    assert.deepEqual(parse(optionTable.statsEnabled, 'host'), accepted({ host: true, process: false }));
    assert.deepEqual(parse(optionTable.statsEnabled, 'OFF, Process, no'), accepted({ host: false, process: true }));
    const statsEnabled = 'expected a comma-separated list of OFF, HOST, PROCESS, ALL (any case) or booleans (true = ALL, false = OFF)';
    for (const text of ['', 'HOST,', 'disk']) assert.equal(problem(optionTable.statsEnabled, text), statsEnabled, text);
    assert.deepEqual(parse(optionTable.statsCollectingPeriod, '2.5'), accepted(2.5));
    assert.equal(problem(optionTable.statsCollectingPeriod, '0.5'), 'expected a number in 1..3600');
    assert.deepEqual(parse(optionTable.statsPeriods, '160, 2.5,20'), accepted([2.5, 20, 160]));
    for (const text of ['', '5,10,20,40', '5,,10', '0.5']) {
      assert.equal(problem(optionTable.statsPeriods, text), 'expected 1 to 3 comma-separated numbers in 1..3600 (seconds)', text);
    }
    assert.equal(problem(optionTable.statsHisto, '9'), 'expected an integer in 10..1500');
    assert.deepEqual(parse(optionTable.statsIrixMode, 'yes'), accepted(true));
    assert.deepEqual(parse(optionTable.loglevel, 'BLATHER'), accepted('blather'));
    assert.equal(problem(optionTable.loglevel, 'verbose'), 'expected one of critical, error, warn, info, debug, trace, blather (any case)');
    assert.deepEqual(parse(optionTable.logfileMaxbytes, '0'), accepted(0));
    assert.equal(problem(optionTable.logfileBackups, '-1'), 'expected an integer >= 0');
  });

  it('takes AUTO or a file in an existing directory as logfile', () => {
    assert.deepEqual(parse(optionTable.logfile, 'auto'), accepted('AUTO'));
    assert.deepEqual(parse(optionTable.logfile, 'supvisors.log'), accepted(dir.file('supvisors.log')));
    const expected = 'expected AUTO or the path of a file in an existing directory (NONE and SYSLOG are not supported)';
    assert.equal(problem(optionTable.logfile, 'NONE'), expected);
    assert.equal(problem(optionTable.logfile, 'syslog'), expected);
    assert.equal(problem(optionTable.logfile, 'log/supvisors.log'), `${expected}: ${dir.file('log')} does not exist`);
  });

  it('reads our own options', () => {
    assert.deepEqual(parse(optionTable.apiVersion, '0.19'), accepted('0.19'));
    assert.equal(problem(optionTable.apiVersion, ''), 'expected a version string such as 0.19.1');
  });

  it('takes existing files as tls_certfile, tls_keyfile, tls_cafile', () => {
    dir.write({ 'node.pem': 'PEM' });
    assert.deepEqual(parse(optionTable.tlsCertfile, 'node.pem'), accepted(dir.file('node.pem')));
    assert.equal(problem(optionTable.tlsKeyfile, 'missing.key'), `expected an existing file: ${dir.file('missing.key')} not found`);
    assert.equal(problem(optionTable.tlsCafile, ''), 'expected a file path');
  });

  it('reads our cluster options: peer_secret, heartbeat_period, heartbeat_misses', () => {
    assert.deepEqual(parse(optionTable.peerSecret, 's3cret'), accepted('s3cret'));
    assert.equal(problem(optionTable.peerSecret, ''), 'expected a non-empty secret');
    assert.deepEqual(parse(optionTable.heartbeatPeriod, '0.1'), accepted(0.1));
    assert.ok(problem(optionTable.heartbeatPeriod, '0.01') !== undefined);
    assert.ok(problem(optionTable.heartbeatPeriod, '11') !== undefined);
    assert.deepEqual(parse(optionTable.heartbeatMisses, '10'), accepted(10));
    assert.ok(problem(optionTable.heartbeatMisses, '1') !== undefined);
    assert.ok(problem(optionTable.heartbeatMisses, '2.5') !== undefined);
    assert.deepEqual(parse(optionTable.eventPort, '60010'), accepted(60010));
    assert.equal(problem(optionTable.eventPort, '0'), 'expected an integer in 1..65535');
  });
});
