import assert from 'node:assert/strict';
import { instanceInfoPayload } from '../../payloads/instance-info.js';

const A = 'a:1';

describe('instance info payload', () => {
  it('builds S2 InstanceInfo with int epoch seconds (capped) and float monotonic seconds (xmlrpc.md §5.2)', () => {
    const data = { identifier: A, nickIdentifier: 'nc', host: 'a', port: 1, state: 'RUNNING' as const, loading: 35, processFailure: true };
    assert.deepEqual(instanceInfoPayload(data), {
      identifier: A,
      nick_identifier: 'nc',
      node_name: 'a',
      port: 1,
      statecode: 3,
      statename: 'RUNNING',
      loading: 35,
      process_failure: true,
      remote_sequence_counter: 0,
      remote_time: 0,
      remote_mtime: 0,
      local_sequence_counter: 0,
      local_time: 0,
      local_mtime: 0,
    });
    const heartbeat = { remote: { counter: 12, timeMs: 1_700_000_000_900, monotonicMs: 5_250 }, local: { round: 40, timeMs: 9_999_999_999_999, monotonicMs: 7_125 } };
    const payload = instanceInfoPayload({ ...data, heartbeat });
    assert.deepEqual(
      [payload.remote_sequence_counter, payload.remote_time, payload.remote_mtime, payload.local_sequence_counter, payload.local_time, payload.local_mtime],
      [12, 1_700_000_000, 5.25, 40, 2 ** 31 - 1, 7.125],
    );
  });
});
