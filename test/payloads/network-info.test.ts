import assert from 'node:assert/strict';
import { networkInfoPayload } from '../../payloads/network-info.js';
import { instance } from '../cluster/fixtures.js';

const A = 'a:1';

describe('network info payload', () => {
  it('builds S9 NetworkInfo, network only when known, loopback NICs left out (xmlrpc.md §5.9)', () => {
    const item = instance(A, 'nc', { stereotypes: ['server'] });
    assert.deepEqual(networkInfoPayload(item, undefined), { identifier: A, nick_identifier: 'nc', host_id: 'a', http_port: 1, stereotypes: ['server'] });
    const nic = { netmask: '255.0.0.0', hostName: 'h', aliases: ['al'], ipv4Addresses: ['10.0.0.5'] };
    const payload = networkInfoPayload(item, {
      machineId: '02:fc:00:00:00:01',
      fqdn: 'a.example.org',
      nics: [
        { ...nic, name: 'lo', address: '127.0.0.1', internal: true },
        { ...nic, name: 'eth0', address: '10.0.0.5', internal: false },
      ],
    });
    assert.deepEqual(payload.network, {
      machine_id: '02:fc:00:00:00:01',
      fqdn: 'a.example.org',
      addresses: { eth0: { host_name: 'h', aliases: ['al'], ipv4_addresses: ['10.0.0.5'], nic_info: { nic_name: 'eth0', ipv4_address: '10.0.0.5', netmask: '255.0.0.0' } } },
    });
  });
});
