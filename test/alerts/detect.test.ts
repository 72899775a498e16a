import assert from 'node:assert/strict';
import { factAlerts, modelFacts, noFacts, processAlert, type AlertFacts } from '../../alerts/detect.js';
import { applyReport, emptyModel } from '../../model/cluster-model.js';
import { rulesOf } from '../helpers/fakes/application-world.js';
import { localProcess } from '../helpers/local-process.js';

const rules = rulesOf(`<application name="app"><start_sequence>1</start_sequence>
  <programs><program name="core"><start_sequence>1</start_sequence><required>true</required></program><program name="extra"><start_sequence>2</start_sequence></program></programs></application>`);

describe('alerts detect', () => {
  it('alerts on FATAL and on an unexpected exit, not on an expected one nor other states', () => {
    const fatal = processAlert('a:60001', localProcess('app', 'core', 'FATAL', { spawnerr: 'Exited too quickly', expected: false }), 100);
    assert.deepEqual(fatal, { kind: 'FATAL', time: 100, identifier: 'a:60001', subject: 'app:core', message: 'app:core is FATAL on a:60001: Exited too quickly' });
    const exited = processAlert('a:60001', localProcess('app', 'core', 'EXITED', { exitstatus: 3, expected: false }), 100);
    assert.equal(exited?.kind, 'EXITED');
    assert.equal(exited?.message, 'app:core exited unexpectedly on a:60001 (exit status 3)');
    assert.equal(processAlert('a:60001', localProcess('app', 'core', 'EXITED', { exitstatus: 0, expected: true }), 100), undefined);
    for (const state of ['RUNNING', 'STOPPED', 'BACKOFF', 'STARTING'] as const) assert.equal(processAlert('a:60001', localProcess('app', 'core', state), 100), undefined);
  });

  it('alerts on an instance seen RUNNING then FAILED or STOPPED, once', () => {
    const running: AlertFacts = { ...noFacts, instances: new Map([['a', 'RUNNING'], ['b', 'RUNNING'], ['c', 'CHECKING']]) };
    const lost: AlertFacts = { ...noFacts, instances: new Map([['a', 'FAILED'], ['b', 'STOPPED'], ['c', 'STOPPED']]) };
    assert.deepEqual(
      factAlerts(running, lost, 5).map((alert) => [alert.kind, alert.identifier, alert.message]),
      [
        ['INSTANCE_LOST', 'a', 'instance a lost (now FAILED)'],
        ['INSTANCE_LOST', 'b', 'instance b lost (now STOPPED)'],
      ],
    );
    assert.deepEqual(factAlerts(lost, lost, 6), []);
    // an instance never seen running (starting up, CHECKING) is not lost
    assert.deepEqual(factAlerts(noFacts, lost, 6), []);
  });

  it('alerts on each new conflict and each application newly in major failure', () => {
    const before: AlertFacts = { ...noFacts, conflicts: new Set(['app:core']), majorFailures: new Set() };
    const after: AlertFacts = { ...noFacts, conflicts: new Set(['app:core', 'app:extra']), majorFailures: new Set(['app']) };
    assert.deepEqual(
      factAlerts(before, after, 7).map((alert) => [alert.kind, alert.subject]),
      [
        ['CONFLICT', 'app:extra'],
        ['MAJOR_FAILURE', 'app'],
      ],
    );
  });

  it('finds conflicts and applications in major failure by a crash in the model', () => {
    let model = applyReport(emptyModel, 'a', localProcess('app', 'core', 'RUNNING'), 1);
    model = applyReport(model, 'a', localProcess('app', 'extra', 'RUNNING'), 1);
    model = applyReport(model, 'b', localProcess('app', 'extra', 'RUNNING'), 1);
    assert.deepEqual(modelFacts(model, rules, 'CONFIG'), { conflicts: new Set(['app:extra']), majorFailures: new Set() });
    const crashed = applyReport(model, 'a', localProcess('app', 'core', 'EXITED', { expected: false, exitstatus: 1 }), 2);
    assert.deepEqual(modelFacts(crashed, rules, 'CONFIG').majorFailures, new Set(['app']));
    // a required process not started yet while its application runs is no crash
    const starting = applyReport(model, 'a', localProcess('app', 'core', 'STOPPED'), 2);
    assert.deepEqual(modelFacts(starting, rules, 'CONFIG').majorFailures, new Set());
  });
});
