import assert from 'node:assert/strict';
import { ListenerParser, ListenerProtocolError, parseTokens } from '../../supervisor/listener-protocol.js';
import { toSupervisorEvent } from '../../supervisor/events.js';

const header = (serial: number, pool: number, name: string, payload: string): string =>
  `ver:3.0 server:supervisor serial:${serial} pool:supvisors poolserial:${pool} eventname:${name} len:${payload.length}\n${payload}`;

describe('event listener protocol', () => {
  it('parses envelopes split anywhere, including inside the payload', () => {
    const stream =
      header(21, 1, 'PROCESS_STATE_RUNNING', 'processname:web groupname:app from_state:STARTING pid:4242') +
      header(22, 2, 'PROCESS_GROUP_ADDED', 'groupname:app\n') +
      header(25, 3, 'SUPERVISOR_STATE_CHANGE_RUNNING', '');
    for (const size of [1, 3, 7, 50, stream.length]) {
      const parser = new ListenerParser();
      const envelopes = [];
      for (let offset = 0; offset < stream.length; offset += size) envelopes.push(...parser.feed(stream.slice(offset, offset + size)));
      assert.deepEqual(envelopes.map((envelope) => [envelope.eventName, envelope.serial, envelope.poolSerial]), [
        ['PROCESS_STATE_RUNNING', 21, 1],
        ['PROCESS_GROUP_ADDED', 22, 2],
        ['SUPERVISOR_STATE_CHANGE_RUNNING', 25, 3],
      ], `chunks of ${size}`);
      assert.equal(envelopes[1]?.payload, 'groupname:app\n');
    }
  });

  it('counts payload length in characters, as Python does', () => {
    const parser = new ListenerParser();
    const [envelope] = parser.feed(header(1, 1, 'PROCESS_STATE_STOPPED', 'processname:café groupname:é from_state:STOPPING pid:1'));
    assert.equal(envelope?.payload.endsWith('pid:1'), true);
  });

  it('refuses garbage instead of guessing', () => {
    assert.throws(() => new ListenerParser().feed('hello world\n'), ListenerProtocolError);
    assert.throws(() => new ListenerParser().feed('x'.repeat(5000)), ListenerProtocolError);
  });

  it('turns envelopes into typed events', () => {
    const parse = (name: string, payload: string) => {
      const [envelope] = new ListenerParser().feed(header(1, 1, name, payload));
      assert.ok(envelope);
      return toSupervisorEvent(envelope);
    };
    assert.deepEqual(parse('PROCESS_STATE_EXITED', 'processname:w_01 groupname:workers from_state:RUNNING expected:0 pid:77'), {
      kind: 'process-state', name: 'w_01', group: 'workers', state: 'EXITED', fromState: 'RUNNING', pid: 77, expected: false,
    });
    assert.deepEqual(parse('PROCESS_STATE_BACKOFF', 'processname:x groupname:x from_state:STARTING tries:2'), {
      kind: 'process-state', name: 'x', group: 'x', state: 'BACKOFF', fromState: 'STARTING', tries: 2,
    });
    assert.deepEqual(parse('PROCESS_GROUP_REMOVED', 'groupname:old\n'), { kind: 'group-removed', group: 'old' });
    assert.deepEqual(parse('TICK_5', 'when:1700000000'), { kind: 'tick', when: 1700000000 });
    assert.deepEqual(parse('SUPERVISOR_STATE_CHANGE_STOPPING', ''), { kind: 'supervisor-stopping' });
    assert.deepEqual(parse('PROCESS_LOG_STDOUT', 'x'), { kind: 'other', eventName: 'PROCESS_LOG_STDOUT' });
    assert.deepEqual([...parseTokens(' a:1  b:two:parts ')], [['a', '1'], ['b', 'two:parts']]);
  });
});
