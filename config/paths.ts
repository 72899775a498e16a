/**
 * File paths in option values. `~` and `~/...` are expanded with the home directory (as
 * Python's `os.path.expanduser`, `~user` forms excepted); relative paths are resolved against
 * a base directory and the result is normalised.
 */
import { resolve } from 'node:path';

export function expandUser(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}

export function absolutePath(path: string, base: string, home: string): string {
  return resolve(base, expandUser(path, home));
}
