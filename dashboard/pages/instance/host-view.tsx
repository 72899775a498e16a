/**
 * The host of an instance (spec/dashboard.md §6.2): its inventory (read once by that node), and
 * its statistics over the chosen period in four cards — CPU (average or one core), memory,
 * network per interface, disk I/O per device or usage per partition — each a chart and a
 * Latest / Mean / Slope / StdDev table whose rows choose what is charted. Fetched through the
 * serving node, again on each `hstats` of that instance and period arriving in the store.
 */
import { call } from '../../data/api.js';
import { select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { hostStatsKey } from '../../model/cluster-view.js';
import type { Result } from '../../../contract/index.js';
import { SeriesChart } from './series-chart.js';
import { StatsTable, type StatsRow } from './stats-table.js';
import { useFetched } from '../../data/use-fetched.js';

type HostStatistics = Result<'supvisors.get_host_statistics'>;

const GIB = 1024 ** 3;

function InventoryCard(props: { readonly identifier: string }) {
  const inventory = useFetched(props.identifier, undefined, () => call('supvisors.get_host_inventory', props.identifier));
  const value = inventory.value;
  return (
    <section class="card inventory" data-inventory={props.identifier}>
      <h3>Host</h3>
      {inventory.error !== undefined && <p class="error">{inventory.error}</p>}
      {value !== undefined && (
        <dl>
          <dt>Name</dt>
          <dd data-field="hostname">{value.hostname}</dd>
          <dt>Processor</dt>
          <dd data-field="cpu_model">{value.cpu_model}</dd>
          <dt>Cores</dt>
          <dd>
            <span data-field="physical_cores">{value.physical_cores}</span> physical / <span data-field="logical_cores">{value.logical_cores}</span> logical
          </dd>
          <dt>Frequency</dt>
          <dd data-field="cpu_frequency">{value.cpu_frequency > 0 ? `${value.cpu_frequency} MHz` : 'unknown'}</dd>
          <dt>Memory</dt>
          <dd data-field="memory_total">{(value.memory_total / GIB).toFixed(2)} GiB</dd>
          <dt>System</dt>
          <dd data-field="os">
            {value.os_distro} {value.os_release} · {value.os_platform} {value.os_kernel} · {value.arch}
          </dd>
        </dl>
      )}
    </section>
  );
}

/** The entry chosen by the query key, else the first one. */
function chosen<T extends { readonly name: string }>(entries: readonly T[], name: string | undefined): T | undefined {
  return entries.find((entry) => entry.name === name) ?? entries[0];
}

function ChartCard(props: { readonly title: string; readonly name: string; readonly children: preact.ComponentChildren; readonly tools?: preact.ComponentChildren }) {
  return (
    <section class="card chart-card" data-card={props.name}>
      <h3>
        {props.title} {props.tools}
      </h3>
      {props.children}
    </section>
  );
}

function CpuCard(props: { readonly stats: HostStatistics; readonly choice: number }) {
  const { cpu } = props.stats;
  const index = props.choice < cpu.length ? props.choice : 0;
  const rows: StatsRow[] = cpu.map((series, at) => ({
    label: at === 0 ? 'cpu#all' : `cpu#${at - 1}`,
    series,
    choice: { selected: at === index, choose: () => select({ cpu: at === 0 ? undefined : String(at) }), name: `cpu ${at}` },
  }));
  const shown = cpu[index];
  return (
    <ChartCard title="Processor (%)" name="cpu">
      {shown === undefined ? <p class="muted">No statistics yet.</p> : <SeriesChart name="host-cpu" unit="%" traces={[{ label: rows[index]?.label ?? 'cpu', series: shown }]} />}
      <StatsTable name="cpu" title="CPU" rows={rows} />
    </ChartCard>
  );
}

function MemCard(props: { readonly stats: HostStatistics }) {
  return (
    <ChartCard title="Memory (%)" name="mem">
      <SeriesChart name="host-mem" unit="%" traces={[{ label: 'mem', series: props.stats.mem }]} />
      <StatsTable name="mem" title="MEM" rows={[{ label: 'used', series: props.stats.mem }]} />
    </ChartCard>
  );
}

function NetCard(props: { readonly stats: HostStatistics; readonly nic: string | undefined }) {
  const { net_io: interfaces } = props.stats;
  const shown = chosen(interfaces, props.nic);
  const rows: StatsRow[] = interfaces.flatMap((entry) => {
    const choice = { selected: entry === shown, choose: () => select({ nic: entry.name }), name: `nic ${entry.name}` };
    return [
      { label: `${entry.name} Rx`, series: entry.rx, choice },
      { label: `${entry.name} Tx`, series: entry.tx },
    ];
  });
  return (
    <ChartCard title="Network I/O (kbit/s)" name="net">
      {shown === undefined ? (
        <p class="muted">No interface yet.</p>
      ) : (
        <SeriesChart name="host-net" unit="kbit/s" traces={[{ label: `${shown.name} received`, series: shown.rx }, { label: `${shown.name} sent`, series: shown.tx }]} />
      )}
      <StatsTable name="net" title="Interface" rows={rows} />
    </ChartCard>
  );
}

function DiskCard(props: { readonly stats: HostStatistics; readonly query: Readonly<Record<string, string>> }) {
  const usage = props.query['disk'] === 'usage';
  const toggle = (
    <span class="choices" role="group" aria-label="disk statistics">
      <button type="button" aria-pressed={!usage} data-disk="io" onClick={() => select({ disk: undefined })}>
        I/O
      </button>
      <button type="button" aria-pressed={usage} data-disk="usage" onClick={() => select({ disk: 'usage' })}>
        Usage
      </button>
    </span>
  );
  if (usage) {
    const partitions = props.stats.disk_usage;
    const shown = chosen(partitions, props.query['partition']);
    const rows: StatsRow[] = partitions.map((entry) => ({ label: entry.name, series: entry.usage, choice: { selected: entry === shown, choose: () => select({ partition: entry.name }), name: `partition ${entry.name}` } }));
    return (
      <ChartCard title="Disk usage (%)" name="disk" tools={toggle}>
        {shown === undefined ? <p class="muted">No partition yet.</p> : <SeriesChart name="host-disk-usage" unit="%" traces={[{ label: shown.name, series: shown.usage }]} />}
        <StatsTable name="disk-usage" title="Partition" rows={rows} />
      </ChartCard>
    );
  }
  const devices = props.stats.disk_io;
  const shown = chosen(devices, props.query['device']);
  const rows: StatsRow[] = devices.flatMap((entry) => {
    const choice = { selected: entry === shown, choose: () => select({ device: entry.name }), name: `device ${entry.name}` };
    return [
      { label: `${entry.name} R`, series: entry.read, choice },
      { label: `${entry.name} W`, series: entry.write },
    ];
  });
  return (
    <ChartCard title="Disk I/O (kbit/s)" name="disk" tools={toggle}>
      {shown === undefined ? (
        <p class="muted">No device yet.</p>
      ) : (
        <SeriesChart name="host-disk-io" unit="kbit/s" traces={[{ label: `${shown.name} read`, series: shown.read }, { label: `${shown.name} written`, series: shown.write }]} />
      )}
      <div class="scroll">
        <StatsTable name="disk-io" title="Device" rows={rows} />
      </div>
    </ChartCard>
  );
}

export function HostView(props: { readonly identifier: string; readonly period: number; readonly query: Readonly<Record<string, string>> }) {
  const { identifier, period, query } = props;
  const trigger = cluster.value.hostStats.get(hostStatsKey(identifier, period));
  const stats = useFetched(`${identifier} ${period}`, trigger, () => call('supvisors.get_host_statistics', identifier, period));
  const value = stats.value;
  return (
    <div class="host-view">
      <InventoryCard identifier={identifier} />
      {stats.error !== undefined && <p class="error">{stats.error}</p>}
      {value !== undefined && (
        <div class="chart-cards" data-host-stats={identifier} data-period={value.period}>
          <CpuCard stats={value} choice={Number(query['cpu'] ?? '0') || 0} />
          <MemCard stats={value} />
          <NetCard stats={value} nic={query['nic']} />
          <DiskCard stats={value} query={query} />
        </div>
      )}
    </div>
  );
}
