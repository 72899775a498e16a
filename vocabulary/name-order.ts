/**
 * The order of names (applications, processes, identifiers): Python's `sorted()`, by code point,
 * as Supvisors lists them. Not localeCompare: its order changes with the host's locale, and it
 * loads ICU's collation data (about 3 MiB of a node's resident memory) for nothing.
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
