import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { gatherLocalHost } from '../../../actors/instance-tracker/host-facts.js';
import { buildInstanceList } from '../../../cluster/instances.js';
import { defaultOptions } from '../state-machine/fixtures.js';

describe('host facts', () => {
  it('gathers the host name and the IPv4 addresses, loopback included, within the lookup bound', async () => {
    const started = Date.now();
    const { facts, network } = await gatherLocalHost(300);
    assert.ok(Date.now() - started < 2000);
    assert.equal(facts.hostname, hostname());
    assert.ok(facts.addresses.includes('127.0.0.1'));
    assert.match(network.machineId, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    assert.ok(network.nics.some((nic) => nic.internal && nic.address === '127.0.0.1'));
  });

  it('lets a loopback supvisors_list entry identify the local instance', async () => {
    const { facts } = await gatherLocalHost(300);
    const options = defaultOptions({
      httpPort: 61002,
      supvisorsList: [
        { nick: 'n1', host: '127.0.0.1', port: 61001, identifier: '127.0.0.1:61001', nickIdentifier: 'n1' },
        { nick: 'n2', host: '127.0.0.1', port: 61002, identifier: '127.0.0.1:61002', nickIdentifier: 'n2' },
      ],
    });
    const built = buildInstanceList(options, 'supervisor', facts);
    assert.ok(built.ok);
    assert.equal(built.value.localIdentifier, '127.0.0.1:61002');
  });
});
