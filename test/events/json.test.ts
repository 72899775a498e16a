import assert from 'node:assert/strict';
import { decodeWsText, encodeEvent, encodeJson, encodeString, float, Float, markFloats, parseJson, pythonFloatRepr, toJsonValue, zmqFrames } from '../../events/json.js';

describe('events JSON encoding (Python json.dumps)', () => {
  it('writes floats as Python repr does', () => {
    const cases: [number, string][] = [
      [2, '2.0'],
      [0, '0.0'],
      [-0, '-0.0'],
      [-2.5, '-2.5'],
      [0.1, '0.1'],
      [393.34304, '393.34304'],
      [6.022399291999989, '6.022399291999989'],
      [1795287615.3268614, '1795287615.3268614'],
      [123456789, '123456789.0'],
      [1e15, '1000000000000000.0'],
      [Number('1234567890123456.7'), '1234567890123456.8'],
      [1e16, '1e+16'],
      [1.5e22, '1.5e+22'],
      [0.0001, '0.0001'],
      [0.00012, '0.00012'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ];
    for (const [value, expected] of cases) assert.equal(pythonFloatRepr(value), expected, `repr(${value})`);
  });

  it('keeps ints as ints and floats marked as floats', () => {
    assert.equal(encodeJson(0), '0');
    assert.equal(encodeJson(-0), '0');
    assert.equal(encodeJson(-3), '-3');
    assert.equal(encodeJson(1e21), '1000000000000000000000');
    assert.equal(encodeJson(2.5), '2.5');
    assert.equal(encodeJson(float(2)), '2.0');
    assert.equal(encodeJson(new Float(0)), '0.0');
    assert.equal(encodeJson([float(1), 1, 1.25]), '[1.0, 1, 1.25]');
  });

  it('matches Python byte for byte: separators, ensure_ascii, escapes, nesting', () => {
    // Expected text from CPython 3: json.dumps({"s": [...], "f": [0.0, 2.0, 1.5, 0, 3, 1e16], "nested": {...}})
    const strs = ['plain', 'quote " back \\ slash /', 'ctl \b\f\n\r\t \x00 \x1f \x7f', 'é ü 中文', '😀 astral', 'lone \ud800 x \udc00', '\u2028\u2029'];
    const body = { s: strs, f: [float(0), float(2), 1.5, -0, 3, float(1e16)], nested: { a: [], b: {}, c: null, d: true } };
    const python =
      '{"s": ["plain", "quote \\" back \\\\ slash /", "ctl \\b\\f\\n\\r\\t \\u0000 \\u001f \\u007f", "\\u00e9 \\u00fc \\u4e2d\\u6587", ' +
      '"\\ud83d\\ude00 astral", "lone \\ud800 x \\udc00", "\\u2028\\u2029"], "f": [0.0, 2.0, 1.5, 0, 3, 1e+16], ' +
      '"nested": {"a": [], "b": {}, "c": null, "d": true}}';
    assert.equal(encodeJson(body), python);
    assert.equal(encodeString('a\u00e9'), '"a\\u00e9"');
    assert.deepEqual(JSON.parse(python), JSON.parse(JSON.stringify({ ...body, f: [0, 2, 1.5, 0, 3, 1e16] })));
  });

  it('marks every number under the float keys, at any depth, keeping key order and leaving undefined out', () => {
    const payload = { a: 1, period: [0, 5], io: { eth0: [1, 2] }, mem: 3, pid: 7, note: undefined as string | undefined, name: 'x' };
    const marked = markFloats(payload, ['period', 'io', 'mem']);
    assert.deepEqual(Object.keys(marked), ['a', 'period', 'io', 'mem', 'pid', 'name']);
    assert.equal(encodeJson(marked), '{"a": 1, "period": [0.0, 5.0], "io": {"eth0": [1.0, 2.0]}, "mem": 3.0, "pid": 7, "name": "x"}');
  });

  it('refuses what JSON cannot carry', () => {
    assert.throws(() => toJsonValue(new Map()), /class Map/);
    assert.throws(() => toJsonValue({ when: new Date() }), /class Date/);
    assert.throws(() => toJsonValue(() => 1), /a function/);
  });

  it('makes the WS text frame and the ZMQ frames of one event', () => {
    const event = encodeEvent('supvisors', markFloats({ identifier: 'svhost:60000', now_monotonic: 393, fsm_statecode: 0 }, ['now_monotonic']));
    assert.equal(event.body, '{"identifier": "svhost:60000", "now_monotonic": 393.0, "fsm_statecode": 0}');
    assert.equal(event.text, '["supvisors", {"identifier": "svhost:60000", "now_monotonic": 393.0, "fsm_statecode": 0}]');
    assert.deepEqual(zmqFrames(event), ['supvisors', event.body]);
    assert.deepEqual(decodeWsText(event.text), { header: 'supvisors', body: { identifier: 'svhost:60000', now_monotonic: 393, fsm_statecode: 0 } });
  });

  it('reads frames back, Python non-finite numbers included, and refuses other shapes', () => {
    const decoded = decodeWsText('["hstats", {"cpu": [NaN, -Infinity, 1.0], "label": "NaN, x"}]');
    assert.ok(decoded !== undefined);
    const cpu = decoded.body['cpu'];
    assert.ok(Array.isArray(cpu));
    assert.ok(Number.isNaN(cpu[0]));
    assert.equal(cpu[1], -Infinity);
    assert.equal(decoded.body['label'], 'NaN, x');
    assert.equal(decodeWsText('not json'), undefined);
    assert.equal(decodeWsText('{"a": 1}'), undefined);
    assert.equal(decodeWsText('["a", {}, 3]'), undefined);
    assert.equal(decodeWsText('[1, {}]'), undefined);
    assert.equal(decodeWsText('["a", []]'), undefined);
    assert.equal(parseJson('[1, 2'), undefined);
  });
});
