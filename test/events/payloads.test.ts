import assert from 'node:assert/strict';
import { type ClusterInstance } from '../../cluster/instances.js';
import { initialStateModes, setLocalModes } from '../../cluster/state-records.js';
import { encodeJson } from '../../events/json.js';
import {
  applicationDeletedEvent,
  applicationStatusEvent,
  forcedStateEvent,
  hostStatisticsEvent,
  instanceStatusEvent,
  processDeletedStatusEvent,
  processDisabilityEvent,
  processRemovedEvent,
  processStateEvent,
  processStatisticsEvent,
  processStatusEvent,
  supvisorsStatusEvent,
} from '../../events/payloads.js';
import { applicationView, type ApplicationView } from '../../model/applications.js';
import { applyReport, emptyModel, type ClusterModel, type ProcessRecord } from '../../model/cluster-model.js';
import { mergeRules } from '../../rules/merge-rules.js';
import { parseRulesFile } from '../../rules/parse-rules.js';
import { localProcess } from '../helpers/local-process.js';

const A = 'svhost:60000';
const B = 'other:60000';

function instance(identifier: string, nick: string): ClusterInstance {
  const [host = '', port = '0'] = identifier.split(':');
  return { identifier, nickIdentifier: nick, host, port: Number(port), stereotypes: [], discovered: false, stereotypesKnown: true };
}

const rules = mergeRules([parseRulesFile('<?xml version="1.0"?>\n<root>\n</root>\n', 'rules.xml').rules]).rules;

function recordOf(model: ClusterModel, namespec: string): ProcessRecord {
  const found = model.processes.get(namespec);
  if (found === undefined) throw new Error(`no ${namespec}`);
  return found;
}

function viewOf(model: ClusterModel, name: string): ApplicationView {
  const found = applicationView(model, rules, name, 'CONFIG');
  if (found === undefined) throw new Error(`no application ${name}`);
  return found;
}

