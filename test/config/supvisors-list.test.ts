import assert from 'node:assert/strict';
import { parseSupvisorsList, parseSupvisorsListEntry } from '../../config/supvisors-list.js';
import { accepted } from '../../config/values.js';

describe('config supvisors-list', () => {
  it('derives identifiers and nick identifiers as spec/config.md §4 examples', () => {
    assert.deepEqual(parseSupvisorsListEntry('cliche81', 60001), { nick: undefined, host: 'cliche81', port: undefined, identifier: 'cliche81:60001', nickIdentifier: 'cliche81' });
    assert.deepEqual(parseSupvisorsListEntry('<cliche82>192.168.1.49', 60001), {
      nick: 'cliche82',
      host: '192.168.1.49',
      port: undefined,
      identifier: '192.168.1.49:60001',
      nickIdentifier: 'cliche82',
    });
    assert.deepEqual(parseSupvisorsListEntry('cliche83:60000', 60001), { nick: undefined, host: 'cliche83', port: 60000, identifier: 'cliche83:60000', nickIdentifier: 'cliche83:60000' });
    assert.deepEqual(parseSupvisorsListEntry('<supervisor>h:60000', 60001), { nick: 'supervisor', host: 'h', port: 60000, identifier: 'h:60000', nickIdentifier: 'h:60000' });
    assert.deepEqual(parseSupvisorsListEntry('<supervisor>h', 60001)?.nickIdentifier, 'h');
  });

  it('accepts the characters the grammar allows, and refuses the rest', () => {
    assert.equal(parseSupvisorsListEntry('<a_b-c:d.e>host_1-x.example.org:1000', 1)?.nickIdentifier, 'a_b-c:d.e');
    assert.equal(parseSupvisorsListEntry('<nœud>hôte', 1)?.identifier, 'hôte:1');
    for (const text of ['host:60000:65001', 'host:999', 'host:123456', 'host:70000', '<>host', '<a b>host', 'ho st', 'host:', '<a>', 'a/b']) {
      assert.equal(parseSupvisorsListEntry(text, 60001), undefined, text);
    }
  });

  it('trims items, drops empty ones and exact repeats, keeps order', () => {
    const parsed = parseSupvisorsList(' b , a,, b ,<n>c:60000 ', 60001);
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.value.map((entry) => entry.identifier),
      ['b:60001', 'a:60001', 'c:60000'],
    );
    assert.deepEqual(parseSupvisorsList('', 60001), accepted([]));
  });

  it('names every entry off the grammar and what is allowed', () => {
    assert.deepEqual(parseSupvisorsList('ok,host:60000:65001,a b', 60001), {
      ok: false,
      problem:
        '"host:60000:65001", "a b": expected entries [<NICK>]HOST[:PORT] (NICK: letters, digits, _ - : .; HOST: letters, digits, _ - .; PORT: 4 or 5 digits up to 65535)',
    });
  });

  it('refuses two entries with one identifier or one nick', () => {
    assert.deepEqual(parseSupvisorsList('a,a:60001,<x>b,<x>c', 60001), {
      ok: false,
      problem: 'identifier a:60001 defined twice, nick x defined twice: each entry needs its own HOST:PORT and nick',
    });
  });
});
