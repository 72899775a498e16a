/**
 * The Instance page's pure parts: the processes table (dashboard/pages/instance/process-rows.ts)
 * and the chart columns (chart-data.ts).
 */
import assert from 'node:assert/strict';
import type { LocalProcess } from '../../dashboard/model/cluster-view.js';
import { chartColumns, type Series } from '../../dashboard/pages/instance/chart-data.js';
import { canRestart, canStart, canStop, cpuInMode, processTable } from '../../dashboard/pages/instance/process-rows.js';

function row(group: string, name: string, statename: LocalProcess['statename'], more: Partial<LocalProcess> = {}): LocalProcess {
  return {
    name, group, state: 0, statename, start: statename === 'STOPPED' ? 0 : 1000, stop: 0, now: 1000, pid: statename === 'RUNNING' ? 42 : 0, description: '', spawnerr: '', expected: true,
    start_monotonic: 0, stop_monotonic: 0, now_monotonic: 0, extra_args: '', startsecs: 0, stopwaitsecs: 0, process_index: 0,
    program_name: name, disabled: false, has_stdout: true, has_stderr: false, exitstatus: 0, local_mtime: 0, event_time: 0, uptime: 0,
    has_crashed: false, identifier: 'node1', nick_identifier: 'node1', ...more,
  };
}

const series = (values: number[], summary: Series['summary']): Series => ({ times: values.map((_, index) => 5 * (index + 1)), values, summary });

describe('dashboard Instance page: processes table and chart columns', () => {
  it('groups by application, describes live, sums the running processes only', () => {
    const rows = [row('web', 'server', 'RUNNING'), row('web', 'db', 'STOPPED'), row('batch', 'worker_0', 'RUNNING', { extra_args: '-x' }), row('ticker', 'ticker', 'FATAL', { spawnerr: 'Exited too quickly' })];
    const loads = new Map([['web:server', 10], ['web:db', 10], ['batch:worker_0', 15]]);
    const usage = (namespec: string) => (namespec === 'web:server' ? { cpu: 1.5, mem: 2 } : namespec === 'web:db' ? { cpu: 50, mem: 50 } : undefined);
    const table = processTable(rows, 1000 + 3723, loads, usage);
    assert.deepEqual(table.groups.map((group) => [group.name, group.rows.map((one) => one.namespec)]), [['batch', ['batch:worker_0']], ['ticker', ['ticker']], ['web', ['web:db', 'web:server']]]);
    const web = table.groups[2];
    assert.deepEqual(web?.rows.map((one) => one.description), ['Not started', 'pid 42, uptime 1:02:03']);
    // a stopped process has no usage, and counts in no sum
    assert.equal(web?.rows[0]?.usage, undefined);
    assert.deepEqual(web?.sums, { load: 10, cpu: 1.5, mem: 2 });
    assert.equal(table.groups[1]?.rows[0]?.description, 'Exited too quickly');
    assert.deepEqual(table.total, { load: 25, cpu: 1.5, mem: 2 });
  });

  it('enables the actions as Supervisor does', () => {
    assert.deepEqual([canStart, canStop, canRestart].map((can) => can(row('g', 'p', 'STOPPED'))), [true, false, false]);
    assert.deepEqual([canStart, canStop, canRestart].map((can) => can(row('g', 'p', 'RUNNING'))), [false, true, true]);
    assert.deepEqual([canStart, canStop, canRestart].map((can) => can(row('g', 'p', 'FATAL', { disabled: true }))), [false, false, false]);
    assert.deepEqual([canStart, canStop, canRestart].map((can) => can(row('g', 'p', 'BACKOFF', { disabled: true }))), [false, true, false]);
    assert.deepEqual([canStart, canStop, canRestart].map((can) => can(row('g', 'p', 'STOPPING'))), [false, false, false]);
  });

  it('divides the IRIX CPU of the events by the cores in Solaris mode', () => {
    assert.equal(cpuInMode(150, true, 4), 150);
    assert.equal(cpuInMode(150, false, 4), 37.5);
    assert.equal(cpuInMode(150, false, 1), 150);
  });

  it('draws one series with its mean, trend through the means and ±σ band; two series bare', () => {
    const one = chartColumns([{ label: 'cpu', series: series([1, 3], { points: 2, latest: 3, mean: 2, slope: 0.4, stddev: 1 }) }]);
    assert.deepEqual(one.x, [5, 10]);
    assert.deepEqual(one.labels, ['cpu', 'mean', 'trend', 'mean+σ', 'mean−σ']);
    assert.deepEqual(one.lines, [[1, 3], [2, 2], [1, 3], [3, 3], [1, 1]]);
    assert.equal(one.decorated, true);
    const early = chartColumns([{ label: 'cpu', series: series([7], { points: 1, latest: 7, mean: 7 }) }]);
    assert.deepEqual(early.lines, [[7], [7], [null], [null], [null]]);
    const two = chartColumns([{ label: 'rx', series: series([1, 2], { points: 2 }) }, { label: 'tx', series: series([3, 4], { points: 2 }) }]);
    assert.deepEqual(two, { x: [5, 10], lines: [[1, 2], [3, 4]], labels: ['rx', 'tx'], decorated: false });
  });
});
