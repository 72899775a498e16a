import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { splitWords } from './shell-words.js';

/**
 * Extra arguments (Supervisor #1023: supervisord cannot change a command line at run time).
 * Programs opt in by starting their command with the `supvisors-args` shim; the runtime writes
 * the extra words of a process, one per line, to `$SUPVISORS_ARGS_DIR/<group>:<name>`, and the
 * shim appends them to its argv before exec'ing the real command. No shell ever evaluates them.
 */
export const ARGS_DIR_VARIABLE = 'SUPVISORS_ARGS_DIR';
export const SHIM_NAME = 'supvisors-args';

/** Whether a program's (expanded) command goes through the shim. */
export function usesShim(command: string): boolean {
  const first = command.trim().split(/\s+/)[0] ?? '';
  return basename(first) === SHIM_NAME;
}

export class ExtraArgsStore {
  constructor(readonly directory: string) {}

  private file(group: string, name: string): string {
    return join(this.directory, `${group}:${name}`);
  }

  /** Stores the words of `extraArgs` for the next start; '' removes them. Throws on bad quoting or newlines. */
  write(group: string, name: string, extraArgs: string): void {
    if (/[\n\r\0]/.test(extraArgs)) throw new Error('extra arguments cannot contain newlines or NUL characters');
    const words = splitWords(extraArgs);
    if (words.length === 0) {
      rmSync(this.file(group, name), { force: true });
      return;
    }
    mkdirSync(this.directory, { recursive: true });
    writeFileSync(this.file(group, name), `${words.join('\n')}\n`);
  }

  /** Extra arguments stored for each `group:name`, joined back with blanks (what clients see). */
  readAll(): Map<string, string> {
    const stored = new Map<string, string>();
    let entries: string[];
    try {
      entries = readdirSync(this.directory);
    } catch {
      return stored;
    }
    for (const entry of entries) {
      if (!entry.includes(':')) continue;
      const words = readFileSync(join(this.directory, entry), 'utf8').split('\n').filter((word) => word !== '');
      stored.set(entry, words.map((word) => (/[\s'"\\]/.test(word) ? `'${word.replace(/'/g, `'"'"'`)}'` : word)).join(' '));
    }
    return stored;
  }
}
