/**
 * The Python regular expressions of rules files, run as JavaScript ones. Named groups are the
 * one common Python-only spelling, so `(?P<n>...)` and `(?P=n)` are translated; anything else
 * JavaScript refuses makes the pattern invalid, which is found when the file is parsed (Python
 * only fails at lookup time).
 */

function javascriptSource(pattern: string): string {
  return pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

/**
 * Compiled expressions by source: every lookup of a process's rules runs the same few patterns of
 * the rules files, many times a second while programs start. Bounded: forgotten when full.
 */
const compiledSources = new Map<string, RegExp | null>();
const COMPILED_LIMIT = 1024;

function compiled(source: string): RegExp | undefined {
  let expression = compiledSources.get(source);
  if (expression === undefined) {
    try {
      expression = new RegExp(source);
    } catch {
      expression = null;
    }
    if (compiledSources.size >= COMPILED_LIMIT) compiledSources.clear();
    compiledSources.set(source, expression);
  }
  return expression ?? undefined;
}

/** Why the pattern is not a valid regular expression, undefined when it is. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(`(${javascriptSource(pattern)})`);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

/** Length of the text the first search of `(pattern)` matches in `name`, undefined without match. */
function matchLength(pattern: string, name: string): number | undefined {
  return compiled(`(${javascriptSource(pattern)})`)?.exec(name)?.[0].length;
}

/**
 * The entry whose pattern matches the longest text of `name` (spec/rules.md §5.3); ties go to the
 * earliest entry. An empty pattern matches every name with length 0: it is a catch-all.
 */
export function bestPattern<T extends { pattern?: string }>(entries: readonly T[], name: string): T | undefined {
  let best: { entry: T; length: number } | undefined;
  for (const entry of entries) {
    const length = entry.pattern === undefined ? undefined : matchLength(entry.pattern, name);
    if (length !== undefined && (best === undefined || length > best.length)) best = { entry, length };
  }
  return best?.entry;
}

/** Python's re.fullmatch(pattern, name); undefined when the pattern is not a valid expression. */
export function fullMatch(pattern: string, name: string): boolean | undefined {
  return compiled(`^(?:${javascriptSource(pattern)})$`)?.test(name);
}
