import assert from 'node:assert/strict';
import { parseIni, type IniDocument } from '../../config/ini.js';

function values(document: IniDocument, section: string): Record<string, string> {
  const found = document.sections.find((candidate) => candidate.name === section);
  assert.ok(found, `no section ${section}`);
  return Object.fromEntries([...found.options.values()].map((option) => [option.key, option.value]));
}

describe('config ini', () => {
  it('reads sections and options with = or :, keys lower-cased, section names kept', () => {
    const document = parseIni('[Supvisors]\nSynchro_Options = LIST\nrules_files: a.xml\n[program:x]\ncommand=sleep 1\n', 'f.conf');
    assert.deepEqual(document.errors, []);
    assert.deepEqual(document.sections.map((section) => [section.name, section.file, section.line]), [
      ['Supvisors', 'f.conf', 1],
      ['program:x', 'f.conf', 4],
    ]);
    assert.deepEqual(values(document, 'Supvisors'), { synchro_options: 'LIST', rules_files: 'a.xml' });
    assert.equal(document.sections[0]?.options.get('rules_files')?.line, 3);
  });

  it('splits at the first delimiter and trims both sides', () => {
    const document = parseIni('[s]\na:b = c\nd = e:f\nempty =\n', 'f');
    assert.deepEqual(values(document, 's'), { a: 'b = c', d: 'e:f', empty: '' });
  });

  it('drops full-line comments and inline comments preceded by whitespace only', () => {
    const text = '; head\n# head\n[s] ; header comment\nurl = http://h:1/#anchor;x\nport = :60000 ; the port\nlist = a,b\t# tab comment\n  ; indented comment\n';
    const document = parseIni(text, 'f');
    assert.deepEqual(document.errors, []);
    assert.deepEqual(values(document, 's'), { url: 'http://h:1/#anchor;x', port: ':60000', list: 'a,b' });
  });

  it('continues a value on lines indented deeper than its option, keeping inner blank lines', () => {
    const text = '[include]\nfiles = common/*/*.ini\n        %(host_node_name)s/*.ini\n\n        last/*.ini\n\n\n[next]\n  a = 1\n  b = 2\n';
    const document = parseIni(text, 'f');
    assert.deepEqual(document.errors, []);
    assert.equal(values(document, 'include').files, 'common/*/*.ini\n%(host_node_name)s/*.ini\n\nlast/*.ini');
    assert.deepEqual(values(document, 'next'), { a: '1', b: '2' });
  });

  it('takes an indented [header] after an option for a continuation line, as Python does', () => {
    const document = parseIni('[s]\na = 1\n  [t]\n', 'f');
    assert.deepEqual(values(document, 's'), { a: '1\n[t]' });
    assert.equal(document.sections.length, 1);
  });

  it('does not keep comment lines inside a continued value', () => {
    const document = parseIni('[s]\nlist = a,\n  ; not me\n  b\n', 'f');
    assert.equal(values(document, 's').list, 'a,\nb');
  });

  it('accepts CRLF line ends and a leading byte order mark', () => {
    const document = parseIni('\uFEFF[s]\r\na = 1\r\nb = 2\r\n', 'f');
    assert.deepEqual(document.errors, []);
    assert.deepEqual(values(document, 's'), { a: '1', b: '2' });
  });

  it('merges repeated sections and keeps the last value of a repeated option, as Supervisor, with a warning each', () => {
    const text = '[s]\na = 1\nA = 2\n  continued\n[t]\n[s]\nb = 3\nc = 4\n';
    const document = parseIni(text, '/etc/x.conf');
    assert.deepEqual(document.errors, []);
    assert.deepEqual(document.warnings, [
      '/etc/x.conf:3: option a repeated in [s] (first at line 2): the last value counts, as in Supervisor',
      '/etc/x.conf:6: section [s] repeated (first at line 1): merged into it, as Supervisor does',
    ]);
    assert.deepEqual(values(document, 's'), { a: '2\ncontinued', b: '3', c: '4' });
    assert.deepEqual(values(document, 't'), {});
  });

  it('reports lines that are neither section, option nor comment', () => {
    const document = parseIni('orphan = 1\n[s]\njust words\n= no key\n[]\nok = 1\n', 'f');
    assert.deepEqual(document.errors, [
      'f:1: option outside of any section: orphan = 1',
      'f:3: expected [section], key = value or key: value, got just words',
      'f:4: expected [section], key = value or key: value, got = no key',
      'f:5: expected [section], key = value or key: value, got []',
    ]);
    assert.deepEqual(values(document, 's'), { ok: '1' });
  });
});
