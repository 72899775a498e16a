import assert from 'node:assert/strict';
import { applyConsistencyRules } from '../../config/consistency.js';
import type { SupvisorsListEntry, SupvisorsOptions } from '../../config/types.js';

const entry: SupvisorsListEntry = { nick: undefined, host: 'h', port: undefined, identifier: 'h:60001', nickIdentifier: 'h' };

function options(overrides: Partial<SupvisorsOptions>): SupvisorsOptions {
  return {
    supvisorsList: [entry],
    stereotypes: [],
    coreIdentifiers: ['h'],
    multicastTtl: 1,
    synchroOptions: ['STRICT', 'TIMEOUT', 'CORE'],
    synchroTimeout: 15,
    inactivityTicks: 2,
    heartbeatPeriod: 0.25,
    heartbeatMisses: 4,
    autoFence: false,
    startingStrategy: 'CONFIG',
    conciliationStrategy: 'USER',
    supvisorsFailureStrategy: 'CONTINUE',
    rulesFiles: [],
    plugins: [],
    pluginTimeout: 5,
    cssFiles: [],
    softwareName: '',
    eventLink: 'NONE',
    eventPort: 60002,
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
    httpPort: 60001,
    apiVersion: '0.19.1',
    alertMailTo: [],
    alertMailFrom: 'supvisors@localhost',
    alertEvents: ['EXITED', 'FATAL', 'INSTANCE_LOST', 'CONFLICT', 'MAJOR_FAILURE'],
    alertBatchSeconds: 10,
    alertMaxPerHour: 60,
    ...overrides,
  };
}

const place = (name: string): string => `f.conf: [supvisors] ${name}`;

describe('config consistency', () => {
  it('keeps consistent options as they are, without a word', () => {
    const outcome = applyConsistencyRules(options({}), 60000, place);
    assert.deepEqual(outcome, { options: options({}), errors: [], warnings: [] });
  });

  it('removes CORE without core_identifiers and STRICT without supvisors_list, with a warning each', () => {
    const outcome = applyConsistencyRules(options({ supvisorsList: [], coreIdentifiers: [], synchroOptions: ['CORE', 'USER', 'STRICT'] }), 60000, place);
    assert.deepEqual(outcome.options.synchroOptions, ['USER']);
    assert.deepEqual(outcome.warnings, [
      'f.conf: [supvisors] synchro_options: CORE removed because core_identifiers is empty',
      'f.conf: [supvisors] synchro_options: STRICT removed because supvisors_list is empty',
    ]);
    assert.deepEqual(outcome.errors, []);
  });

  it('refuses synchro_options left empty by the rules', () => {
    const outcome = applyConsistencyRules(options({ supvisorsList: [], coreIdentifiers: [], synchroOptions: ['STRICT', 'CORE'] }), 60000, place);
    assert.deepEqual(outcome.errors, [
      'f.conf: [supvisors] synchro_options: empty once CORE (needs core_identifiers) and STRICT (needs supvisors_list) are removed: add LIST, TIMEOUT or USER',
    ]);
  });

  it('needs both tls_certfile and tls_keyfile, and ignores tls_cafile alone', () => {
    const half = applyConsistencyRules(options({ tlsCertfile: '/c.pem' }), 60000, place);
    assert.deepEqual(half.errors, ['f.conf: [supvisors] tls_keyfile: missing, TLS needs both tls_certfile and tls_keyfile']);
    const caOnly = applyConsistencyRules(options({ tlsCafile: '/ca.pem' }), 60000, place);
    assert.deepEqual(caOnly.errors, []);
    assert.ok(caOnly.warnings.includes('f.conf: [supvisors] tls_cafile: ignored without tls_certfile and tls_keyfile'));
    assert.deepEqual(applyConsistencyRules(options({ tlsCertfile: '/c.pem', tlsKeyfile: '/k.pem' }), 60000, place).errors, []);
  });

  it('forces supvisors_failure_strategy to CONTINUE with TIMEOUT, and only then', () => {
    const forced = applyConsistencyRules(options({ supvisorsFailureStrategy: 'SHUTDOWN' }), 60000, place);
    assert.equal(forced.options.supvisorsFailureStrategy, 'CONTINUE');
    assert.deepEqual(forced.warnings, ['f.conf: [supvisors] supvisors_failure_strategy: forced from SHUTDOWN to CONTINUE because synchro_options holds TIMEOUT']);
    const kept = applyConsistencyRules(options({ supvisorsFailureStrategy: 'RESYNC', synchroOptions: ['STRICT'] }), 60000, place);
    assert.equal(kept.options.supvisorsFailureStrategy, 'RESYNC');
    assert.deepEqual(kept.warnings, []);
  });

  it('refuses ports that collide, and an event port past 65535 when events are published', () => {
    assert.deepEqual(applyConsistencyRules(options({ httpPort: 60000 }), 60000, place).errors, [
      'f.conf: [supvisors] http_port: 60000 is the [inet_http_server] port, which supervisord holds: choose another port',
    ]);
    assert.deepEqual(applyConsistencyRules(options({ eventLink: 'WS', eventPort: 60001 }), 60000, place).errors, [
      'f.conf: [supvisors] event_port: 60001 is already the http_port: choose another port',
    ]);
    assert.deepEqual(applyConsistencyRules(options({ eventLink: 'ZMQ', eventPort: 60000 }), 60000, place).errors, [
      'f.conf: [supvisors] event_port: 60000 is already the [inet_http_server] port: choose another port',
    ]);
    assert.deepEqual(applyConsistencyRules(options({ eventLink: 'WS', httpPort: 65535, eventPort: 65536 }), undefined, place).errors, [
      'f.conf: [supvisors] event_port: the default, http_port + 1, is 65536: set an integer in 1..65535',
    ]);
    assert.deepEqual(applyConsistencyRules(options({ eventLink: 'NONE', eventPort: 60001 }), 60000, place).errors, []);
  });

  it('ZMQ cannot authenticate: refused with credentials unless the event port is opened on purpose', () => {
    const zmq = (credentialsSet: boolean, eventPortOpen: boolean, eventLink: 'ZMQ' | 'WS' = 'ZMQ'): readonly string[] =>
      applyConsistencyRules(options({ eventLink, eventPortOpen }), 60000, place, credentialsSet).errors;
    const [refused] = zmq(true, false);
    assert.match(refused ?? '', /^f\.conf: \[supvisors\] event_port_open: .*event_port_open = true/);
    assert.deepEqual(zmq(true, true), []);
    assert.deepEqual(zmq(false, false), []);
    assert.deepEqual(zmq(true, false, 'WS'), []);
  });
});
