import assert from 'node:assert/strict';
import { ClientHttpError } from '../../client/index.js';
import { findLogSize, followLog, LineBuffer, mainLog, processLog } from '../../cli/log-tail.js';

/** supervisord's readFile (supervisor/options.py) over an in-memory log, UTF-8 decoded strictly as its as_string. */
function readFile(log: Buffer, offset: number, length: number): string {
  if (offset < 0 && length !== 0) throw new Error('BAD_ARGUMENTS');
  const from = offset < 0 ? Math.max(0, log.length + offset) : offset;
  const bytes = offset < 0 || length === 0 ? log.subarray(from) : log.subarray(from, from + length);
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return text.decode(bytes);
  } catch {
    throw new ClientHttpError('supervisor.readLog', 'HTTP 500', 500);
  }
}

describe('following a log over XML-RPC (cli/log-tail.ts)', () => {
  it('finds a log size by probing bytes, in a logarithmic count of probes', async () => {
    for (const size of [0, 1, 2, 3, 1000, 1024, 1025, 50_000_017]) {
      let probes = 0;
      const found = await findLogSize((offset) => {
        probes += 1;
        return Promise.resolve(offset < size);
      });
      assert.equal(found, size);
      assert.ok(probes <= 2 * Math.log2(size + 2) + 3, `${probes} probes for ${size}`);
    }
  });

  it('the main log: its last bytes, then only what is written, from its start again after a clear; non-ASCII bytes too', async () => {
    let log = Buffer.from(`${'x'.repeat(3000)}é-end\n`);
    const followed = mainLog({ readLog: (offset, length) => Promise.resolve(readFile(log, offset, length)) });
    const first = await followed.start(6);
    assert.equal(first.offset, log.length);
    assert.equal(first.text, '-end\n'); // the 6th byte from the end is inside 'é': started a byte later
    assert.equal((await followed.start(8)).text, 'xé-end\n');
    assert.deepEqual(await followed.next(first.offset), { text: '', offset: log.length });
    log = Buffer.concat([log, Buffer.from('ça\n')]);
    const second = await followed.next(first.offset);
    assert.deepEqual(second, { text: 'ça\n', offset: log.length });
    log = Buffer.from('');
    assert.deepEqual(await followed.next(second.offset), { text: '', offset: 0 });
    log = Buffer.from('new\n');
    assert.deepEqual(await followed.next(0), { text: 'new\n', offset: 4 });
  });

  it("a process log: the size from tail with length 0, the new bytes read exactly, a shrunk log read from 0", async () => {
    let log = Buffer.from('one\ntwo\n');
    const calls: string[] = [];
    const tail = (name: string, offset: number, length: number): Promise<readonly [string, number, boolean]> => {
      calls.push(`tail ${name} ${offset} ${length}`);
      return Promise.resolve(['', log.length, false]);
    };
    const read = (name: string, offset: number, length: number): Promise<string> => {
      calls.push(`read ${name} ${offset} ${length}`);
      return Promise.resolve(readFile(log, offset, length));
    };
    const followed = processLog({ tailProcessStdoutLog: tail, tailProcessStderrLog: tail, readProcessStdoutLog: read, readProcessStderrLog: read }, 'p', 'stderr');
    assert.deepEqual(await followed.start(4), { text: 'two\n', offset: 8 });
    log = Buffer.concat([log, Buffer.from('three\n')]);
    assert.deepEqual(await followed.next(8), { text: 'three\n', offset: 14 });
    assert.deepEqual(await followed.next(14), { text: '', offset: 14 });
    log = Buffer.from('4\n');
    assert.deepEqual(await followed.next(14), { text: '4\n', offset: 2 });
    assert.deepEqual(calls.slice(0, 4), ['tail p 0 0', 'read p 4 4', 'tail p 0 0', 'read p 8 6']);
  });

  it('polls until the signal aborts, showing each piece once', async () => {
    const pieces = ['a\n', '', 'b', 'c\n'];
    let polls = 0;
    const controller = new AbortController();
    const shown: string[] = [];
    await followLog(
      {
        start: () => Promise.resolve({ text: 'start\n', offset: 6 }),
        next: (offset) => {
          polls += 1;
          const text = pieces.shift() ?? '';
          if (pieces.length === 0) controller.abort();
          return Promise.resolve({ text, offset: offset + text.length });
        },
      },
      (text) => shown.push(text),
      controller.signal,
      1,
    );
    assert.deepEqual(shown, ['start\n', 'a\n', 'b', 'c\n']);
    assert.equal(polls, 4);
  });

  it('cuts pieces into whole lines, the unfinished one kept for the end', () => {
    const lines = new LineBuffer();
    assert.deepEqual(lines.push('a\nb'), ['a']);
    assert.deepEqual(lines.push('c\n\nd'), ['bc', '']);
    assert.equal(lines.flush(), 'd');
    assert.equal(lines.flush(), undefined);
  });
});
