/**
 * Payload shapes of the cluster XML-RPC methods on a 3-node cluster in OPERATION, as the spec
 * says (xmlrpc.md §5.1 S1, §5.2 S2, §5.9 S9, §7.1): exact key sets, types, orders, faults.
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, faultOf, list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';

const S1_KEYS = [
  'degraded_mode',
  'discovery_mode',
  'fsm_statecode',
  'fsm_statename',
  'identifier',
  'instance_states',
  'master_identifier',
  'nick_identifier',
  'now_monotonic',
  'starting_jobs',
  'stopping_jobs',
];
const S2_KEYS = [
  'identifier',
  'loading',
  'local_mtime',
  'local_sequence_counter',
  'local_time',
  'nick_identifier',
  'node_name',
  'port',
  'process_failure',
  'remote_mtime',
  'remote_sequence_counter',
  'remote_time',
  'statecode',
  'statename',
];
const FSM = ['OFF', 'SYNCHRONIZATION', 'ELECTION', 'DISTRIBUTION', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN', 'FINAL'];
const INSTANCE = ['STOPPED', 'CHECKING', 'CHECKED', 'RUNNING', 'FAILED', 'ISOLATED'];

const isInt = (value: XmlRpcValue | undefined): boolean => typeof value === 'number' && Number.isInteger(value);
const isFloat = (value: XmlRpcValue | undefined): boolean => typeof value === 'number' || value instanceof XmlRpcDouble;
const sortedKeys = (value: XmlRpcStruct): string[] => Object.keys(value).sort();

function checkS1(s1: XmlRpcStruct, jobs: 'list' | 'bool', where: string): void {
  assert.deepEqual(sortedKeys(s1), S1_KEYS, where);
  assert.equal(typeof s1['identifier'], 'string', where);
  assert.equal(typeof s1['nick_identifier'], 'string', where);
  assert.ok(isFloat(s1['now_monotonic']), `${where}: now_monotonic`);
  assert.ok(isInt(s1['fsm_statecode']), `${where}: fsm_statecode`);
  assert.equal(s1['fsm_statename'], FSM[s1['fsm_statecode'] as number], `${where}: fsm code/name`);
  assert.equal(typeof s1['degraded_mode'], 'boolean', where);
  assert.equal(s1['discovery_mode'], false, where);
  assert.equal(typeof s1['master_identifier'], 'string', where);
  for (const key of ['starting_jobs', 'stopping_jobs']) {
    if (jobs === 'list') assert.ok(Array.isArray(s1[key]), `${where}: ${key} is a list`);
    else assert.equal(typeof s1[key], 'boolean', `${where}: ${key} is a bool`);
  }
  const states = struct(s1['instance_states'] ?? {});
  for (const name of Object.values(states)) assert.ok(typeof name === 'string' && INSTANCE.includes(name), `${where}: instance state ${JSON.stringify(name)}`);
}

function checkS2(s2: XmlRpcStruct, node: ClusterNode, where: string): void {
  assert.deepEqual(sortedKeys(s2), S2_KEYS, where);
  assert.equal(s2['identifier'], node.identifier, where);
  assert.equal(s2['nick_identifier'], node.nick, where);
  assert.equal(s2['node_name'], '127.0.0.1', where);
  assert.equal(s2['port'], node.httpPort, where);
  assert.equal(s2['statename'], 'RUNNING', where);
  assert.equal(s2['statecode'], 3, where);
  assert.ok(isInt(s2['loading']), `${where}: loading`);
  assert.equal(s2['process_failure'], false, where);
  for (const key of ['remote_sequence_counter', 'remote_time', 'local_sequence_counter', 'local_time']) assert.ok(isInt(s2[key]), `${where}: ${key} int`);
  for (const key of ['remote_mtime', 'local_mtime']) assert.ok(isFloat(s2[key]), `${where}: ${key} float`);
  assert.ok((s2['remote_sequence_counter'] as number) > 0, `${where}: a heartbeat was received`);
}

describe('cluster XML-RPC payloads', function () {
  this.timeout(25_000);
  let cluster: Cluster | undefined;
  let nodes: readonly ClusterNode[] = [];
  before(async () => {
    cluster = await startCluster(3);
    nodes = cluster.nodes;
    await cluster.waitState(nodes, 'OPERATION', 15_000);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
  });
  const sortedNodes = (): ClusterNode[] => [...nodes].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  const rpc = (node: ClusterNode | undefined, method: string, params: XmlRpcValue[] = []): Promise<XmlRpcValue> => {
    if (cluster === undefined || node === undefined) throw new Error('no cluster');
    return cluster.call(node, method, params);
  };

  it('get_supvisors_state: S1 with jobs as lists, all RUNNING', async () => {
    for (const node of nodes) {
      const s1 = struct(await rpc(node, 'supvisors.get_supvisors_state'));
      checkS1(s1, 'list', node.nick);
      assert.equal(s1['identifier'], node.identifier);
      assert.equal(s1['nick_identifier'], node.nick);
      assert.equal(s1['fsm_statename'], 'OPERATION');
      assert.equal(s1['master_identifier'], nodes[0]?.identifier);
      assert.deepEqual(s1['instance_states'], Object.fromEntries(nodes.map((one) => [one.identifier, 'RUNNING'])));
    }
  });

  it('get_all_instances_state_modes: one S1 per instance, sorted by identifier, jobs as bools', async () => {
    for (const observer of nodes) {
      const all = list(await rpc(observer, 'supvisors.get_all_instances_state_modes')).map(struct);
      assert.deepEqual(all.map((s1) => s1['identifier']), sortedNodes().map((node) => node.identifier), observer.nick);
      for (const s1 of all) {
        checkS1(s1, 'bool', `${observer.nick} about ${JSON.stringify(s1['identifier'])}`);
        assert.equal(s1['fsm_statename'], 'OPERATION');
        assert.equal(s1['master_identifier'], nodes[0]?.identifier);
      }
    }
  });

  it('get_instance_state_modes: by identifier, by nick; unknown is BAD_NAME', async () => {
    const node2 = nodes[1];
    if (node2 === undefined) throw new Error('3 nodes expected');
    for (const name of [node2.identifier, node2.nick]) {
      const answer = list(await rpc(nodes[0], 'supvisors.get_instance_state_modes', [name])).map(struct);
      assert.equal(answer.length, 1, name);
      checkS1(answer[0] ?? {}, 'bool', name);
      assert.equal(answer[0]?.['identifier'], node2.identifier);
    }
    const fault = await faultOf(rpc(nodes[0], 'supvisors.get_instance_state_modes', ['nowhere:1']));
    assert.equal(fault.code, 10, fault.text);
  });

  it('get_all_instances_info: one S2 per instance, sorted by identifier', async () => {
    // a peer handshaken as soon as its link was up has sent no heartbeat yet: wait for one from each
    await waitFor('a heartbeat from every peer, seen by every node', async () => {
      const counters = await Promise.all(nodes.map(async (observer) => list(await rpc(observer, 'supvisors.get_all_instances_info')).map((s2) => struct(s2)['remote_sequence_counter'])));
      return counters.flat().every((counter) => typeof counter === 'number' && counter > 0);
    }, { timeoutMs: 5000, intervalMs: 50 });
    for (const observer of nodes) {
      const all = list(await rpc(observer, 'supvisors.get_all_instances_info')).map(struct);
      const expected = sortedNodes();
      assert.deepEqual(all.map((s2) => s2['identifier']), expected.map((node) => node.identifier), observer.nick);
      all.forEach((s2, index) => checkS2(s2, expected[index] ?? observer, `${observer.nick} about ${JSON.stringify(s2['identifier'])}`));
    }
  });

  it('get_instance_info: a list of one S2, by identifier or nick; unknown is BAD_NAME', async () => {
    const node3 = nodes[2];
    if (node3 === undefined) throw new Error('3 nodes expected');
    for (const name of [node3.identifier, node3.nick]) {
      const answer = list(await rpc(nodes[0], 'supvisors.get_instance_info', [name])).map(struct);
      assert.equal(answer.length, 1, name);
      checkS2(answer[0] ?? {}, node3, name);
    }
    const fault = await faultOf(rpc(nodes[0], 'supvisors.get_instance_info', ['nobody']));
    assert.equal(fault.code, 10, fault.text);
  });

  it('get_master_identifier, get_strategies, get_core_identifiers', async () => {
    for (const node of nodes) {
      assert.deepEqual(struct(await rpc(node, 'supvisors.get_master_identifier')), { identifier: nodes[0]?.identifier, nick_identifier: 'node1' });
      assert.deepEqual(struct(await rpc(node, 'supvisors.get_strategies')), {
        'auto-fencing': false,
        starting: 'CONFIG',
        conciliation: 'USER',
        supvisors_failure: 'CONTINUE',
      });
      assert.deepEqual(await rpc(node, 'supvisors.get_core_identifiers'), []);
    }
  });

  it('get_network_info: S9 of the local and of a remote instance', async () => {
    for (const target of nodes) {
      const s9 = struct(await rpc(nodes[0], 'supvisors.get_network_info', [target.identifier]));
      for (const key of ['identifier', 'nick_identifier', 'host_id', 'http_port', 'stereotypes']) assert.ok(key in s9, `${target.nick}: ${key}`);
      assert.equal(s9['identifier'], target.identifier);
      assert.equal(s9['nick_identifier'], target.nick);
      assert.equal(s9['host_id'], '127.0.0.1');
      assert.equal(s9['http_port'], target.httpPort);
      assert.ok(Array.isArray(s9['stereotypes']));
      const network = struct(s9['network'] ?? {});
      assert.equal(typeof network['machine_id'], 'string', `${target.nick}: network.machine_id`);
      assert.match(JSON.stringify(network['machine_id']).slice(1, -1), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      assert.equal(typeof network['fqdn'], 'string');
      assert.ok(network['addresses'] !== undefined && typeof network['addresses'] === 'object');
    }
    const fault = await faultOf(rpc(nodes[0], 'supvisors.get_network_info', ['nobody']));
    assert.equal(fault.code, 10, fault.text);
  });

  it('end_sync outside SYNCHRONIZATION is BAD_SUPVISORS_STATE', async () => {
    const fault = await faultOf(rpc(nodes[1], 'supvisors.end_sync', []));
    assert.equal(fault.code, 101, fault.text);
  });
});
