import assert from 'node:assert/strict';
import { commaItems, readBoolean, readChoice, readLoading, readSequence } from '../../rules/values.js';

describe('rules values', () => {
  it('reads sequences as Python int() does, refusing negatives (errors)', () => {
    const table: [string, number | string][] = [
      ['0', 0],
      ['12', 12],
      [' 3 ', 3],
      ['+4', 4],
      ['007', 7],
      ['1_000', 1000],
      ['200', 200],
      ['-1', 'invalid value -1 (expected integer >= 0)'],
      ['1.5', "not an integer: '1.5'"],
      ['abc', "not an integer: 'abc'"],
      ['1__0', "not an integer: '1__0'"],
    ];
    for (const [text, expected] of table) {
      const reading = readSequence(text);
      assert.deepEqual(reading, typeof expected === 'number' ? { ok: true, value: expected } : { ok: false, level: 'error', problem: expected }, text);
    }
  });

  it('reads expected_loading as an integer in 0..100 (errors, as every refused value)', () => {
    assert.deepEqual(readLoading('0'), { ok: true, value: 0 });
    assert.deepEqual(readLoading('100'), { ok: true, value: 100 });
    assert.deepEqual(readLoading(' 25'), { ok: true, value: 25 });
    for (const text of ['101', '-1', 'x', '2.5']) {
      assert.deepEqual(readLoading(text), { ok: false, level: 'error', problem: `invalid value '${text}' (expected integer in 0..100)` });
    }
  });

  it('reads booleans as Supervisor does: case-insensitive words, no blanks', () => {
    for (const text of ['y', 'YES', 't', 'True', 'on', '1']) assert.deepEqual(readBoolean(text), { ok: true, value: true }, text);
    for (const text of ['n', 'No', 'f', 'FALSE', 'off', '0']) assert.deepEqual(readBoolean(text), { ok: true, value: false }, text);
    for (const text of [' true', 'maybe', '2']) {
      assert.deepEqual(readBoolean(text), { ok: false, level: 'error', problem: `not a boolean-like: '${text}' (expected one of y, yes, t, true, on, 1, n, no, f, false, off, 0)` });
    }
  });

  it('reads enumerations by their exact, case-sensitive name', () => {
    const names = ['ABORT', 'STOP', 'CONTINUE'];
    assert.deepEqual(readChoice('STOP', names), { ok: true, value: 'STOP' });
    assert.deepEqual(readChoice('stop', names), { ok: false, level: 'error', problem: "invalid value 'stop' (expected in [ABORT, STOP, CONTINUE])" });
    assert.deepEqual(readChoice(' STOP', names), { ok: false, level: 'error', problem: "invalid value ' STOP' (expected in [ABORT, STOP, CONTINUE])" });
  });

  it('splits lists on commas and trims each item', () => {
    assert.deepEqual(commaItems(' a , b,,c '), ['a', 'b', '', 'c']);
  });
});
