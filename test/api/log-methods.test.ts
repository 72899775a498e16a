/**
 * supvisors.tail_process_log on a real node: a process's stdout and stderr and supervisord's
 * main log, followed by offset; the faults of a wrong name or stream. Another instance's logs
 * through the serving node: test/dashboard/logs-page.test.ts (3 real nodes).
 */
import assert from 'node:assert/strict';
import { struct } from '../helpers/cluster.js';
import { isSupvisorsError } from '../../errors/errors.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { loneNodeSuite, type TestNode } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const PROGRAMS = `
[program:ticker]
command = sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; echo "oops $i" >&2; sleep 0.2; done'
startsecs = 0

[program:utf]
command = sh -c 'printf "ééé\\n"; exec sleep 1000'
startsecs = 0
`;

interface Piece {
  readonly text: string;
  readonly offset: number;
  readonly overflow: boolean;
}

function pieceOf(value: XmlRpcValue): Piece {
  const fields = struct(value);
  const { text, offset, overflow } = fields;
  assert.ok(typeof text === 'string' && typeof offset === 'number' && typeof overflow === 'boolean', JSON.stringify(fields));
  return { text, offset, overflow };
}

describe('supvisors.tail_process_log (a real node)', function () {
  this.timeout(30_000);
  const started = loneNodeSuite({ programs: PROGRAMS });
  let node: TestNode;
  before(() => {
    node = started();
  });

  const tail = async (...params: (string | number)[]): Promise<Piece> => pieceOf(await (node).api.call('supvisors.tail_process_log', params));

  it("follows a process's stdout and stderr by offset", async () => {
    const { nick } = node;
    let first: Piece | undefined;
    await waitFor('ticks in the log', async () => {
      first = await tail(nick, 'ticker', 'stdout', 0, 65536);
      return /tick 2\n/.test(first.text);
    }, { timeoutMs: 10_000, intervalMs: 100 });
    assert.ok(first !== undefined && first.overflow === false && first.offset === Buffer.byteLength(first.text));
    let next: Piece | undefined;
    await waitFor('more ticks after the offset', async () => {
      next = await tail(nick, 'ticker', 'stdout', first?.offset ?? 0, 65536);
      return next.text !== '';
    }, { timeoutMs: 10_000, intervalMs: 100 });
    assert.match(next?.text ?? '', /^tick \d+\n/);
    assert.ok((next?.offset ?? 0) > first.offset);
    const small = await tail(nick, 'ticker', 'stdout', 0, 8);
    assert.equal(small.overflow, true);
    assert.equal(small.text.length, 8);
    assert.match((await tail(nick, 'ticker', 'stderr')).text, /oops 1\n/);
  });

  it('answers whole UTF-8 characters when the last bytes start inside one (supervisord fails on those)', async () => {
    const { nick } = node;
    await waitFor('the line written', async () => (await tail(nick, 'utf', 'stdout', 0, 100)).text === 'ééé\n', { timeoutMs: 10_000, intervalMs: 100 });
    assert.deepEqual(await tail(nick, 'utf', 'stdout', 0, 4), { text: 'é\n', offset: 7, overflow: true });
  });

  it("reads supervisord's main log, by identifier or nick", async () => {
    const { nick, api } = node;
    const identifier = struct(await api.call('supvisors.get_supvisors_state'))['identifier'];
    assert.ok(typeof identifier === 'string' && identifier !== nick);
    const whole = await tail(identifier, 'supervisord', 'stdout', 0, 1_000_000);
    assert.match(whole.text, /supervisord started with pid/);
    assert.equal(whole.offset, Buffer.byteLength(whole.text));
    const end = await tail(nick, 'supervisord', 'stdout', 0, 10);
    assert.equal(end.overflow, true);
    assert.ok(end.offset >= whole.offset);
    assert.equal(end.text, whole.text.slice(-10));
  });

  it('refuses an unknown instance, an unknown process and a second stream of the main log', async () => {
    const api = (node).api;
    const { nick } = node;
    const fault = (name: string) => (thrown: unknown): boolean => isSupvisorsError(thrown) && thrown.fault === name;
    await assert.rejects(api.call('supvisors.tail_process_log', ['nobody', 'ticker']), fault('BAD_NAME'));
    await assert.rejects(api.call('supvisors.tail_process_log', [nick, 'nope']), fault('BAD_NAME'));
    await assert.rejects(api.call('supvisors.tail_process_log', [nick, 'supervisord', 'stderr']), fault('BAD_ARGUMENTS'));
    await assert.rejects(api.call('supvisors.tail_process_log', [nick, 'ticker', 'stdin']), fault('BAD_ARGUMENTS'));
    await assert.rejects(api.call('supvisors.tail_process_log', [nick, 'ticker', 'stdout', 0, 1024 * 1024 + 1]), fault('BAD_ARGUMENTS'));
    await assert.rejects(api.call('supvisors.tail_process_log', [nick, 'ticker', 'stdout', -1]), fault('BAD_ARGUMENTS'));
  });
});
