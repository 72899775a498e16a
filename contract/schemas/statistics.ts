/**
 * JSON Schemas (TypeBox) of our statistics read methods (contract/supvisors-statistics.ts): the
 * compiled series of an instance's host and processes (stats/compiler.ts views), and the host
 * inventory. XML-RPC has no nil: a value that cannot be computed yet (too few points) is left
 * out of its struct, never null; names become `name` members of array items (a struct's member
 * names are not an order).
 */
import { Type } from '@sinclair/typebox';

const Trend = Type.Union([Type.Literal('stable'), Type.Literal('increase'), Type.Literal('decrease')], {
  description: 'the direction of the latest change (stats.md §6), left out when unknown',
});

export const SeriesSummary = Type.Object(
  {
    points: Type.Integer({ description: 'values in the series' }),
    latest: Type.Optional(Type.Number({ description: 'the last value; left out without points' })),
    mean: Type.Optional(Type.Number({ description: 'arithmetic mean; left out without points' })),
    trend: Type.Optional(Trend),
    slope: Type.Optional(Type.Number({ description: 'least-squares slope, unit per second; left out below 2 points' })),
    slope_per_period: Type.Optional(Type.Number({ description: 'slope × period (the "Slope/P" of Supvisors); left out below 2 points' })),
    stddev: Type.Optional(Type.Number({ description: 'population standard deviation; left out below 2 points' })),
  },
  { description: 'What Supvisors derives from a series (spec/stats.md §6)' },
);

export const Series = Type.Object(
  {
    times: Type.Array(Type.Number(), { description: 'uptimes of the points, seconds since the first sample of the series (the collecting instance clock)' }),
    values: Type.Array(Type.Number(), { description: 'one value per time' }),
    summary: SeriesSummary,
  },
  { description: 'One statistics series over one period' },
);

const Periods = Type.Array(Type.Number(), { description: 'the configured stats_periods of the answering instance, seconds, ascending' });

export const HostStatistics = Type.Object(
  {
    identifier: Type.String(),
    period: Type.Number({ description: 'the integration period of the series, seconds' }),
    periods: Periods,
    cores: Type.Integer({ description: 'logical cores as the series count them' }),
    cpu: Type.Array(Series, { description: 'percent: the average of all cores first (cpu#all), then one per core (cpu#0...); empty before 2 samples' }),
    mem: Series,
    net_io: Type.Array(Type.Object({ name: Type.String({ description: 'network interface' }), rx: Series, tx: Series }), { description: 'kbit/s received / sent per interface' }),
    disk_io: Type.Array(Type.Object({ name: Type.String({ description: 'block device' }), read: Series, write: Series }), { description: 'kbit/s read / written per device' }),
    disk_usage: Type.Array(Type.Object({ name: Type.String({ description: 'mount point' }), usage: Series }), { description: 'percent used per partition' }),
  },
  { description: 'The host statistics of an instance over one period (empty series until compiled or when disabled)' },
);

export const ProcessStatistics = Type.Object(
  {
    identifier: Type.String(),
    namespec: Type.String(),
    period: Type.Number({ description: 'the integration period of the series, seconds' }),
    periods: Periods,
    pid: Type.Integer({ description: 'the PID measured; 0 when the process has no series there (stopped, or not collected)' }),
    irix_mode: Type.Boolean({ description: 'CPU in IRIX mode (percent of one core) or Solaris mode (divided by nb_cores)' }),
    nb_cores: Type.Integer({ description: 'the divisor of the Solaris mode' }),
    cpu: Series,
    mem: Series,
  },
  { description: 'The statistics of one process on one instance over one period' },
);

export const HostInventory = Type.Object(
  {
    identifier: Type.String(),
    hostname: Type.String(),
    cpu_model: Type.String({ description: 'manufacturer and brand of the processor' }),
    physical_cores: Type.Integer(),
    logical_cores: Type.Integer(),
    cpu_frequency: Type.Number({ description: 'current frequency, MHz, as read once at the first request (0 when unknown)' }),
    memory_total: Type.Number({ description: 'physical memory, bytes' }),
    os_platform: Type.String({ description: 'e.g. linux' }),
    os_distro: Type.String({ description: 'e.g. Debian GNU/Linux' }),
    os_release: Type.String(),
    os_kernel: Type.String(),
    arch: Type.String(),
  },
  { description: 'What the host of an instance is, read once per node (systeminformation)' },
);
