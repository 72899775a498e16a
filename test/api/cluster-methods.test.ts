import assert from 'node:assert/strict';
import { clusterMethods } from '../../api/supvisors/cluster-methods.js';
import { MethodTable } from '../../api/xmlrpc/method-table.js';
import { memoryLogger } from '../helpers/logger.js';
import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import type { ClosingReply, EndSyncReply, StateMachineMessage } from '../../actors/state-machine/messages.js';
import { ClusterView } from '../../actors/state-machine/view.js';
import { initialStateModes, setInstanceState, setLocalModes } from '../../cluster/state-records.js';
import { isSupvisorsError } from '../../errors/errors.js';
import { defaultOptions, instanceList, network } from '../actors/state-machine/fixtures.js';
import { RecordingRef } from '../helpers/fakes/recording-ref.js';

const A = '127.0.0.1:60001';
const B = '127.0.0.1:60002';

function setUp(answer: (message: StateMachineMessage) => unknown = () => ({ ok: true })): { view: ClusterView; methods: MethodTable; machine: RecordingRef<StateMachineMessage>; remote: RecordingRef<StateMachineMessage> } {
  const list = instanceList([A, B], A);
  const view = new ClusterView(list, initialStateModes(list.instances, A, false), defaultOptions({ coreIdentifiers: ['n2'] }), network);
  const machine = new RecordingRef<StateMachineMessage>('state-machine', answer);
  const remote = new RecordingRef<StateMachineMessage>('state-machine@B', () => ({ kind: 'done' }));
  const implementations = clusterMethods({ view, stateMachine: machine, remoteStateMachine: () => remote, monotonic: () => 1500 });
  const methods = new MethodTable({ implementations, state: () => view.state, log: memoryLogger().logger });
  return { view, methods, machine, remote };
}

function call(methods: MethodTable, name: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
  return methods.invoke(`supvisors.${name}`, params);
}

async function fault(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSupvisorsError(error)) return error.faultString;
    throw error;
  }
  throw new Error('no fault');
}

describe('cluster XML-RPC methods', () => {
  it('answer the status of the cluster from the view', async () => {
    const { view, methods } = setUp();
    view.records = setInstanceState(view.records, A, A, 'CHECKING').records;
    view.records = setInstanceState(view.records, A, A, 'CHECKED').records;
    view.records = setInstanceState(view.records, A, A, 'RUNNING').records;
    view.records = setLocalModes(view.records, A, { state: 'OPERATION', masterIdentifier: A }).records;
    const state = (await call(methods, 'get_supvisors_state')) as XmlRpcStruct;
    assert.equal(state['fsm_statename'], 'OPERATION');
    assert.deepEqual(state['now_monotonic'], new XmlRpcDouble(1.5));
    assert.deepEqual(state['starting_jobs'], []);
    assert.deepEqual(state['instance_states'], { [A]: 'RUNNING', [B]: 'STOPPED' });
    assert.deepEqual(await call(methods, 'get_master_identifier'), { identifier: A, nick_identifier: 'n1' });
    assert.deepEqual(await call(methods, 'get_strategies'), { 'auto-fencing': false, starting: 'CONFIG', conciliation: 'USER', supvisors_failure: 'CONTINUE' });
    assert.deepEqual(await call(methods, 'get_core_identifiers'), [B]);
    const infos = (await call(methods, 'get_all_instances_info')) as XmlRpcStruct[];
    assert.deepEqual(infos.map((info) => [info['identifier'], info['statename'], info['statecode']]), [[A, 'RUNNING', 3], [B, 'STOPPED', 0]]);
    assert.deepEqual(infos[1]?.['remote_mtime'], new XmlRpcDouble(0));
    const byNick = (await call(methods, 'get_instance_info', 'n2')) as XmlRpcStruct[];
    assert.equal(byNick[0]?.['identifier'], B);
    assert.equal(await fault(call(methods, 'get_instance_info', 'nobody')), 'BAD_NAME: identifier=nobody is unknown to Supvisors');
    const modes = (await call(methods, 'get_all_instances_state_modes')) as XmlRpcStruct[];
    assert.deepEqual(modes.map((mode) => [mode['identifier'], mode['starting_jobs']]), [[A, false], [B, false]]);
    assert.equal(((await call(methods, 'get_instance_state_modes', B)) as XmlRpcStruct[])[0]?.['fsm_statename'], 'OFF');
    const local = (await call(methods, 'get_network_info', 'n1')) as XmlRpcStruct;
    assert.equal(local['http_port'], 60001);
    assert.ok(local['network'] !== undefined);
    assert.equal(((await call(methods, 'get_network_info', B)) as XmlRpcStruct)['network'], undefined);
  });

  it('guard every supvisors method by the local state, before anything else', async () => {
    const { view, methods } = setUp();
    const probe = ['enable', 'get_api_version', 'restart', 'get_actor_diagnostics'].map((name) => ({ name: `supvisors.${name}`, call: () => true }));
    const guarded = new MethodTable({ implementations: probe, state: () => view.state, log: memoryLogger().logger });
    assert.equal(await fault(call(guarded, 'enable', 'prog')), "BAD_SUPVISORS_STATE: invalid Supvisors state=OFF - state expected in ['OPERATION']");
    assert.equal(
      await fault(call(guarded, 'restart')),
      "BAD_SUPVISORS_STATE: invalid Supvisors state=OFF - state expected in ['DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN']",
    );
    assert.equal(await call(guarded, 'get_api_version'), true);
    assert.equal(await call(guarded, 'get_actor_diagnostics'), true);
    assert.equal(await fault(call(methods, 'end_sync')), "BAD_SUPVISORS_STATE: invalid Supvisors state=OFF - state expected in ['SYNCHRONIZATION']");
    view.records = setLocalModes(view.records, A, { state: 'OPERATION' }).records;
    assert.equal(await call(guarded, 'enable', 'prog'), true);
  });

  it('end_sync relays the faults of the state machine; restart forwards to the Master', async () => {
    let endSync: EndSyncReply = { ok: false, fault: 'NOT_APPLICABLE', detail: 'USER expected in synchro_options' };
    let closing: ClosingReply = { kind: 'forward', master: B };
    const { view, methods, remote } = setUp((message) => (message.type === 'end-sync' ? endSync : closing));
    view.records = setLocalModes(view.records, A, { state: 'SYNCHRONIZATION' }).records;
    assert.equal(await fault(call(methods, 'end_sync', 'n1')), 'NOT_APPLICABLE: USER expected in synchro_options');
    endSync = { ok: true };
    assert.equal(await call(methods, 'end_sync', 'n1'), true);
    view.records = setLocalModes(view.records, A, { state: 'OPERATION' }).records;
    assert.equal(await call(methods, 'restart'), true);
    assert.deepEqual(remote.ofType('closing').map((message) => message.kind), ['restart']);
    closing = { kind: 'no-master' };
    await assert.rejects(Promise.resolve(call(methods, 'shutdown')), /no Master/);
  });
});
