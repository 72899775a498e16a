/**
 * INI text as Supervisor 4.2 reads it: Python's RawConfigParser with
 * `inline_comment_prefixes = (';', '#')`, no interpolation.
 *
 * - Full-line comments start with `;` or `#` (after optional blanks); inline comments start with
 *   `;` or `#` preceded by whitespace (`a=b;c` keeps `b;c`, `a=b ;c` gives `b`).
 * - `[name]` opens a section (names are case-sensitive); `key = value` or `key: value` sets an
 *   option (the first `=` or `:` splits; keys are trimmed and lower-cased, values trimmed).
 * - A line indented deeper than its option's line continues the value (joined with `\n`);
 *   blank lines inside a value are kept, trailing ones dropped.
 * - As in Supervisor (`strict=False`), a section repeated in one file is merged into the first
 *   one and a repeated option overrides the earlier value; unlike Supervisor, each repeat is
 *   reported as a warning, since it is usually a mistake.
 * Errors name the file and line; the parser goes on after each one so that all are reported.
 */

export interface IniOption {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** In file order. */
  readonly options: ReadonlyMap<string, IniOption>;
}

export interface IniDocument {
  /** In file order. */
  readonly sections: readonly IniSection[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

interface OpenOption {
  key: string;
  line: number;
  indent: number;
  lines: string[];
}

interface OpenSection {
  name: string;
  line: number;
  options: Map<string, IniOption>;
}

const commentPrefixes = [';', '#'];

/** Index where an inline comment starts, or the line length when there is none. */
function commentStart(line: string): number {
  if (commentPrefixes.some((prefix) => line.trim().startsWith(prefix))) return 0;
  for (let index = 0; index < line.length; index += 1) {
    if (commentPrefixes.includes(line.charAt(index)) && (index === 0 || /\s/.test(line.charAt(index - 1)))) return index;
  }
  return line.length;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function parseIni(text: string, file: string): IniDocument {
  const sections: IniSection[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  let section: OpenSection | undefined;
  let option: OpenOption | undefined;

  const closeOption = (): void => {
    if (section === undefined || option === undefined) {
      option = undefined;
      return;
    }
    const value = option.lines.join('\n').trimEnd();
    section.options.set(option.key, { key: option.key, value, line: option.line });
    option = undefined;
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const start = commentStart(raw);
    const content = raw.slice(0, start).trim();
    if (content === '') {
      // Python keeps blank lines inside a value, but not lines that only hold a comment.
      if (start === raw.length && option !== undefined) option.lines.push('');
      return;
    }
    const indent = indentOf(raw);
    if (option !== undefined && indent > option.indent) {
      option.lines.push(content);
      return;
    }
    closeOption();
    const header = /^\[(.+)\]/.exec(content);
    if (header !== null) {
      const name = header[1] ?? '';
      const first = sections.find((known) => known.name === name);
      if (first !== undefined) {
        warnings.push(`${file}:${lineNumber}: section [${name}] repeated (first at line ${first.line}): merged into it, as Supervisor does`);
        section = { name, line: first.line, options: first.options as Map<string, IniOption> };
        return;
      }
      section = { name, line: lineNumber, options: new Map() };
      sections.push({ name, file, line: lineNumber, options: section.options });
      return;
    }
    if (section === undefined) {
      errors.push(`${file}:${lineNumber}: option outside of any section: ${content}`);
      return;
    }
    const assignment = /^(.*?)\s*[=:]\s*(.*)$/.exec(content);
    const key = assignment?.[1]?.trim().toLowerCase() ?? '';
    if (assignment === null || key === '') {
      errors.push(`${file}:${lineNumber}: expected [section], key = value or key: value, got ${content}`);
      return;
    }
    const previous = section.options.get(key);
    if (previous !== undefined) {
      warnings.push(`${file}:${lineNumber}: option ${key} repeated in [${section.name}] (first at line ${previous.line}): the last value counts, as in Supervisor`);
    }
    option = { key, line: lineNumber, indent, lines: [assignment[2] ?? ''] };
  });
  closeOption();
  return { sections, errors, warnings };
}
