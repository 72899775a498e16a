import assert from 'node:assert/strict';
import { parseLogsArgs, placement, type ProcessInfo } from '../../cli/log-follow.js';

const info = (identifiers: string[], statename: ProcessInfo['statename'] = identifiers.length > 0 ? 'RUNNING' : 'STOPPED'): ProcessInfo => ({
  application_name: 'web',
  process_name: 'front',
  now_monotonic: 1,
  statecode: 0,
  statename,
  expected_exit: true,
  last_event_mtime: 1,
  identifiers,
  extra_args: '',
});

describe('logs: arguments and where to follow the process', () => {
  it('takes a namespec and stdout (default) or stderr', () => {
    assert.deepEqual(parseLogsArgs(['web:front']), { namespec: 'web:front', channel: 'stdout' });
    assert.deepEqual(parseLogsArgs(['web:front', 'stderr']), { namespec: 'web:front', channel: 'stderr' });
    for (const wrong of [[], [''], ['web:front', 'stdin'], ['web:front', 'stdout', 'more']]) assert.ok('error' in parseLogsArgs(wrong), wrong.join(' '));
  });

  it('follows it where it runs, stays while it runs there, waits while it runs nowhere', () => {
    assert.deepEqual(placement(info(['n2']), undefined), { kind: 'follow', identifier: 'n2' });
    assert.deepEqual(placement(info(['n2', 'n1']), undefined), { kind: 'follow', identifier: 'n2' }, 'a conflict: the first one');
    assert.deepEqual(placement(info(['n2', 'n1']), 'n1'), { kind: 'stay' });
    assert.deepEqual(placement(info(['n1']), 'n2'), { kind: 'follow', identifier: 'n1' }, 'it moved');
    assert.deepEqual(placement(info([], 'EXITED'), 'n2'), { kind: 'stopped', statename: 'EXITED' });
    assert.deepEqual(placement(info([]), undefined), { kind: 'stopped', statename: 'STOPPED' });
  });
});
