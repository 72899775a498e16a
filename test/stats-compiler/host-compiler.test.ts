import assert from 'node:assert/strict';
import { cpuPercents, integrateHostSample, ioRates, newHostSeries } from '../../stats-compiler/host-compiler.js';
import type { HostSample } from '../../stats-compiler/types.js';

function host(now: number, overrides: Partial<HostSample> = {}): HostSample {
  return {
    now,
    cpu: [[10, 30], [5, 15], [15, 15]],
    mem: 20,
    net_io: { lo: [1000, 2000], eth0: [0, 0] },
    disk_usage: { '/': 40 },
    disk_io: { vda: [0, 0] },
    ...overrides,
  };
}

describe('host statistics integration', () => {
  it('computes CPU percent per entry as 100 × Δwork / (Δwork + Δidle), 0 when no time elapsed', () => {
    assert.deepEqual(
      cpuPercents(
        [[10, 30], [5, 15], [15, 15], [1, 1]],
        [[13, 31], [5, 17], [19, 15]],
      ),
      [75, 0, 100],
    );
    assert.deepEqual(cpuPercents([[1, 1]], [[1, 1]]), [0]);
  });

  it('computes I/O rates in kbit/s (bytes / s / 128), skipping wrapped counters and new entries', () => {
    const rates = ioRates(
      { lo: [1000, 2000], eth0: [5000, 100], wrapped: [500, 500] },
      { lo: [1000 + 1280 * 4, 2000 + 256 * 4], eth0: [6000, 100], wrapped: [10, 600], fresh: [1, 1] },
      4,
    );
    assert.deepEqual(rates, { lo: [10, 2], eth0: [1000 / 4 / 128, 0] });
  });

  it('primes on the first sample, waits for the period, then integrates and keeps histories', () => {
    const series = newHostSeries(10);
    assert.equal(integrateHostSample(series, host(100), 200), undefined);
    assert.equal(integrateHostSample(series, host(105), 200), undefined, 'ignored before the period');
    assert.equal(integrateHostSample(series, host(109.99), 200), undefined);
    const first = integrateHostSample(
      series,
      host(110, {
        cpu: [[20, 40], [10, 20], [30, 20]],
        mem: 25,
        net_io: { lo: [1000 + 12800, 2000 + 1280], eth0: [0, 0] },
        disk_usage: { '/': 41 },
        disk_io: { vda: [128 * 10 * 3, 0] },
      }),
      200,
    );
    assert.ok(first !== undefined);
    assert.deepEqual(first.period, [0, 10]);
    assert.deepEqual(first.cpu, [50, 50, 75]);
    assert.equal(first.mem, 25);
    assert.deepEqual(first.net_io, { lo: [10, 1], eth0: [0, 0] });
    assert.deepEqual(first.disk_io, { vda: [3, 0] });
    assert.deepEqual(first.disk_usage, { '/': 41 });
    assert.deepEqual(first.changes.netIo, { added: [], removed: [] });
    assert.deepEqual(series.times, [10]);
    assert.deepEqual(series.cpu, [[50], [50], [75]]);
    assert.deepEqual(series.mem, [25]);
    assert.deepEqual(series.netIo.get('lo'), { times: [10], values: [[10], [1]] });
    assert.deepEqual(series.diskUsage.get('/'), { times: [10], values: [[41]] });

    // Next window: eth0 wraps (obsolete, deleted), eth1 appears (new), the partition /data appears.
    const second = integrateHostSample(
      series,
      host(121, {
        cpu: [[20, 40], [10, 20], [30, 20]],
        net_io: { lo: [1000 + 12800, 2000 + 1280], eth0: [0, 0], eth1: [5, 5] },
        disk_usage: { '/': 41, '/data': 3 },
        disk_io: { vda: [128 * 10 * 3, 0] },
      }),
      200,
    );
    assert.ok(second !== undefined);
    assert.deepEqual(second.period, [10, 21]);
    assert.deepEqual(second.cpu, [0, 0, 0]);
    assert.deepEqual(second.net_io, { lo: [0, 0], eth0: [0, 0] });
    assert.deepEqual(second.changes.diskUsage, { added: ['/data'], removed: [] });
    const third = integrateHostSample(
      series,
      host(131, { net_io: { lo: [1000 + 12800, 2000 + 1280], eth1: [50, 50] }, disk_usage: { '/': 41 } }),
      200,
    );
    assert.ok(third !== undefined);
    assert.deepEqual(third.changes.netIo, { added: ['eth1'], removed: ['eth0'] });
    assert.deepEqual(third.changes.diskUsage, { added: [], removed: ['/data'] });
    assert.deepEqual(series.netIo.get('eth1')?.times, [31]);
    assert.deepEqual([...series.netIo.keys()], ['lo', 'eth1']);
    assert.deepEqual(series.times, [10, 21, 31]);
  });

  it('keeps only the last histo points, and the cores known from the first sample', () => {
    const series = newHostSeries(1);
    integrateHostSample(series, host(0), 3);
    for (let now = 1; now <= 5; now += 1) {
      integrateHostSample(series, host(now, { mem: now, cpu: [[now, now], [now, now], [now, now], [now, now]] }), 3);
    }
    assert.deepEqual(series.times, [3, 4, 5]);
    assert.deepEqual(series.mem, [3, 4, 5]);
    assert.equal(series.cpu.length, 3);
    assert.ok(series.cpu.every((list) => list.length === 3));
    assert.deepEqual(series.netIo.get('lo')?.times, [3, 4, 5]);
  });

  it('restarts the series when the collector clock goes back (host rebooted)', () => {
    const series = newHostSeries(5);
    integrateHostSample(series, host(1000), 10);
    assert.ok(integrateHostSample(series, host(1005), 10) !== undefined);
    assert.equal(integrateHostSample(series, host(3), 10), undefined);
    assert.deepEqual(series.times, []);
    assert.equal(series.start, 3);
    assert.deepEqual(integrateHostSample(series, host(8), 10)?.period, [0, 5]);
  });
});
