import assert from 'node:assert/strict';
import { applyEvents, EMPTY_VIEW, fromSnapshot, hostStatsKey, reloadsAfter, withLocalRows, type ClusterView, type LocalProcess, type ReceivedEvent, type Snapshot } from '../../dashboard/model/cluster-view.js';
import type { ApplicationInfoPayload, ProcessInfoPayload } from '../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../payloads/instance-info.js';
import type { SupvisorsStatePayload } from '../../payloads/state-modes-payloads.js';

const supvisors = (state: SupvisorsStatePayload['fsm_statename']): SupvisorsStatePayload => ({
  identifier: 'n1', nick_identifier: 'n1', now_monotonic: 1, fsm_statecode: 0, fsm_statename: state, degraded_mode: false, discovery_mode: false,
  master_identifier: 'n1', starting_jobs: [], stopping_jobs: [], instance_states: { n1: 'RUNNING', n2: 'RUNNING' },
});
const instance = (identifier: string, loading = 0): InstanceInfoPayload => ({
  identifier, nick_identifier: identifier, node_name: 'localhost', port: 1, statecode: 3, statename: 'RUNNING', loading, process_failure: false,
  remote_sequence_counter: 0, remote_time: 0, remote_mtime: 0, local_sequence_counter: 0, local_time: 0, local_mtime: 0,
});
const application = (name: string, statename: ApplicationInfoPayload['statename']): ApplicationInfoPayload => ({
  application_name: name, managed: true, now_monotonic: 1, statecode: 0, statename, major_failure: false, minor_failure: false,
});
const processInfo = (group: string, name: string, statename: ProcessInfoPayload['statename'], identifiers: string[]): ProcessInfoPayload => ({
  application_name: group, process_name: name, now_monotonic: 1, statecode: 0, statename, expected_exit: true, last_event_mtime: 1, identifiers, extra_args: '',
});
const local = (identifier: string, group: string, name: string, statename: LocalProcess['statename'], pid = 0): LocalProcess => ({
  name, group, state: 0, statename, start: 100, stop: 0, now: 110, pid, description: 'pid 1, uptime 0:00:10', spawnerr: '', expected: true,
  start_monotonic: 0, stop_monotonic: 0, now_monotonic: 0, extra_args: '', startsecs: 0, stopwaitsecs: 10, process_index: 0, program_name: name,
  disabled: false, has_stdout: true, has_stderr: false, exitstatus: 0, local_mtime: 0, event_time: 0, uptime: 10, has_crashed: false, identifier, nick_identifier: identifier,
});

const snapshot: Snapshot = {
  supvisors: supvisors('OPERATION'),
  instances: [instance('n2'), instance('n1')],
  applications: [application('web', 'RUNNING'), application('batch', 'STOPPED')],
  processes: [processInfo('web', 'db', 'RUNNING', ['n1']), processInfo('solo', 'solo', 'STOPPED', [])],
  local: { n1: [local('n1', 'web', 'db', 'RUNNING', 42)], n2: [local('n2', 'web', 'db', 'STOPPED')] },
};

const event = <H extends ReceivedEvent['header']>(header: H, body: ReceivedEvent<H>['body']): ReceivedEvent => ({ header, body });

