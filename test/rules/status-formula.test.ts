import assert from 'node:assert/strict';
import { evaluateOperationalStatus, parseStatusFormula } from '../../rules/status-formula.js';
import type { StatusFormula } from '../../rules/types.js';

function parsed(source: string): StatusFormula {
  const reading = parseStatusFormula(source);
  assert.ok(reading.ok, `${source}: ${reading.ok ? '' : reading.problem}`);
  return reading.formula;
}

function problem(source: string): string {
  const reading = parseStatusFormula(source);
  assert.ok(!reading.ok, `${source} was accepted`);
  return reading.problem;
}

const p = (text: string): StatusFormula => ({ kind: 'process', text });

describe('operational_status formulas', () => {
  describe('parsing', () => {
    it('parses the examples of the spec', () => {
      assert.deepEqual(parsed("all('.*')"), { kind: 'all', operand: p('.*') });
      assert.deepEqual(parsed(`all("register.*") and any('movie.*')`), { kind: 'and', operands: [{ kind: 'all', operand: p('register.*') }, { kind: 'any', operand: p('movie.*') }] });
      assert.deepEqual(parsed("not 'hmi'"), { kind: 'not', operand: p('hmi') });
    });

    it('follows Python precedence: not, then and, then or; parentheses group', () => {
      assert.deepEqual(parsed("'a' or 'b' and not 'c' or 'd'"), { kind: 'or', operands: [p('a'), { kind: 'and', operands: [p('b'), { kind: 'not', operand: p('c') }] }, p('d')] });
      assert.deepEqual(parsed("('a' or 'b') and 'c'"), { kind: 'and', operands: [{ kind: 'or', operands: [p('a'), p('b')] }, p('c')] });
      assert.deepEqual(parsed("not not 'a'"), { kind: 'not', operand: { kind: 'not', operand: p('a') } });
      assert.deepEqual(parsed("all(any('x') or 'y')"), { kind: 'all', operand: { kind: 'or', operands: [{ kind: 'any', operand: p('x') }, p('y')] } });
    });

    it('reads Python strings: quotes, escapes, raw and unicode prefixes', () => {
      assert.deepEqual(parsed(String.raw`'it\'s' and "say \"hi\"" and 'db_\d+' and r'a\'b' and u'x'`), {
        kind: 'and',
        operands: [p("it's"), p('say "hi"'), p(String.raw`db_\d+`), p(String.raw`a\'b`), p('x')],
      });
    });

    it('allows blanks and new lines inside parentheses, and around the formula', () => {
      assert.deepEqual(parsed("\n  all(\n'a'\n)  \n"), { kind: 'all', operand: p('a') });
    });

    it('refuses anything else, and more than one statement', () => {
      const table: [string, string][] = [
        ['', 'incomplete expression'],
        ["'a' or", 'incomplete expression'],
        ['hmi', "unexpected 'hmi' at column 1 (expected a string, not, all(...), any(...) or '(')"],
        ["len('a')", "unexpected 'len' at column 1 (expected a string, not, all(...), any(...) or '(')"],
        ["all('a', 'b')", "')' expected at column 8, found ','"],
        ["all 'a'", "'(' expected at column 5, found 'a'"],
        ["('a'", "')' expected at the end"],
        ["'a' 'b'", "unexpected 'b' at column 5"],
        ["'a' == 'b'", "unexpected '=' at column 5 (expected a string, and, or, not, all(...), any(...) or parentheses)"],
        ['1', "unexpected '1' at column 1 (expected a string, and, or, not, all(...), any(...) or parentheses)"],
        ["'abc", 'unterminated string at column 1'],
        ["all('a')\nany('b')", 'more than one statement'],
        ["'a'; 'b'", 'more than one statement'],
      ];
      for (const [source, expected] of table) assert.equal(problem(source), expected, source);
    });

    it('warns about strings that are no regular expression', () => {
      const reading = parseStatusFormula("'ok' and 'bad('");
      assert.ok(reading.ok);
      assert.equal(reading.warnings.length, 1);
      assert.match(reading.warnings[0] ?? '', /^'bad\(' is not a valid regular expression/);
    });
  });

  describe('evaluation', () => {
    const processes = new Map([
      ['register_1', true],
      ['register_2', true],
      ['movie_1', false],
      ['movie_2', true],
      ['hmi', false],
      ['a.b', true],
    ]);
    const evaluate = (source: string) => evaluateOperationalStatus(parsed(source), processes);

    it('gives the value of a process named exactly, else of the single process the expression fully matches', () => {
      assert.deepEqual(evaluate("'register_1'"), { ok: true, operational: true });
      assert.deepEqual(evaluate("'hm.'"), { ok: true, operational: false });
      assert.deepEqual(evaluate("'a.b'"), { ok: true, operational: true });
      assert.deepEqual(evaluate("not 'hmi'"), { ok: true, operational: true });
    });

    it('combines lists with all and any, booleans with and, or, not', () => {
      assert.deepEqual(evaluate("all('register.*')"), { ok: true, operational: true });
      assert.deepEqual(evaluate("all('movie.*')"), { ok: true, operational: false });
      assert.deepEqual(evaluate("any('movie.*')"), { ok: true, operational: true });
      assert.deepEqual(evaluate(`all("register.*") and any('movie.*')`), { ok: true, operational: true });
      assert.deepEqual(evaluate("all('register_1')"), { ok: true, operational: true });
      assert.deepEqual(evaluate("'hmi' or 'movie_2'"), { ok: true, operational: true });
      assert.deepEqual(evaluate("'hmi' or 'movie_1'"), { ok: true, operational: false });
      assert.deepEqual(evaluate("all('.*')"), { ok: true, operational: false });
    });

    it('fails (a major failure for the caller) on a name matching nothing or a list outside all/any', () => {
      assert.deepEqual(evaluate("'unknown'"), { ok: false, problem: "no process matches 'unknown'" });
      assert.deepEqual(evaluate("'register.*'"), { ok: false, problem: 'the formula needs one process, not a list (use all(...) or any(...))' });
      assert.deepEqual(evaluate("'hmi' and 'movie.*'"), { ok: false, problem: 'and needs one process, not a list (use all(...) or any(...))' });
      assert.deepEqual(evaluate("not 'movie.*'"), { ok: false, problem: 'not needs one process, not a list (use all(...) or any(...))' });
      assert.deepEqual(evaluate("'hmi' and 'nothing'"), { ok: false, problem: "no process matches 'nothing'" });
      assert.deepEqual(evaluate("'bad('"), { ok: false, problem: "no process matches 'bad('" });
    });

    it('matches the whole name, not a part', () => {
      assert.deepEqual(evaluate("any('movie')"), { ok: false, problem: "no process matches 'movie'" });
      assert.deepEqual(evaluate("all('.*_1')"), { ok: true, operational: false });
    });
  });
});
