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
/** Sub-folder keeping each text as the client gave it (its name has no ':', so no process file). */
const TEXTS = '.text';

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

  private textFile(group: string, name: string): string {
    return join(this.directory, TEXTS, `${group}:${name}`);
  }

  /** Stores the words of `extraArgs` for the next start; '' removes them. Throws on bad quoting or newlines. */
  write(group: string, name: string, extraArgs: string): void {
    if (/[\n\r\0]/.test(extraArgs)) throw new Error('extra arguments cannot contain newlines or NUL characters');
    const words = splitWords(extraArgs);
    if (words.length === 0) {
      rmSync(this.file(group, name), { force: true });
      rmSync(this.textFile(group, name), { force: true });
      return;
    }
    mkdirSync(join(this.directory, TEXTS), { recursive: true });
    writeFileSync(this.file(group, name), `${words.join('\n')}\n`);
    // A client reads extra_args back as it wrote them, even from a runtime started since.
    writeFileSync(this.textFile(group, name), extraArgs.trim());
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
      const quoted = words.map((word) => (/[\s'"\\]/.test(word) ? `'${word.replace(/'/g, `'"'"'`)}'` : word)).join(' ');
      stored.set(entry, this.readText(entry, words) ?? quoted);
    }
    return stored;
  }

  /** The text as given, unless absent (files written before it was kept) or out of step with the words. */
  private readText(entry: string, words: readonly string[]): string | undefined {
    try {
      const text = readFileSync(join(this.directory, TEXTS, entry), 'utf8');
      return JSON.stringify(splitWords(text)) === JSON.stringify(words) ? text : undefined;
    } catch {
      return undefined;
    }
  }
}
