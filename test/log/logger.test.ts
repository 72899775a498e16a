import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogLevel } from '../../log/levels.js';
import { Logger } from '../../log/logger.js';
import { memoryLogger } from '../helpers/logger.js';

describe('logger', () => {
  it('writes Supvisors lines and filters by level, children included', () => {
    const { logger, lines } = memoryLogger('warn');
    const child = logger.child('starter');
    logger.info('hidden');
    child.warn('shown');
    logger.setLevel('blather');
    child.blather('deep');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3};WARN;\[starter\] shown\n$/);
    assert.match(lines[1] ?? '', /;BLAT;\[starter\] deep\n$/);
  });

  it('parses Supervisor level names and values', () => {
    assert.equal(parseLogLevel('WARN'), 'warn');
    assert.equal(parseLogLevel(' blather '), 'blather');
    assert.equal(parseLogLevel(50), 'critical');
    assert.equal(parseLogLevel('verbose'), undefined);
    assert.equal(parseLogLevel(7), undefined);
  });

  it('rotates its file by size and keeps the configured backups', () => {
    const folder = mkdtempSync(join(tmpdir(), 'supvisors-log-'));
    try {
      const file = join(folder, 'supvisors.log');
      const logger = Logger.create({ file, maxBytes: 200, backups: 2, level: 'info', prefix: 'demo' });
      for (let index = 0; index < 20; index += 1) logger.info(`line number ${index} with some padding text`);
      logger.close();
      assert.ok(existsSync(`${file}.1`) && existsSync(`${file}.2`));
      assert.ok(!existsSync(`${file}.3`));
      const current = readFileSync(file, 'utf8');
      assert.ok(Buffer.byteLength(current) <= 200);
      assert.match(current, /^demo;.*;INFO;line number/);
      assert.match(current, /line number 19 /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
