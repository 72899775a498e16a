/**
 * The Instance page (`/instance/<identifier>`, Python's "Supervisor page" of an instance,
 * spec/dashboard.md §6): a header card (nickname, ✪ Master, state, load, modes, the supervisord
 * log), the statistics period, then its processes (view=processes, the default) with the
 * selected process's statistics, or its host (view=host). Any instance is shown through the
 * serving node: its rows come from the store (S6, live), its statistics from the API.
 */
import type { PageProps } from '../page-props.js';
import { call } from '../../data/api.js';
import { linkTo, select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { processStatsKey } from '../../model/cluster-view.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import { HostView } from './host-view.js';
import { ProcessDetail } from './process-detail.js';
import { cpuInMode, processTable, type Usage } from './process-rows.js';
import { ProcessTable } from './process-table.js';
import { useExpectedLoads } from '../../data/expected-loads.js';
import { useFetched } from '../../data/use-fetched.js';
import './instance.css';
import { useNowSeconds } from '../../ui/use-now-seconds.js';

function Header(props: { readonly identifier: string; readonly served: boolean }) {
  const { identifier } = props;
  const view = cluster.value;
  const info = view.instances.get(identifier);
  const supvisors = view.supvisors;
  const master = supvisors?.master_identifier === identifier;
  const modes = [
    supvisors?.discovery_mode === true ? 'discovery' : '',
    supvisors?.starting_jobs.includes(identifier) === true ? 'starting' : '',
    supvisors?.stopping_jobs.includes(identifier) === true ? 'stopping' : '',
  ].filter((mode) => mode !== '');
  const mainLog = linkTo({ page: 'logs', subject: identifier, query: { process: 'supervisord' } });
  return (
    <section class="card instance-header" data-instance={identifier}>
      <h2>
        {master && (
          <span class="master-mark" title="Master" data-master="true">
            ✪{' '}
          </span>
        )}
        {info?.nick_identifier ?? identifier}
        <span class="muted"> {identifier}</span>
      </h2>
      <div class="facts">
        {info === undefined ? <span class="muted">unknown instance</span> : <StateBadge state={info.statename} />}
        <span data-load={info?.loading ?? ''}>load {info?.loading ?? '--'}%</span>
        <span class="modes" data-modes={modes.join(' ')}>
          {modes.length === 0 ? 'no job' : modes.join(' · ')}
        </span>
        <a href={mainLog.href} onClick={mainLog.onClick} data-tail="supervisord">
          supervisord log
        </a>
        <span class="apart">
          <ActionButton
            label="Stop all"
            name="stop-all"
            danger
            confirm={`Stop every process of ${info?.nick_identifier ?? identifier}?`}
            disabled={!props.served}
            title={props.served ? "Supervisor's stopAllProcesses on this instance" : 'only on the node serving this page (Supervisor\'s stopAllProcesses is local): open this page on that node'}
            run={() => call('supervisor.stopAllProcesses')}
          />
        </span>
      </div>
    </section>
  );
}

function PeriodChooser(props: { readonly periods: readonly number[]; readonly period: number | undefined }) {
  return (
    <span class="choices" role="group" aria-label="statistics period">
      {props.periods.map((period) => (
        <button key={period} type="button" aria-pressed={period === props.period} data-period={period} onClick={() => select({ period: String(period) })}>
          {period}s
        </button>
      ))}
    </span>
  );
}

function ProcessesView(props: { readonly identifier: string; readonly period: number | undefined; readonly selected: string | undefined; readonly served: boolean; readonly irixMode: boolean; readonly nbCores: number }) {
  const { identifier, period } = props;
  const view = cluster.value;
  const rows = view.local.get(identifier);
  const now = useNowSeconds();
  const groups = [...new Set([...(rows?.values() ?? [])].map((info) => info.group))].sort();
  const loads = useExpectedLoads(groups);
  const usage = (namespec: string): Usage | undefined => {
    const stats = period === undefined ? undefined : view.processStats.get(processStatsKey(identifier, namespec, period));
    return stats === undefined ? undefined : { cpu: cpuInMode(stats.cpu, props.irixMode, props.nbCores), mem: stats.mem };
  };
  const table = processTable(rows?.values() ?? [], now, loads, usage);
  const managed = new Set([...view.applications.values()].filter((application) => application.managed).map((application) => application.application_name));
  const supervisordStats = period === undefined ? undefined : view.processStats.get(processStatsKey(identifier, 'supervisord', period));
  const selected = props.selected === 'supervisord' || (props.selected !== undefined && rows?.has(props.selected) === true) ? props.selected : undefined;
  return (
    <div class={selected === undefined ? 'processes-view' : 'processes-view with-detail'}>
      {rows === undefined ? (
        <p class="muted">No process known on this instance (it is not running, or the cluster is not in DISTRIBUTION yet).</p>
      ) : (
        <div class="table-box">
        <ProcessTable
          identifier={identifier}
          table={table}
          managed={managed}
          selected={selected}
          served={props.served}
          supervisord={{ description: supervisordStats === undefined ? '' : `pid ${supervisordStats.pid}`, usage: usage('supervisord') }}
        />
        </div>
      )}
      {selected !== undefined && period !== undefined && <ProcessDetail identifier={identifier} namespec={selected} period={period} />}
    </div>
  );
}

export function InstancePage(props: PageProps) {
  const { route } = props;
  const view = cluster.value;
  const subject = route.subject ?? '';
  // the subject is an identifier, or a nick
  const identifier = view.instances.has(subject) ? subject : ([...view.instances.values()].find((info) => info.nick_identifier === subject)?.identifier ?? subject);
  const served = view.supvisors?.identifier === identifier;
  const asked = Number(route.query['period'] ?? '0') || 0;
  // supervisord's statistics: the periods configured, the CPU mode of the instance, the period answered
  const basics = useFetched(`${identifier} ${asked}`, undefined, () => call('supvisors.get_process_statistics', identifier, 'supervisord', asked));
  const period = basics.value?.period;
  const host = route.query['view'] === 'host';
  return (
    <div class="instance-page" data-instance-page={identifier}>
      <Header identifier={identifier} served={served} />
      <div class="toolbar">
        <span class="choices" role="group" aria-label="view">
          <button type="button" aria-pressed={!host} data-view="processes" onClick={() => select({ view: undefined })}>
            Processes
          </button>
          <button type="button" aria-pressed={host} data-view="host" onClick={() => select({ view: 'host' })}>
            Host
          </button>
        </span>
        <span class="muted">period</span>
        <PeriodChooser periods={basics.value?.periods ?? []} period={period} />
        {basics.error !== undefined && <span class="error">{basics.error}</span>}
      </div>
      {host ? (
        period === undefined ? null : <HostView identifier={identifier} period={period} query={route.query} />
      ) : (
        <ProcessesView identifier={identifier} period={period} selected={route.query['process']} served={served} irixMode={basics.value?.irix_mode ?? false} nbCores={basics.value?.nb_cores ?? 1} />
      )}
    </div>
  );
}
