import assert from 'node:assert/strict';
import { describeProcess, stopDateText, uptimeText } from '../../dashboard/model/process-description.js';

describe('dashboard process descriptions (dashboard/model/process-description.ts)', () => {
  const row = { statename: 'RUNNING', pid: 42, start: 1000, stop: 0, spawnerr: '', namespec: 'web:db' };

  it('writes what Supervisor writes for each state', () => {
    assert.equal(describeProcess(row, 1000 + 3723), 'pid 42, uptime 1:02:03');
    assert.equal(describeProcess({ ...row, statename: 'STOPPING' }, 1005), 'pid 42, uptime 0:00:05');
    assert.equal(describeProcess({ ...row, statename: 'FATAL', spawnerr: 'Exited too quickly (process log may have details)' }, 0), 'Exited too quickly (process log may have details)');
    assert.equal(describeProcess({ ...row, statename: 'BACKOFF' }, 0), 'unknown error (try "tail web:db")');
    assert.equal(describeProcess({ ...row, statename: 'STOPPED', start: 0 }, 0), 'Not started');
    assert.equal(describeProcess({ ...row, statename: 'EXITED', stop: 1000 }, 0), stopDateText(1000));
    assert.equal(describeProcess({ ...row, statename: 'STARTING' }, 0), '');
  });

  it('counts days past a day, as Python prints a timedelta', () => {
    assert.equal(uptimeText(86400 + 61), '1 day, 0:01:01');
    assert.equal(uptimeText(3 * 86400), '3 days, 0:00:00');
    assert.equal(uptimeText(-5), '0:00:00');
  });

  it('prints a stop date as %b %d %I:%M %p in local time', () => {
    const date = new Date(2026, 11, 6, 0, 5).getTime() / 1000;
    assert.equal(stopDateText(date), 'Dec 06 12:05 AM');
    assert.equal(stopDateText(date + 13 * 3600), 'Dec 06 01:05 PM');
  });
});
