import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory for one test: write files into it, remove it after. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'supvisors-config-'));

  /** Writes each file (path relative to the directory, parents created); returns the directory. */
  write(files: Readonly<Record<string, string>>): string {
    for (const [name, text] of Object.entries(files)) {
      const file = join(this.path, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    return this.path;
  }

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** A minimal valid supervisord.conf with the given [supvisors] lines. */
export function supervisordConf(supvisorsLines: string, extra = ''): string {
  return `[supervisord]\n\n[inet_http_server]\nport = :60000\n\n[supvisors]\n${supvisorsLines}\n${extra}`;
}
