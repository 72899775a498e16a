import assert from 'node:assert/strict';
import { RateLimitedLog } from '../../log/rate-limited.js';
import { memoryLogger } from '../helpers/logger.js';

describe('rate-limited log', () => {
  it('writes the first lines of a kind per window, then one count', () => {
    const { logger, lines } = memoryLogger('info');
    let now = 0;
    const log = new RateLimitedLog(logger, { burst: 2, windowMs: 1000 }, () => now);
    for (let i = 0; i < 100; i += 1) log.warn('peer refused', `refusal ${i}`);
    log.warn('other', 'other kind');
    assert.equal(lines.length, 3);
    assert.equal(log.suppressed('peer refused'), 98);
    now = 1500;
    log.warn('peer refused', 'refusal after the window');
    assert.equal(lines.length, 5);
    assert.match(lines[3] ?? '', /peer refused: 98 more not logged in the last 1\.5 s/);
    assert.match(lines[4] ?? '', /refusal after the window/);
  });

  it('flush writes pending counts once', () => {
    const { logger, lines } = memoryLogger('info');
    const log = new RateLimitedLog(logger, { burst: 1, windowMs: 1000 }, () => 0);
    log.warn('k', 'a');
    log.warn('k', 'b');
    log.flush();
    log.flush();
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /k: 1 more not logged/);
  });
});
