import assert from 'node:assert/strict';
import { DEFAULT_EVENT_HEADERS, eventLine, parseEventsArgs, type EventMessage } from '../../cli/event-lines.js';
import type { EventBodies } from '../../events/payloads.js';

const at = new Date(2026, 0, 1, 12, 0, 1);
const nicks = new Map([
  ['10.0.0.1:60000', 'node1'],
  ['10.0.0.2:60000', 'node2'],
]);
const line = (message: EventMessage, color = false): string => eventLine(message, { nicks, at, color });

const stateEvent: EventBodies['event'] = {
  identifier: '10.0.0.2:60000',
  nick_identifier: 'node2',
  name: 'front',
  group: 'web',
  state: 20,
  now: 1,
  now_monotonic: 1,
  pid: 1234,
  expected: true,
  spawnerr: '',
  extra_args: '',
  disabled: false,
  event_mtime: 1,
};

describe('events: headers asked for and one line per message', () => {
  it('takes wire names, Python names and all; none: all but the statistics', () => {
    assert.deepEqual(parseEventsArgs([]), { headers: DEFAULT_EVENT_HEADERS });
    assert.deepEqual(parseEventsArgs(['event', 'process', 'process']), { headers: ['process', 'event'] });
    assert.deepEqual(parseEventsArgs(['HOST_STATISTICS', 'process_status', 'process_event']), { headers: ['process', 'event', 'hstats'] });
    assert.deepEqual(parseEventsArgs(['process', 'all']), { headers: ['supvisors', 'instance', 'application', 'process', 'event', 'hstats', 'pstats'] });
    assert.ok('error' in parseEventsArgs(['process', 'bogus']));
  });

  it('supvisors, instance, application: state and what is special', () => {
    const supvisors: EventBodies['supvisors'] = {
      identifier: '10.0.0.1:60000',
      nick_identifier: 'node1',
      now_monotonic: 1,
      fsm_statecode: 3,
      fsm_statename: 'OPERATION',
      degraded_mode: true,
      discovery_mode: false,
      master_identifier: '10.0.0.1:60000',
      starting_jobs: ['10.0.0.2:60000'],
      stopping_jobs: [],
      instance_states: {},
    };
    assert.equal(line({ header: 'supvisors', body: supvisors }), '12:00:01 supvisors OPERATION master node1 degraded starting node2');
    assert.equal(line({ header: 'supvisors', body: { ...supvisors, master_identifier: '', degraded_mode: false, starting_jobs: [] } }), '12:00:01 supvisors OPERATION master none');
    const instance: EventBodies['instance'] = {
      identifier: '10.0.0.2:60000',
      nick_identifier: 'node2',
      node_name: '10.0.0.2',
      port: 60000,
      statecode: 3,
      statename: 'RUNNING',
      loading: 25,
      process_failure: true,
      remote_sequence_counter: 1,
      remote_time: 1,
      remote_mtime: 1,
      local_sequence_counter: 1,
      local_time: 1,
      local_mtime: 1,
    };
    assert.equal(line({ header: 'instance', body: instance }), '12:00:01 instance node2 RUNNING loading 25% process failure');
    const application: EventBodies['application'] = { application_name: 'web', managed: true, now_monotonic: 1, statecode: 2, statename: 'RUNNING', major_failure: false, minor_failure: true };
    assert.equal(line({ header: 'application', body: application }), '12:00:01 application web RUNNING minor failure');
  });

  it('process: its namespec, state and where it runs', () => {
    const process: EventBodies['process'] = {
      application_name: 'web',
      process_name: 'front',
      now_monotonic: 1,
      statecode: 20,
      statename: 'RUNNING',
      expected_exit: true,
      last_event_mtime: 1,
      identifiers: ['10.0.0.2:60000', '10.0.0.9:60000'],
      extra_args: '',
    };
    assert.equal(line({ header: 'process', body: process }), '12:00:01 process web:front RUNNING on node2, 10.0.0.9:60000');
    assert.equal(line({ header: 'process', body: { ...process, process_name: 'web', statename: 'EXITED', expected_exit: false, identifiers: [] } }), '12:00:01 process web EXITED (unexpected)');
    assert.equal(line({ header: 'process', body: process }, true), '12:00:01 process web:front \x1b[32mRUNNING\x1b[0m on node2, 10.0.0.9:60000');
  });

  it('event: its four shapes', () => {
    assert.equal(line({ header: 'event', body: stateEvent }), '12:00:01 event web:front RUNNING on node2 pid 1234');
    assert.equal(line({ header: 'event', body: { ...stateEvent, state: 200, pid: 0, spawnerr: "can't find command" } }), "12:00:01 event web:front FATAL on node2 (can't find command)");
    const { disabled: _, ...forced } = stateEvent;
    assert.equal(line({ header: 'event', body: { ...forced, identifier: '', state: 200, pid: 0, spawnerr: 'No resource available' } }), '12:00:01 event web:front FATAL (forced: No resource available)');
    assert.equal(line({ header: 'event', body: { name: 'front', group: 'web', state: -1 } }), '12:00:01 event web:front removed');
    const disability: EventBodies['event'] = {
      name: 'front',
      group: 'web',
      state: 0,
      statename: 'STOPPED',
      start: 0,
      stop: 0,
      now: 1,
      pid: 0,
      description: 'Not started',
      spawnerr: '',
      expected: true,
      start_monotonic: 0,
      stop_monotonic: 0,
      now_monotonic: 1,
      extra_args: '',
      startsecs: 1,
      stopwaitsecs: 10,
      process_index: 0,
      program_name: 'front',
      disabled: true,
      has_stdout: true,
      has_stderr: false,
    };
    assert.equal(line({ header: 'event', body: disability }), '12:00:01 event web:front disabled');
  });

  it('statistics: cpu and memory of a node or a process', () => {
    const hstats: EventBodies['hstats'] = { identifier: '10.0.0.1:60000', now_monotonic: 1, target_period: 5, period: [0, 5], cpu: [12.34, 10, 14], mem: 45.6, net_io: {}, disk_io: {}, disk_usage: {} };
    assert.equal(line({ header: 'hstats', body: hstats }), '12:00:01 hstats node1 cpu 12.3% mem 45.6%');
    const pstats: EventBodies['pstats'] = { namespec: 'web:front', identifier: '10.0.0.2:60000', pid: 42, now_monotonic: 1, target_period: 5, period: [0, 5], cpu: 0, mem: 0.25 };
    assert.equal(line({ header: 'pstats', body: pstats }), '12:00:01 pstats web:front on node2 pid 42 cpu 0.0% mem 0.3%');
  });
});
