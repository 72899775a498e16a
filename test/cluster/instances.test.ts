import assert from 'node:assert/strict';
import { parseSupvisorsList } from '../../config/supvisors-list.js';
import type { SupvisorsListEntry } from '../../config/types.js';
import {
  addDiscovered,
  buildInstanceList,
  implicitLocalInstance,
  initialIdentifiers,
  isLoopbackIPv4,
  learnStereotypes,
  resolveName,
  resolveNames,
  type HostFacts,
  type InstanceList,
} from '../../cluster/instances.js';

function entries(text: string, port: number): SupvisorsListEntry[] {
  const parsed = parseSupvisorsList(text, port);
  assert.ok(parsed.ok, text);
  return parsed.value;
}

const facts: HostFacts = {
  hostname: 'node1',
  addresses: ['127.0.0.1', '10.0.0.5'],
  reverse: new Map([
    ['10.0.0.5', { hostName: 'node1.example.org', aliases: ['node1-alias'], addresses: ['10.0.0.5'] }],
    ['127.0.0.1', { hostName: 'localhost', aliases: ['localhost.localdomain'], addresses: ['127.0.0.1'] }],
  ]),
};

function build(text: string, httpPort = 60000, hostFacts: HostFacts = facts, stereotypes: string[] = []): ReturnType<typeof buildInstanceList> {
  return buildInstanceList({ supvisorsList: entries(text, httpPort), httpPort, stereotypes }, 'supervisor', hostFacts);
}

function listOf(text: string, httpPort = 60000): InstanceList {
  const built = build(text, httpPort);
  assert.ok(built.ok, text);
  return built.value;
}

