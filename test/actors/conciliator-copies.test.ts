/**
 * actors/conciliator/copies.ts: the copies of a conflict compared on each instance's own
 * monotonic clock (heartbeats), so the conciliation strategies see the real order of starts.
 */
import assert from 'node:assert/strict';
import { conflictCopies } from '../../actors/conciliator/copies.js';
import type { HeartbeatRecord } from '../../cluster/instance-states.js';
import { applyReport, emptyModel, type ProcessRecord } from '../../model/cluster-model.js';
import { conciliate } from '../../strategies/conciliation.js';
import { uptime } from '../../model/process-state.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import { localProcess } from '../helpers/local-process.js';

/** app:web reported by each instance given, in that order. */
function recordOf(copies: readonly (readonly [string, Partial<LocalProcess>])[]): ProcessRecord {
  let model = emptyModel;
  for (const [identifier, extra] of copies) model = applyReport(model, identifier, localProcess('app', 'web', 'RUNNING', extra), 0);
  const record = model.processes.get('app:web');
  assert.ok(record !== undefined);
  return record;
}

/** A heartbeat sent at `remoteMs` on the instance's clock, received at `localMs` on ours. */
const beat = (remoteMs: number, localMs: number): HeartbeatRecord => ({
  remote: { counter: 1, timeMs: 0, monotonicMs: remoteMs },
  local: { round: 1, timeMs: 0, monotonicMs: localMs },
  restarted: false,
});

describe('conciliator copies (uptimes on each instance clock)', () => {
  it('tells apart copies whose whole-second starts tie: SENICIDE keeps the one started last', () => {
    // A started 1.1 s before B, both stamped in epoch second 1001; the hosts' monotonic clocks differ.
    const record = recordOf([
      ['A', { start: 1001, startMonotonic: 500.0 }],
      ['B', { start: 1001, startMonotonic: 9001.1 }],
    ]);
    const heartbeats = new Map([
      ['A', beat(501_500, 20_000)], // A's clock at 501.5 s when our clock read 20 s
      ['B', beat(9_001_400, 20_100)], // B's clock at 9001.4 s when ours read 20.1 s
    ]);
    const copies = conflictCopies(record, heartbeats, { epoch: 1002.5, monotonic: 21 });
    const uptimes = copies.instances.map((copy) => [copy.identifier, Number(uptime(copy).toFixed(3))]);
    assert.deepEqual(uptimes, [
      ['A', 2.5],
      ['B', 1.2],
    ]);
    assert.deepEqual(conciliate('SENICIDE', [copies]), [{ kind: 'stop', namespec: 'app:web', identifiers: ['A'] }]);
    assert.deepEqual(conciliate('INFANTICIDE', [copies]), [{ kind: 'stop', namespec: 'app:web', identifiers: ['B'] }]);
  });

  it('without a heartbeat, falls back on the epoch start (whole seconds)', () => {
    const record = recordOf([
      ['A', { start: 1000, startMonotonic: 70 }],
      ['B', { start: 1003, startMonotonic: 40 }],
    ]);
    const copies = conflictCopies(record, new Map(), { epoch: 1010, monotonic: 0 });
    assert.deepEqual(
      copies.instances.map((copy) => [copy.identifier, uptime(copy)]),
      [
        ['A', 10],
        ['B', 7],
      ],
    );
  });

  it('a copy not running (STARTING) has no uptime: SENICIDE keeps it', () => {
    let model = applyReport(emptyModel, 'A', localProcess('app', 'web', 'RUNNING', { start: 1000, startMonotonic: 10 }), 0);
    model = applyReport(model, 'B', localProcess('app', 'web', 'STARTING', { start: 900, startMonotonic: 5 }), 0);
    const record = model.processes.get('app:web');
    assert.ok(record !== undefined);
    const copies = conflictCopies(record, new Map([['A', beat(20_000, 0)], ['B', beat(20_000, 0)]]), { epoch: 1010, monotonic: 0 });
    assert.deepEqual(conciliate('SENICIDE', [copies]), [{ kind: 'stop', namespec: 'app:web', identifiers: ['A'] }]);
  });
});
