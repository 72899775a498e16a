import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * A log file rotated by size, with Supervisor's `logfile_maxbytes` / `logfile_backups` semantics:
 * when a write would take the file past maxBytes, FILE.(n-1) becomes FILE.n ... FILE becomes FILE.1,
 * and a new FILE is opened. maxBytes 0 means never rotate; backups 0 means truncate in place.
 * Writes are synchronous so that nothing logged before a crash is lost.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly backups: number,
  ) {
    this.fd = openSync(path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.maxBytes > 0 && this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    if (this.backups > 0) {
      rmSync(`${this.path}.${this.backups}`, { force: true });
      for (let index = this.backups - 1; index >= 1; index -= 1) {
        const from = `${this.path}.${index}`;
        if (existsSync(from)) renameSync(from, `${this.path}.${index + 1}`);
      }
      renameSync(this.path, `${this.path}.1`);
      this.fd = openSync(this.path, 'a');
    } else {
      this.fd = openSync(this.path, 'w');
    }
    this.size = 0;
  }
}
