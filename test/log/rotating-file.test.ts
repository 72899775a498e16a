import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RotatingFile } from '../../log/rotating-file.js';

/** `line 0007\n`: 10 bytes each, so byte bounds are easy to reason about. */
function numbered(index: number): string {
  return `line ${String(index).padStart(4, '0')}\n`;
}

function numberedRange(from: number, to: number): string {
  let text = '';
  for (let index = from; index < to; index += 1) text += numbered(index);
  return text;
}

describe('rotating log file', () => {
  let folder = '';
  let file = '';
  const opened: RotatingFile[] = [];
  const open = (maxBytes: number, backups: number, options = {}): RotatingFile => {
    const rotating = new RotatingFile(file, maxBytes, backups, options);
    opened.push(rotating);
    return rotating;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'supvisors-rotating-'));
    file = join(folder, 'supvisors.log');
  });

  afterEach(() => {
    for (const rotating of opened.splice(0)) rotating.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes later, without blocking the caller, and keeps the order of many lines logged in one turn', async () => {
    const rotating = open(0, 0);
    for (let index = 0; index < 10_000; index += 1) rotating.write(numbered(index));
    // Only the first line can have been handed to a write yet: the rest waits for the event loop.
    assert.ok(statSync(file).size <= numbered(0).length);
    await rotating.flush();
    assert.equal(readFileSync(file, 'utf8'), numberedRange(0, 10_000));
  });

  it('rotates before the line that would pass maxBytes and keeps `backups` files', async () => {
    const rotating = open(35, 2);
    for (let index = 0; index < 10; index += 1) rotating.write(numbered(index));
    await rotating.flush();
    assert.equal(readFileSync(file, 'utf8'), numbered(9));
    assert.equal(readFileSync(`${file}.1`, 'utf8'), numberedRange(6, 9));
    assert.equal(readFileSync(`${file}.2`, 'utf8'), numberedRange(3, 6));
    assert.ok(!existsSync(`${file}.3`));
  });

  it('truncates in place with backups 0', async () => {
    const rotating = open(35, 0);
    for (let index = 0; index < 10; index += 1) rotating.write(numbered(index));
    await rotating.flush();
    assert.equal(readFileSync(file, 'utf8'), numbered(9));
    assert.ok(!existsSync(`${file}.1`));
  });

  it('counts the bytes already in the file it opens', async () => {
    open(0, 0).write(numberedRange(0, 3));
    for (const rotating of opened.splice(0)) rotating.close();
    const rotating = open(35, 1);
    rotating.write(numbered(3));
    await rotating.flush();
    assert.equal(readFileSync(`${file}.1`, 'utf8'), numberedRange(0, 3));
    assert.equal(readFileSync(file, 'utf8'), numbered(3));
  });

  it('rotates on when the file was removed meanwhile', async () => {
    const rotating = open(35, 2);
    rotating.write(numberedRange(0, 3));
    await rotating.flush();
    rmSync(file);
    rotating.write(numbered(3));
    await rotating.flush();
    assert.equal(readFileSync(file, 'utf8'), numbered(3));
    assert.ok(!existsSync(`${file}.1`));
  });

  it('drops the lines past its bound and then writes how many', async () => {
    // The first line goes to a write at once; 10 lines of 10 bytes fill a 100-byte bound.
    const rotating = open(0, 0, { bufferLimitBytes: 100, formatNotice: (message: string) => `NOTICE ${message}\n` });
    for (let index = 0; index < 100; index += 1) rotating.write(numbered(index));
    await rotating.flush();
    rotating.write(numbered(100));
    await rotating.flush();
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.deepEqual(lines.slice(0, 10), numberedRange(0, 10).split('\n').slice(0, 10));
    assert.match(lines[10] ?? '', /^NOTICE 90 log lines dropped: more than 100 bytes of log were waiting/);
    assert.equal(lines[11], numbered(100).trimEnd());
    assert.equal(lines.length, 13);
  });

  it('reports a write error once, rate-limited, never throws, and goes on accepting lines', async () => {
    const reports: string[] = [];
    file = '/dev/full';
    const rotating = open(0, 0, { reportError: (message: string) => void reports.push(message) });
    rotating.write(numbered(0));
    await rotating.flush();
    for (let index = 1; index < 5; index += 1) {
      rotating.write(numbered(index));
      await rotating.flush();
    }
    assert.equal(reports.length, 1);
    assert.match(reports[0] ?? '', /^supvisors log: \/dev\/full: ENOSPC.* \(1 log lines lost\)$/);
    rotating.close();
    // What was held back by the rate limit is reported at close.
    assert.equal(reports.length, 2);
    assert.match(reports[1] ?? '', /ENOSPC.* \(4 log lines lost\)$/);
  });

  it('writes the lines still queued when the process exits, in order, from an uncaught exception too', () => {
    const loggerModule = new URL('../../log/logger.js', import.meta.url).href;
    const run = (ending: string): { status: number | null; text: string } => {
      const script = [
        `import { Logger } from ${JSON.stringify(loggerModule)};`,
        `const logger = Logger.create({ file: ${JSON.stringify(file)}, maxBytes: 0, level: 'info' });`,
        `process.on('exit', () => logger.info('from a later exit handler'));`,
        `for (let index = 0; index < 20000; index += 1) logger.info('line ' + index);`,
        ending,
      ].join('\n');
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000, encoding: 'utf8' });
      const text = readFileSync(file, 'utf8');
      rmSync(file);
      return { status: child.status, text };
    };
    const expected = [...Array.from({ length: 20_000 }, (_, index) => `line ${index}`), 'from a later exit handler'];
    const messages = (text: string): string[] => text.trimEnd().split('\n').map((line) => line.replace(/^.*;INFO;/, ''));

    const exited = run('process.exit(0);');
    assert.equal(exited.status, 0);
    assert.deepEqual(messages(exited.text), expected);

    const crashed = run(`setImmediate(() => { throw new Error('boom'); });`);
    assert.equal(crashed.status, 1);
    assert.deepEqual(messages(crashed.text), expected);
  });
});