describe('cluster instances', () => {
  it('keeps the supvisors_list order and derives identifier, nick, host, port (config.md §4, §5)', () => {
    const list = listOf('<n2>node2:60001,node1,10.0.0.9');
    assert.deepEqual(
      list.instances.map((item) => [item.identifier, item.nickIdentifier, item.host, item.port, item.discovered]),
      [
        ['node2:60001', 'n2', 'node2', 60001, false],
        ['node1:60000', 'node1', 'node1', 60000, false],
        ['10.0.0.9:60000', '10.0.0.9', '10.0.0.9', 60000, false],
      ],
    );
    assert.equal(list.localIdentifier, 'node1:60000');
  });

  const localCases: [string, string, string][] = [
    ['the host name', 'node1', 'node1:60000'],
    ['an IPv4 address of a NIC', '10.0.0.5', '10.0.0.5:60000'],
    ['a reverse-lookup host name', 'node1.example.org', 'node1.example.org:60000'],
    ['a reverse-lookup alias', 'node1-alias', 'node1-alias:60000'],
    ['localhost (ours: loopback counts)', 'localhost', 'localhost:60000'],
    ['127.0.0.1 (ours: loopback counts)', '127.0.0.1', '127.0.0.1:60000'],
    ['any 127.0.0.0/8 literal, held by no NIC (ours)', '127.0.0.2', '127.0.0.2:60000'],
  ];
  for (const [what, host, expected] of localCases) {
    it(`identifies the local instance by ${what} and our http_port (config.md §4.1)`, () => {
      assert.equal(listOf(`remote,${host}`).localIdentifier, expected);
    });
  }

  it('ignores a local host written with another port: several instances share a machine on loopback (config.md §4.1)', () => {
    const list = listOf('<a>127.0.0.1:60001,<b>127.0.0.1:60002,<c>127.0.0.1:60003', 60002);
    assert.equal(list.localIdentifier, '127.0.0.1:60002');
  });

  it('fails with no-local-instance when no entry matches (config.md §4.1, §9)', () => {
    const built = build('remote1,remote2:60000');
    assert.ok(!built.ok);
    assert.equal(built.error.kind, 'no-local-instance');
    assert.match(built.error.message, /^could not find the Supvisors in supvisors_list/);
  });

  it('fails with several-local-instances when two entries match (config.md §4.1, §9)', () => {
    const built = build('node1,localhost');
    assert.ok(!built.ok);
    assert.deepEqual(built.error.kind === 'several-local-instances' ? built.error.identifiers : [], ['node1:60000', 'localhost:60000']);
  });

  it('matches host names exactly, as Python does (config.md §4.1)', () => {
    assert.equal(build('NODE1').ok, false);
  });

  it('recognises loopback literals only within 127.0.0.0/8', () => {
    const table: [string, boolean][] = [
      ['127.0.0.1', true],
      ['127.255.255.254', true],
      ['127.0.0.256', false],
      ['128.0.0.1', false],
      ['127.0.0', false],
      ['localhost', false],
    ];
    for (const [host, expected] of table) assert.equal(isLoopbackIPv4(host), expected, host);
  });

  it('builds the implicit single local instance when supvisors_list is empty (config.md §3.1, protocol.md §9)', () => {
    const table: [string, string][] = [
      ['supervisor', 'node1:60000'],
      ['', 'node1:60000'],
      ['supv01', 'supv01'],
    ];
    for (const [identifier, nick] of table) {
      const built = buildInstanceList({ supvisorsList: [], httpPort: 60000, stereotypes: [] }, identifier, facts);
      assert.ok(built.ok);
      assert.deepEqual(built.value.instances, [{ ...implicitLocalInstance(identifier, 'node1', 60000), stereotypesKnown: true }]);
      assert.equal(built.value.instances[0].nickIdentifier, nick, identifier);
      assert.equal(built.value.localIdentifier, 'node1:60000');
    }
  });

  it('sets the local stereotypes on the local instance only, once (config.md §4.3)', () => {
    const built = build('remote,node1', 60000, facts, ['server', 'server', 'db']);
    assert.ok(built.ok);
    assert.deepEqual(
      built.value.instances.map((item) => [item.identifier, item.stereotypes, item.stereotypesKnown]),
      [
        ['remote:60000', [], false],
        ['node1:60000', ['server', 'db'], true],
      ],
    );
  });

  it('appends discovered instances in arrival order, not in STRICT set (protocol.md §8, config.md §5)', () => {
    let list = listOf('node1');
    for (const [identifier, nick] of [['z:60000', 'z'], ['y:60000', 'y']]) {
      const added = addDiscovered(list, { identifier, nickIdentifier: nick, host: identifier.split(':')[0], port: 60000, stereotypes: ['edge'] });
      assert.ok(added.ok);
      list = added.value;
    }
    assert.deepEqual(
      list.instances.map((item) => item.identifier),
      ['node1:60000', 'z:60000', 'y:60000'],
    );
    assert.deepEqual(initialIdentifiers(list), ['node1:60000']);
    assert.deepEqual(list.instances[1].stereotypes, ['edge']);
    assert.equal(list.instances[1].discovered, true);
  });

  it('refuses a discovered instance already known, or whose nick or identifier conflicts (protocol.md §8)', () => {
    const list = listOf('<n1>node1,<n2>node2');
    const table: [string, string, string][] = [
      ['node2:60000', 'n2', 'already-known'],
      ['node2:60000', 'other', 'identifier-conflict'],
      ['node3:60000', 'n2', 'nick-conflict'],
    ];
    for (const [identifier, nick, kind] of table) {
      const added = addDiscovered(list, { identifier, nickIdentifier: nick, host: 'h', port: 60000 });
      assert.ok(!added.ok);
      assert.equal(added.error.kind, kind, `${identifier} ${nick}`);
    }
  });

  it('learns the stereotypes of a remote instance the first time only (protocol.md §9)', () => {
    let list = listOf('node1,node2');
    list = learnStereotypes(list, 'node2:60000', ['a', 'b']);
    list = learnStereotypes(list, 'node2:60000', ['c']);
    assert.deepEqual(list.instances[1].stereotypes, ['a', 'b']);
    assert.equal(learnStereotypes(list, 'unknown:1', ['x']), list);
  });

  describe('name resolution (xmlrpc.md §4, config.md §4.2–§4.3)', () => {
    const base = listOf('<n1>node1,<n2>node2,<n3>node3,<sv>node4');
    let list = learnStereotypes(base, 'node3:60000', ['server']);
    list = learnStereotypes(list, 'node2:60000', ['server']);
    list = learnStereotypes(list, 'node4:60000', ['n1']);

    const table: [string, string[]][] = [
      ['node2:60000', ['node2:60000']],
      ['n3', ['node3:60000']],
      ['server', ['node2:60000', 'node3:60000']],
      ['n1', ['node1:60000']],
      ['unknown', []],
    ];
    for (const [name, expected] of table) {
      it(`resolves ${name} (identifier, else nick, else stereotype in instance order)`, () => {
        assert.deepEqual(resolveName(list, name), expected);
      });
    }

    it('drops unknown names and repeats, keeping the first occurrence (core_identifiers, RPC parameters)', () => {
      assert.deepEqual(resolveNames(list, ['n3', 'server', 'nope', 'node3:60000', 'n1']), {
        identifiers: ['node3:60000', 'node2:60000', 'node1:60000'],
        unknown: ['nope'],
      });
    });
  });
});
