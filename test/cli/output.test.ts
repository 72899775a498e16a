import assert from 'node:assert/strict';
import { colorAllowed, StreamOutput, type Streams } from '../../cli/output.js';

function capture(tty = false): { streams: Streams; text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return {
    text,
    streams: { stdout: { write: (chunk: string) => (text.out += chunk), isTTY: tty }, stderr: { write: (chunk: string) => (text.err += chunk), isTTY: tty } },
  };
}

describe('cli output', () => {
  it('colours only on a terminal, without NO_COLOR, TERM=dumb or --json', () => {
    assert.equal(colorAllowed(capture(true).streams, {}, false), true);
    assert.equal(colorAllowed(capture(false).streams, {}, false), false);
    assert.equal(colorAllowed(capture(true).streams, { NO_COLOR: '1' }, false), false);
    assert.equal(colorAllowed(capture(true).streams, { TERM: 'dumb' }, false), false);
    assert.equal(colorAllowed(capture(true).streams, {}, true), false);
  });

  it('text mode: lines on stdout, errors on stderr, no document', () => {
    const { streams, text } = capture();
    const out = new StreamOutput(streams, false, false);
    out.line('a');
    out.error('ERROR: b');
    out.document({ c: 1 });
    out.jsonLine({ d: 1 });
    out.finish();
    assert.deepEqual(text, { out: 'a\n', err: 'ERROR: b\n' });
  });

  it('JSON mode: one document carrying the errors, or the errors alone; JSON Lines for streams', () => {
    const one = capture();
    const out = new StreamOutput(one.streams, true, false);
    out.line('not shown');
    out.error('ERROR (BAD_NAME: x)');
    out.document({ results: [] });
    out.finish();
    assert.deepEqual(JSON.parse(one.text.out), { result: { results: [] }, errors: ['ERROR (BAD_NAME: x)'] });
    const alone = capture();
    const failed = new StreamOutput(alone.streams, true, false);
    failed.error('ERROR: refused');
    failed.finish();
    assert.deepEqual(JSON.parse(alone.text.out), { errors: ['ERROR: refused'] });
    const lines = capture();
    const stream = new StreamOutput(lines.streams, true, false);
    stream.jsonLine({ header: 'process' });
    stream.jsonLine({ header: 'application' });
    assert.deepEqual(lines.text.out.trim().split('\n').map((line) => JSON.parse(line) as unknown), [{ header: 'process' }, { header: 'application' }]);
  });

  it('progress only on a terminal, cleared before the next line', () => {
    const piped = capture(false);
    new StreamOutput(piped.streams, false, false).progress('starting');
    assert.equal(piped.text.err, '');
    const tty = capture(true);
    const out = new StreamOutput(tty.streams, false, true);
    out.progress('starting web');
    out.line('web started: True');
    assert.equal(tty.text.err, '\r\x1b[2Kstarting web\r\x1b[2K');
    assert.equal(tty.text.out, 'web started: True\n');
  });
});
