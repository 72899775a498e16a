/**
 * File globs as Python's `glob.glob` (non-recursive) expands them for Supervisor's `[include]`
 * and Supvisors' `rules_files`: `*` (any run), `?` (one character) and `[...]` (a set, `[!...]`
 * its complement, `a-z` ranges; an unclosed `[` is literal) match within one path segment;
 * wildcards never match names starting with `.` unless the pattern segment starts with `.`.
 * Results are absolute (relative patterns are resolved against `base`), existing, and sorted.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const magic = /[*?[]/;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The character class of `[...]` starting at `open`, or undefined when the `[` is not closed. */
function characterClass(segment: string, open: number): { source: string; end: number } | undefined {
  let index = open + 1;
  const negated = segment.charAt(index) === '!';
  if (negated) index += 1;
  // A `]` right after `[` or `[!` belongs to the set, as in fnmatch.
  const close = segment.indexOf(']', segment.charAt(index) === ']' ? index + 1 : index);
  if (close < 0) return undefined;
  const members = segment.slice(index, close).replace(/[\\\]^[]/g, '\\$&');
  return { source: `[${negated ? '^' : ''}${members}]`, end: close + 1 };
}

function segmentMatcher(segment: string): RegExp {
  let source = '';
  let index = 0;
  while (index < segment.length) {
    const char = segment.charAt(index);
    const set = char === '[' ? characterClass(segment, index) : undefined;
    if (set !== undefined) {
      source += set.source;
      index = set.end;
      continue;
    }
    source += char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char);
    index += 1;
  }
  try {
    return new RegExp(`^${source}$`, 's');
  } catch {
    // A reversed range such as [z-a] matches nothing, as in fnmatch.
    return /(?!)/;
  }
}

/** Undefined for a path that cannot be seen, whatever the reason (absent, no permission). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  return statOf(path)?.isDirectory() ?? false;
}

function exists(path: string): boolean {
  return statOf(path) !== undefined;
}

function matchingChildren(directory: string, segment: string): string[] {
  const matcher = segmentMatcher(segment);
  const showHidden = segment.startsWith('.');
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.filter((name) => (showHidden || !name.startsWith('.')) && matcher.test(name)).map((name) => join(directory, name));
}

export function globFiles(pattern: string, base: string): string[] {
  const segments = resolve(base, pattern).split(sep).filter((segment) => segment !== '');
  let paths: string[] = [sep];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const next = magic.test(segment) ? paths.flatMap((path) => matchingChildren(path, segment)) : paths.map((path) => join(path, segment));
    paths = last ? next.filter(exists) : next.filter(isDirectory);
  });
  return paths.sort();
}
