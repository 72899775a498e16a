/**
 * `operational_status` (spec/rules.md §9): one Python expression made of process-name strings,
 * `and`, `or`, `not`, parentheses and the calls `all(x)` / `any(x)`. Python precedence: `not`
 * binds tighter than `and`, which binds tighter than `or`. Strings take Python's quotes, the
 * `r`/`u` prefixes and the escapes \\ \' \" \n \r \t (any other backslash stays, as in Python).
 * Blanks around the formula are allowed (Python would refuse leading ones as an indentation).
 */
import { fullMatch, patternProblem } from './patterns.js';
import type { StatusFormula } from './types.js';

type Token = { kind: 'string'; text: string; at: number } | { kind: 'name' | 'punct'; text: string; at: number };

export type FormulaReading = { ok: true; formula: StatusFormula; warnings: string[] } | { ok: false; problem: string };

class FormulaError extends Error {}

const escapes: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

function readString(source: string, start: number, raw: boolean): { text: string; end: number } {
  const quote = source.charAt(start);
  let text = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === quote) return { text, end: index + 1 };
    if (char === '\n') break;
    if (char === '\\' && index + 1 < source.length) {
      const next = source.charAt(index + 1);
      const escaped = raw ? undefined : escapes[next];
      // A raw string keeps the backslash, and so does Python for an escape it does not know.
      text += escaped ?? `\\${next}`;
      index += 2;
      continue;
    }
    text += char;
    index += 1;
  }
  throw new FormulaError(`unterminated string at column ${start + 1}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let lineEnded = false;
  let index = 0;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === '\n' && depth === 0) lineEnded = tokens.length > 0;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (lineEnded || char === ';') throw new FormulaError('more than one statement');
    const prefixed = /^[rRuU]['"]/.test(source.slice(index, index + 2));
    if (char === "'" || char === '"' || prefixed) {
      const { text, end } = readString(source, prefixed ? index + 1 : index, prefixed && /[rR]/.test(char));
      tokens.push({ kind: 'string', text, at: index });
      index = end;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(source.slice(index))?.[0];
    if (name !== undefined) {
      tokens.push({ kind: 'name', text: name, at: index });
      index += name.length;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
      tokens.push({ kind: 'punct', text: char, at: index });
      index += 1;
      continue;
    }
    throw new FormulaError(`unexpected '${char}' at column ${index + 1} (expected a string, and, or, not, all(...), any(...) or parentheses)`);
  }
  return tokens;
}

class FormulaParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): StatusFormula {
    const formula = this.or();
    const extra = this.tokens[this.index];
    if (extra !== undefined) throw new FormulaError(`unexpected '${extra.text}' at column ${extra.at + 1}`);
    return formula;
  }

  private peekName(text: string): boolean {
    const token = this.tokens[this.index];
    return token?.kind === 'name' && token.text === text;
  }

  private expectPunct(text: string): void {
    const token = this.tokens[this.index];
    if (token?.kind !== 'punct' || token.text !== text) {
      throw new FormulaError(token === undefined ? `'${text}' expected at the end` : `'${text}' expected at column ${token.at + 1}, found '${token.text}'`);
    }
    this.index += 1;
  }

  private or(): StatusFormula {
    const operands = [this.and()];
    while (this.peekName('or')) {
      this.index += 1;
      operands.push(this.and());
    }
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'or', operands };
  }

  private and(): StatusFormula {
    const operands = [this.not()];
    while (this.peekName('and')) {
      this.index += 1;
      operands.push(this.not());
    }
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'and', operands };
  }

  private not(): StatusFormula {
    if (!this.peekName('not')) return this.atom();
    this.index += 1;
    return { kind: 'not', operand: this.not() };
  }

  private atom(): StatusFormula {
    const token = this.tokens[this.index];
    if (token === undefined) throw new FormulaError('incomplete expression');
    this.index += 1;
    if (token.kind === 'string') return { kind: 'process', text: token.text };
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    if (token.kind === 'name' && (token.text === 'all' || token.text === 'any')) {
      this.expectPunct('(');
      const operand = this.or();
      this.expectPunct(')');
      return { kind: token.text, operand };
    }
    throw new FormulaError(`unexpected '${token.text}' at column ${token.at + 1} (expected a string, not, all(...), any(...) or '(')`);
  }
}

function processTexts(formula: StatusFormula): string[] {
  switch (formula.kind) {
    case 'process':
      return [formula.text];
    case 'and':
    case 'or':
      return formula.operands.flatMap(processTexts);
    default:
      return processTexts(formula.operand);
  }
}

export function parseStatusFormula(source: string): FormulaReading {
  try {
    const formula = new FormulaParser(tokenize(source)).parse();
    const warnings = processTexts(formula).flatMap((text) => {
      const problem = patternProblem(text);
      return problem === undefined ? [] : [`'${text}' is not a valid regular expression (${problem}): it can only name a process exactly`];
    });
    return { ok: true, formula, warnings };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, problem: error.message };
    throw error;
  }
}

export type StatusEvaluation = { ok: true; operational: boolean } | { ok: false; problem: string };

type Value = boolean | boolean[];

function single(value: Value, where: string): boolean {
  if (Array.isArray(value)) throw new FormulaError(`${where} needs one process, not a list (use all(...) or any(...))`);
  return value;
}

function valueOf(formula: StatusFormula, processes: ReadonlyMap<string, boolean>): Value {
  switch (formula.kind) {
    case 'process': {
      const exact = processes.get(formula.text);
      if (exact !== undefined) return exact;
      const matches = [...processes].filter(([name]) => fullMatch(formula.text, name) === true).map(([, operational]) => operational);
      if (matches.length === 0) throw new FormulaError(`no process matches '${formula.text}'`);
      return matches.length === 1 && matches[0] !== undefined ? matches[0] : matches;
    }
    case 'not':
      return !single(valueOf(formula.operand, processes), 'not');
    case 'and':
    case 'or': {
      // Every operand is evaluated (no short-circuit) so that a wrong name always shows.
      const values = formula.operands.map((operand) => single(valueOf(operand, processes), formula.kind));
      return formula.kind === 'and' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'all':
    case 'any': {
      const value = valueOf(formula.operand, processes);
      const values = Array.isArray(value) ? value : [value];
      return formula.kind === 'all' ? values.every(Boolean) : values.some(Boolean);
    }
  }
}

/**
 * The formula over the processes of one application (name → operational: STARTING, RUNNING,
 * BACKOFF, or EXITED expectedly). An error means a major failure for the caller.
 */
export function evaluateOperationalStatus(formula: StatusFormula, processes: ReadonlyMap<string, boolean>): StatusEvaluation {
  try {
    return { ok: true, operational: single(valueOf(formula, processes), 'the formula') };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, problem: error.message };
    throw error;
  }
}
