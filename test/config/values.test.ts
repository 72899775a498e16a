import assert from 'node:assert/strict';
import {
  accepted,
  commaItems,
  distinctItems,
  isIpv4,
  parseBoolean,
  parseByteSize,
  parseChoice,
  parseInetAddress,
  parseInteger,
  parseNumber,
  parsePort,
  rejected,
} from '../../config/values.js';

describe('config values', () => {
  it('parses integers within inclusive bounds, and nothing Python int() alone would accept', () => {
    assert.deepEqual(parseInteger(' 15 ', 0, 1200), accepted(15));
    assert.deepEqual(parseInteger('+3', 0, 10), accepted(3));
    assert.deepEqual(parseInteger('1200', 0, 1200), accepted(1200));
    for (const text of ['1201', '-1', '1.5', '1_000', '0x10', '', 'ten']) {
      assert.deepEqual(parseInteger(text, 0, 1200), rejected('expected an integer in 0..1200'), text);
    }
    assert.deepEqual(parseInteger('-1', 0, Infinity), rejected('expected an integer >= 0'));
    assert.deepEqual(parseInteger('99999', 0, Infinity), accepted(99999));
  });

  it('parses numbers in decimal or scientific notation', () => {
    assert.deepEqual(parseNumber('2.5', 1, 3600), accepted(2.5));
    assert.deepEqual(parseNumber('.5e1', 1, 3600), accepted(5));
    for (const text of ['0.5', '3600.1', 'inf', 'nan', '1,5', '']) {
      assert.deepEqual(parseNumber(text, 1, 3600), rejected('expected a number in 1..3600'), text);
    }
  });

  it('parses ports in 1..65535', () => {
    assert.deepEqual(parsePort('65535'), accepted(65535));
    assert.equal(parsePort('0').ok, false);
    assert.equal(parsePort('65536').ok, false);
  });

  it('parses booleans as Supervisor does, any case', () => {
    for (const text of ['true', 'YES', 'On', '1']) assert.deepEqual(parseBoolean(text), accepted(true), text);
    for (const text of ['false', 'No', 'OFF', '0']) assert.deepEqual(parseBoolean(text), accepted(false), text);
    assert.deepEqual(parseBoolean('maybe'), rejected('expected a boolean: true, false, yes, no, on, off, 1 or 0'));
  });

  it('parses byte sizes as Supervisor does (powers of 1024)', () => {
    assert.deepEqual(parseByteSize('1024'), accepted(1024));
    assert.deepEqual(parseByteSize('1KB'), accepted(1024));
    assert.deepEqual(parseByteSize('50mb'), accepted(50 * 1024 * 1024));
    assert.deepEqual(parseByteSize('1GB'), accepted(1024 ** 3));
    assert.deepEqual(parseByteSize('0'), accepted(0));
    for (const text of ['1TB', '-1KB', '1.5MB', 'MB', '']) {
      assert.deepEqual(parseByteSize(text), rejected('expected a byte size: digits, optionally followed by KB, MB or GB (e.g. 1024, 50MB, 1GB)'), text);
    }
  });

  it('parses choices in any case into their canonical spelling', () => {
    assert.deepEqual(parseChoice('less_loaded', ['CONFIG', 'LESS_LOADED']), accepted('LESS_LOADED'));
    assert.deepEqual(parseChoice('BEST', ['CONFIG', 'LESS_LOADED']), rejected('expected one of CONFIG, LESS_LOADED (any case)'));
  });

  it('splits comma lists as list_of_strings does, and keeps distinct non-empty items', () => {
    assert.deepEqual(commaItems(''), []);
    assert.deepEqual(commaItems(' a , b,,a '), ['a', 'b', '', 'a']);
    assert.deepEqual(distinctItems(commaItems(' a , b,,a ')), ['a', 'b']);
  });

  it('recognises dotted IPv4 addresses, with an optional range for the first byte', () => {
    assert.equal(isIpv4('192.168.1.70'), true);
    assert.equal(isIpv4('256.0.0.1'), false);
    assert.equal(isIpv4('1.2.3'), false);
    assert.equal(isIpv4('1.2.3.x'), false);
    assert.equal(isIpv4('239.0.0.1', [224, 239]), true);
    assert.equal(isIpv4('240.0.0.1', [224, 239]), false);
  });

  it('parses [inet_http_server] port forms as inet_address does', () => {
    assert.deepEqual(parseInetAddress('9001'), accepted({ host: '', port: 9001 }));
    assert.deepEqual(parseInetAddress(':9001'), accepted({ host: '', port: 9001 }));
    assert.deepEqual(parseInetAddress('*:9001'), accepted({ host: '', port: 9001 }));
    assert.deepEqual(parseInetAddress('LocalHost:9001'), accepted({ host: 'localhost', port: 9001 }));
    assert.deepEqual(parseInetAddress('127.0.0.1:9001'), accepted({ host: '127.0.0.1', port: 9001 }));
    for (const text of ['127.0.0.1:', 'host', ':0', ':70000']) {
      assert.deepEqual(parseInetAddress(text), rejected('expected PORT, :PORT, *:PORT or HOST:PORT with PORT an integer in 1..65535'), text);
    }
  });
});
