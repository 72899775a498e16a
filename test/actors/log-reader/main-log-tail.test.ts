/**
 * tailMainLog (api/supvisors/main-log-tail.ts): tailProcessStdoutLog's answer for supervisord's
 * main log from readLog alone, against a file in memory read as supervisord's readLog does.
 */
import assert from 'node:assert/strict';
import { atCharacterStart, tailMainLog, type ReadLog } from '../../../actors/log-reader/main-log-tail.js';
import { XmlRpcFault } from '../../../xmlrpc/fault.js';
import { XmlRpcTransportError } from '../../../xmlrpc/http-client.js';

/** supervisord's readLog over `file`, counting the calls: bytes that are not whole UTF-8 characters fail with HTTP 500, as there. */
function readLogOf(file: { bytes: Buffer }): { read: ReadLog; calls: () => number } {
  let calls = 0;
  const strict = new TextDecoder('utf-8', { fatal: true });
  return {
    read: (offset, length) => {
      calls += 1;
      try {
        return Promise.resolve(strict.decode(file.bytes.subarray(offset, offset + length)));
      } catch {
        return Promise.reject(new XmlRpcTransportError('http', 'supervisord answered supervisor.readLog with HTTP 500', { status: 500 }));
      }
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

  it('reads whole characters only, as supervisord decodes them strictly', async () => {
    const file = { bytes: Buffer.from('été\n'.repeat(100)) };
    const { read } = readLogOf(file);
    // the 5 last bytes start inside a character: the piece starts at the next one
    const end = await tailMainLog(read, 0, 5);
    assert.deepEqual(end, { text: 'té\n', offset: 600, overflow: true });
    // a first read ending inside a character: the log goes on, its end is read
    const half = await tailMainLog(read, 0, 599);
    assert.equal(half.offset, 600);
    assert.ok(half.overflow && half.text.endsWith('été\n'));
  });

  it('fails at once on a fault or an unreachable supervisord', async () => {
    let calls = 0;
    const fault: ReadLog = () => {
      calls += 1;
      return Promise.reject(new XmlRpcFault(20, 'NO_FILE: /nope'));
    };
    await assert.rejects(tailMainLog(fault, 0, 100), /NO_FILE|nope/);
    await assert.rejects(atCharacterStart(() => fault(0, 1)), /nope/);
    assert.equal(calls, 2);
  });
});