describe('event payloads (events.md §4)', () => {
  let model = emptyModel;
  model = applyReport(model, A, localProcess('app1', 'p_00', 'RUNNING', { pid: 42, extraArgs: '-x' }), 10);
  model = applyReport(model, B, localProcess('app1', 'p_01', 'STOPPED'), 11);

  it('supvisors: S1 with list jobs, now_monotonic a float', () => {
    let records = initialStateModes([instance(A, 'nick1'), instance(B, 'nick2')], A, false);
    records = setLocalModes(records, A, { state: 'OPERATION', masterIdentifier: A, startingJobs: true }).records;
    const event = supvisorsStatusEvent(records, A, 393_000);
    assert.equal(event.header, 'supvisors');
    assert.equal(
      encodeJson(event.body),
      '{"identifier": "svhost:60000", "nick_identifier": "nick1", "now_monotonic": 393.0, "fsm_statecode": 4, "fsm_statename": "OPERATION", ' +
        '"degraded_mode": false, "discovery_mode": false, "master_identifier": "svhost:60000", "starting_jobs": ["svhost:60000"], "stopping_jobs": [], ' +
        '"instance_states": {"svhost:60000": "STOPPED", "other:60000": "STOPPED"}}',
    );
  });

  it('instance: S2, times ints, mtimes floats', () => {
    const event = instanceStatusEvent({
      identifier: A,
      nickIdentifier: 'nick1',
      host: 'svhost',
      port: 60000,
      state: 'CHECKED',
      loading: 0,
      processFailure: false,
      heartbeat: { remote: { counter: 1, timeMs: 1_795_287_610_500, monotonicMs: 393_000 }, local: { round: 1, timeMs: 1_795_287_610_900, monotonicMs: 393_342.421133 } },
    });
    assert.equal(event.header, 'instance');
    assert.equal(
      encodeJson(event.body),
      '{"identifier": "svhost:60000", "nick_identifier": "nick1", "node_name": "svhost", "port": 60000, "statecode": 2, "statename": "CHECKED", ' +
        '"loading": 0, "process_failure": false, "remote_sequence_counter": 1, "remote_time": 1795287610, "remote_mtime": 393.0, ' +
        '"local_sequence_counter": 1, "local_time": 1795287610, "local_mtime": 393.342421133}',
    );
  });

  it('application: S3, and DELETED (4) when the last process is gone', () => {
    const event = applicationStatusEvent(viewOf(model, 'app1'), 400);
    assert.equal(event.header, 'application');
    assert.equal(
      encodeJson(event.body),
      '{"application_name": "app1", "managed": false, "now_monotonic": 400.0, "statecode": 2, "statename": "RUNNING", "major_failure": false, "minor_failure": false}',
    );
    assert.equal(
      encodeJson(applicationDeletedEvent('app1', true, 401.5).body),
      '{"application_name": "app1", "managed": true, "now_monotonic": 401.5, "statecode": 4, "statename": "DELETED", "major_failure": false, "minor_failure": false}',
    );
  });

  it('process: S4, and a last DELETED (-1) status running nowhere', () => {
    const record = recordOf(model, 'app1:p_00');
    const event = processStatusEvent(record, 400);
    assert.equal(event.header, 'process');
    assert.equal(
      encodeJson(event.body),
      '{"application_name": "app1", "process_name": "p_00", "now_monotonic": 400.0, "statecode": 20, "statename": "RUNNING", "expected_exit": true, ' +
        '"last_event_mtime": 10.0, "identifiers": ["svhost:60000"], "extra_args": "-x"}',
    );
    const deleted = processDeletedStatusEvent(record, 401);
    assert.equal(deleted.body['statecode'], -1);
    assert.equal(deleted.body['statename'], 'DELETED');
    assert.deepEqual(deleted.body['identifiers'], []);
  });

  it('event (a): a Supervisor state change, as observed in 0.19', () => {
    const event = processStateEvent({
      identifier: A,
      nickIdentifier: 'nick1',
      process: localProcess('app1', 'p_00', 'STARTING', { expected: true }),
      now: 1795287615.3268614,
      nowMonotonic: 398.140292418,
      eventMtime: 398.140651842,
    });
    assert.equal(event.header, 'event');
    assert.equal(
      encodeJson(event.body),
      '{"identifier": "svhost:60000", "nick_identifier": "nick1", "name": "p_00", "group": "app1", "state": 10, "now": 1795287615.3268614, ' +
        '"now_monotonic": 398.140292418, "pid": 0, "expected": true, "spawnerr": "", "extra_args": "", "disabled": false, "event_mtime": 398.140651842}',
    );
  });

  it('event (b): a forced state, no "disabled", pid 0, not expected, the reason as spawnerr', () => {
    const event = forcedStateEvent({
      identifier: '',
      nickIdentifier: '',
      group: 'app1',
      name: 'p_01',
      state: 'FATAL',
      now: 1795287620,
      nowMonotonic: 400,
      reason: 'No resource available',
      extraArgs: '',
      eventMtime: 400,
    });
    assert.equal(
      encodeJson(event.body),
      '{"identifier": "", "nick_identifier": "", "group": "app1", "name": "p_01", "state": 200, "now": 1795287620.0, "now_monotonic": 400.0, ' +
        '"pid": 0, "expected": false, "spawnerr": "No resource available", "extra_args": "", "event_mtime": 400.0}',
    );
  });

  it('event (c): a removed process is exactly {name, group, state: -1}', () => {
    assert.equal(encodeJson(processRemovedEvent('app1', 'p_02').body), '{"name": "p_02", "group": "app1", "state": -1}');
  });

  it('event (d): enable / disable sends the S5 struct, monotonic times as floats', () => {
    const event = processDisabilityEvent(localProcess('app1', 'p_00', 'STOPPED', { disabled: true, startMonotonic: 5, stopMonotonic: 6 }), { epoch: 1795287700.7, monotonic: 500 });
    assert.equal(event.header, 'event');
    const text = encodeJson(event.body);
    assert.ok(text.startsWith('{"name": "p_00", "group": "app1", "state": 0, "statename": "STOPPED", "start": 0, "stop": 0, "now": 1795287700, "pid": 0, '), text);
    assert.ok(text.includes('"start_monotonic": 5.0, "stop_monotonic": 6.0, "now_monotonic": 500.0'), text);
    assert.ok(text.includes('"disabled": true'), text);
    assert.ok(!('identifier' in event.body) && !('event_mtime' in event.body));
  });

  it("event (d): exactly 0.19's keys (spec/events.md §4.4 d), in its order, no exitstatus", () => {
    const event = processDisabilityEvent(localProcess('app1', 'p_00', 'STOPPED', { disabled: true }), { epoch: 1795287700.7, monotonic: 500 });
    assert.deepEqual(Object.keys(event.body), [
      'name', 'group', 'state', 'statename', 'start', 'stop', 'now', 'pid', 'description', 'spawnerr', 'expected',
      'start_monotonic', 'stop_monotonic', 'now_monotonic', 'extra_args', 'startsecs', 'stopwaitsecs', 'process_index', 'program_name',
      'disabled', 'has_stdout', 'has_stderr',
    ]);
  });

  it('hstats: floats everywhere, a CPU element 0 as the int 0, an integral target_period as an int (0.19 sends 10)', () => {
    const event = hostStatisticsEvent({
      identifier: A,
      now_monotonic: 393.345832417,
      target_period: 10,
      period: [0, 6.022399291999989],
      cpu: [36.17, 0, 28],
      mem: 2.6,
      net_io: { lo: [78160.89, 78160.89], eth0: [0, 0] },
      disk_io: { vda: [0, 2651.43] },
      disk_usage: { '/': 21.7 },
    });
    assert.equal(event.header, 'hstats');
    assert.equal(
      encodeJson(event.body),
      '{"identifier": "svhost:60000", "now_monotonic": 393.345832417, "target_period": 10, "period": [0.0, 6.022399291999989], "cpu": [36.17, 0, 28.0], ' +
        '"mem": 2.6, "net_io": {"lo": [78160.89, 78160.89], "eth0": [0.0, 0.0]}, "disk_io": {"vda": [0.0, 2651.43]}, "disk_usage": {"/": 21.7}}',
    );
  });

  it('pstats: floats except pid and an integral target_period', () => {
    const event = processStatisticsEvent({
      namespec: 'supervisord',
      identifier: A,
      pid: 11694,
      now_monotonic: 393.346267198,
      target_period: 7.5,
      period: [0, 6.022081915000001],
      cpu: 0.4981665879581441,
      mem: 0.37986875144045895,
    });
    assert.equal(
      encodeJson(event.body),
      '{"namespec": "supervisord", "identifier": "svhost:60000", "pid": 11694, "now_monotonic": 393.346267198, "target_period": 7.5, ' +
        '"period": [0.0, 6.022081915000001], "cpu": 0.4981665879581441, "mem": 0.37986875144045895}',
    );
  });
});
