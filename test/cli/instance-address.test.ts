import assert from 'node:assert/strict';
import { findInstance, instanceUrl, nicknames, type InstanceInfo } from '../../cli/instance-address.js';

const instance = (identifier: string, nick: string, node_name = '10.0.0.1', port = 60000): InstanceInfo => ({
  identifier,
  nick_identifier: nick,
  node_name,
  port,
  statecode: 3,
  statename: 'RUNNING',
  loading: 0,
  process_failure: false,
  remote_sequence_counter: 0,
  remote_time: 0,
  remote_mtime: 0,
  local_sequence_counter: 0,
  local_time: 0,
  local_mtime: 0,
});

describe('instances: by name, nicks, URL', () => {
  const instances = [instance('10.0.0.1:60000', 'node1'), instance('node1', 'node2', 'fe80::1', 61000)];

  it('finds an instance by identifier first, then by nick', () => {
    assert.equal(findInstance(instances, 'node1')?.nick_identifier, 'node2');
    assert.equal(findInstance(instances, 'node2')?.identifier, 'node1');
    assert.equal(findInstance(instances, '10.0.0.1:60000')?.nick_identifier, 'node1');
    assert.equal(findInstance(instances, 'node3'), undefined);
    assert.deepEqual([...nicknames(instances)], [
      ['10.0.0.1:60000', 'node1'],
      ['node1', 'node2'],
    ]);
  });

  it("gives the node's URL with the scheme of the client's node", () => {
    assert.equal(instanceUrl(instances[0], 'http://127.0.0.1:60000'), 'http://10.0.0.1:60000');
    assert.equal(instanceUrl(instances[1], 'https://svhost:60000'), 'https://[fe80::1]:61000');
  });
});
