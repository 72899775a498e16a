/**
 * tailMainLog (api/supvisors/main-log-tail.ts): tailProcessStdoutLog's answer for supervisord's
 * main log from readLog alone, against a file in memory read as supervisord's readLog does.
 */
import assert from 'node:assert/strict';
import { tailMainLog, type ReadLog } from '../../api/supvisors/main-log-tail.js';

/** supervisord's readLog over `file`, counting the calls. */
function readLogOf(file: { bytes: Buffer }): { read: ReadLog; calls: () => number } {
  let calls = 0;
  return {
    read: (offset, length) => {
      calls += 1;
      return Promise.resolve(file.bytes.subarray(offset, offset + length).toString('utf8'));
    },
    calls: () => calls,
  };
}

describe('tailMainLog: the main log followed with readLog', () => {
  it('answers what is past the offset and the next offset, without overflow', async () => {
    const file = { bytes: Buffer.from('line 1\nline 2\n') };
    const { read } = readLogOf(file);
    assert.deepEqual(await tailMainLog(read, 0, 100), { text: 'line 1\nline 2\n', offset: 14, overflow: false });
    assert.deepEqual(await tailMainLog(read, 14, 100), { text: '', offset: 14, overflow: false });
    file.bytes = Buffer.concat([file.bytes, Buffer.from('line 3\n')]);
    assert.deepEqual(await tailMainLog(read, 14, 100), { text: 'line 3\n', offset: 21, overflow: false });
  });

  it('answers the last length bytes and the size on overflow, in few reads for a large log', async () => {
    const file = { bytes: Buffer.alloc(5_000_003, 'x') };
    file.bytes.write('END', 5_000_000);
    const { read, calls } = readLogOf(file);
    const piece = await tailMainLog(read, 0, 1000);
    assert.equal(piece.offset, 5_000_003);
    assert.equal(piece.overflow, true);
    assert.equal(piece.text.length, 1000);
    assert.ok(piece.text.endsWith('xEND'));
    assert.ok(calls() < 60, `${calls()} reads`);
  });

  it('starts again from the beginning when the log was cleared', async () => {
    const file = { bytes: Buffer.from('a long first content\n') };
    const { read } = readLogOf(file);
    const first = await tailMainLog(read, 0, 100);
    file.bytes = Buffer.from('new\n');
    assert.deepEqual(await tailMainLog(read, first.offset, 100), { text: 'new\n', offset: 4, overflow: true });
    file.bytes = Buffer.alloc(0);
    assert.deepEqual(await tailMainLog(read, 4, 100), { text: '', offset: 0, overflow: true });
  });

  it('counts offsets in bytes, as supervisord does', async () => {
    const { read } = readLogOf({ bytes: Buffer.from('été\n') });
    assert.deepEqual(await tailMainLog(read, 0, 100), { text: 'été\n', offset: 6, overflow: false });
  });
});