describe('dashboard cluster view (dashboard/model/cluster-view.ts)', () => {
  it('builds from a snapshot: instances in the order of their nicknames, applications and processes by name, namespecs as Supervisor writes them', () => {
    const view = fromSnapshot(snapshot);
    assert.deepEqual([...view.instances.keys()], ['n1', 'n2']);
    assert.deepEqual([...view.applications.keys()], ['batch', 'web']);
    assert.deepEqual([...view.processes.keys()], ['solo', 'web:db']);
    assert.equal(view.local.get('n1')?.get('web:db')?.pid, 42);
    assert.equal(view.revision, 1);
  });

  it('applies a batch in order, replacing only the maps it touches', () => {
    const before = fromSnapshot(snapshot);
    const after = applyEvents(before, [
      event('supvisors', supvisors('CONCILIATION')),
      event('instance', instance('n1', 35)),
      event('application', application('web', 'STOPPING')),
      event('application', application('web', 'STOPPED')),
      event('process', { ...processInfo('web', 'db', 'STOPPED', []) }),
    ]);
    assert.equal(after.supvisors?.fsm_statename, 'CONCILIATION');
    assert.equal(after.instances.get('n1')?.loading, 35);
    assert.equal(after.applications.get('web')?.statename, 'STOPPED');
    assert.deepEqual(after.processes.get('web:db')?.identifiers, []);
    assert.equal(after.local, before.local, 'untouched maps are the same objects');
    assert.equal(after.revision, before.revision + 1);
    assert.equal(applyEvents(after, []), after);
    // DELETED removes
    const deleted = applyEvents(after, [event('application', application('batch', 'DELETED')), event('process', { ...processInfo('solo', 'solo', 'STOPPED', []), statename: 'DELETED' })]);
    assert.deepEqual([...deleted.applications.keys()], ['web']);
    assert.deepEqual([...deleted.processes.keys()], ['web:db']);
  });

  it('keeps the instances\' rows current from the `event` shapes: state changes, a new process, removal, disability', () => {
    const view = fromSnapshot(snapshot);
    const stateChange = { identifier: 'n2', nick_identifier: 'n2', name: 'db', group: 'web', state: 20, now: 200, now_monotonic: 5, pid: 77, expected: true, spawnerr: '', extra_args: '-x', disabled: false, event_mtime: 5 };
    const running = applyEvents(view, [event('event', stateChange)]);
    const row = running.local.get('n2')?.get('web:db');
    assert.deepEqual([row?.statename, row?.pid, row?.extra_args, row?.has_stdout], ['RUNNING', 77, '-x', true], 'what the event does not carry is kept');
    assert.equal(running.local.get('n1'), view.local.get('n1'), 'the other instance keeps its rows');
    const crashed = applyEvents(running, [event('event', { ...stateChange, state: 100, expected: false, now: 300 })]);
    assert.deepEqual([crashed.local.get('n2')?.get('web:db')?.statename, crashed.local.get('n2')?.get('web:db')?.has_crashed, crashed.local.get('n2')?.get('web:db')?.stop], ['EXITED', true, 300]);
    const added = applyEvents(view, [event('event', { ...stateChange, name: 'new', group: 'web', state: 10 })]);
    assert.equal(added.local.get('n2')?.get('web:new')?.statename, 'STARTING');
    const { identifier: _identifier, nick_identifier: _nick, local_mtime: _mtime, event_time: _time, uptime: _uptime, has_crashed: _crashed, ...s5 } = local('n1', 'web', 'db', 'RUNNING');
    const disabled = applyEvents(view, [event('event', { ...s5, disabled: true })]);
    assert.deepEqual([disabled.local.get('n1')?.get('web:db')?.disabled, disabled.local.get('n2')?.get('web:db')?.disabled], [true, true]);
    // event (c) names no instance: the row goes when one instance holds it; held by several, they are loaded again
    const removal = event('event', { name: 'db', group: 'web', state: -1 });
    const removed = applyEvents(view, [removal]);
    assert.deepEqual([removed.local.get('n1')?.has('web:db'), removed.local.get('n2')?.has('web:db')], [true, true]);
    const answers = (): boolean => true;
    assert.deepEqual(reloadsAfter(view, [removal], answers), { snapshot: false, instances: ['n1', 'n2'] });
    const single = withLocalRows(view, 'n2', []);
    assert.deepEqual([applyEvents(single, [removal]).local.get('n1')?.has('web:db'), reloadsAfter(single, [removal], answers).instances], [false, []]);
    // a DELETED status: gone from every instance, every row goes
    const deleted = applyEvents(view, [event('process', { ...processInfo('web', 'db', 'STOPPED', []), statename: 'DELETED' })]);
    assert.deepEqual([deleted.processes.has('web:db'), deleted.local.get('n1')?.has('web:db'), deleted.local.get('n2')?.has('web:db')], [false, false, false]);
  });

  it('keeps the latest statistics per instance and period, across a new snapshot', () => {
    const hstats = { identifier: 'n1', now_monotonic: 1, target_period: 5, period: [0, 5] as [number, number], cpu: [10, 20], mem: 30, net_io: {}, disk_io: {}, disk_usage: {} };
    const view: ClusterView = applyEvents(fromSnapshot(snapshot), [event('hstats', hstats)]);
    assert.equal(view.hostStats.get(hostStatsKey('n1', 5))?.mem, 30);
    assert.equal(fromSnapshot(snapshot, view).hostStats.get(hostStatsKey('n1', 5))?.mem, 30);
    assert.equal(fromSnapshot(snapshot, EMPTY_VIEW).hostStats.size, 0);
  });

  it('asks for the snapshot again when the cluster reaches the states that answer applications, and for the rows of an instance coming up', () => {
    const answers = (state: string): boolean => ['DISTRIBUTION', 'OPERATION', 'CONCILIATION'].includes(state);
    const syncing = fromSnapshot({ ...snapshot, supvisors: supvisors('SYNCHRONIZATION'), applications: [], processes: [], local: {}, instances: [{ ...instance('n1'), statename: 'CHECKING' }] });
    assert.deepEqual(reloadsAfter(syncing, [event('supvisors', supvisors('ELECTION'))], answers), { snapshot: false, instances: [] });
    assert.deepEqual(reloadsAfter(syncing, [event('supvisors', supvisors('ELECTION')), event('supvisors', supvisors('DISTRIBUTION'))], answers), { snapshot: true, instances: [] });
    const operating = fromSnapshot(snapshot);
    assert.deepEqual(reloadsAfter(operating, [event('supvisors', supvisors('CONCILIATION'))], answers), { snapshot: false, instances: [] });
    assert.deepEqual(reloadsAfter(syncing, [event('instance', instance('n1'))], answers), { snapshot: false, instances: ['n1'] });
    assert.deepEqual(reloadsAfter(operating, [event('instance', instance('n1', 50))], answers), { snapshot: false, instances: [] }, 'already RUNNING');
    const joined = withLocalRows(operating, 'n3', [local('n3', 'web', 'db', 'RUNNING', 9)]);
    assert.equal(joined.local.get('n3')?.get('web:db')?.pid, 9);
    assert.equal(joined.local.get('n1'), operating.local.get('n1'));
  });

  it('applies our extension headers as the statuses they carry, and loads the rows of the RUNNING instances after a process added', () => {
    const answers = (state: string): boolean => ['DISTRIBUTION', 'OPERATION', 'CONCILIATION'].includes(state);
    const before = fromSnapshot(snapshot);
    const batch = [event('application_added', application('extra', 'STOPPED')), event('process_added', processInfo('web', 'db_01', 'STOPPED', []))];
    const after = applyEvents(before, batch);
    assert.deepEqual(after.applications.get('extra'), application('extra', 'STOPPED'));
    assert.deepEqual(after.processes.get('web:db_01'), processInfo('web', 'db_01', 'STOPPED', []));
    assert.deepEqual([...after.processes.keys()], ['solo', 'web:db', 'web:db_01']);
    assert.deepEqual(reloadsAfter(before, batch, answers), { snapshot: false, instances: ['n1', 'n2'] });
    assert.deepEqual(reloadsAfter(before, [event('application_added', application('extra', 'STOPPED'))], answers), { snapshot: false, instances: [] });
    const oneDown = fromSnapshot({ ...snapshot, instances: [instance('n1'), { ...instance('n2'), statename: 'STOPPED' }] });
    assert.deepEqual(reloadsAfter(oneDown, [...batch, event('instance', instance('n1'))], answers), { snapshot: false, instances: ['n1'] });
    // the DELETED statuses of 0.19 take them away again
    const removed = applyEvents(after, [event('process', { ...processInfo('web', 'db_01', 'STOPPED', []), statename: 'DELETED' }), event('application', application('extra', 'DELETED'))]);
    assert.ok(!removed.processes.has('web:db_01') && !removed.applications.has('extra'));
  });
});
