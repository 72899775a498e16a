/**
 * The detailed statistics of the selected process (spec/dashboard.md §6.1): its CPU and MEM
 * over the chosen period, charted with mean, trend and ±σ band, and their table. Fetched
 * through the serving node (supvisors.get_process_statistics), again on each `pstats` of
 * that process, instance and period arriving in the store.
 */
import { call } from '../../data/api.js';
import { cluster } from '../../data/store.js';
import { processStatsKey } from '../../model/cluster-view.js';
import { SeriesChart } from './series-chart.js';
import { StatsTable } from './stats-table.js';
import { useFetched } from '../../data/use-fetched.js';

export function ProcessDetail(props: { readonly identifier: string; readonly namespec: string; readonly period: number }) {
  const { identifier, namespec, period } = props;
  const trigger = cluster.value.processStats.get(processStatsKey(identifier, namespec, period));
  const stats = useFetched(`${identifier} ${namespec} ${period}`, trigger, () => call('supvisors.get_process_statistics', identifier, namespec, period));
  const value = stats.value;
  return (
    <section class="card detail" data-detail={namespec}>
      <h3>
        {namespec} <span class="muted">on {identifier}{value === undefined || value.pid === 0 ? '' : `, pid ${value.pid}`}</span>
      </h3>
      {stats.error !== undefined && <p class="error">{stats.error}</p>}
      {value !== undefined && (
        <>
          {value.cpu.values.length === 0 && <p class="muted">No statistics yet for this period.</p>}
          <StatsTable
            name="process"
            title={`${value.period} s`}
            rows={[
              { label: `%CPU${value.irix_mode ? '' : ` (÷${value.nb_cores} cores)`}`, series: value.cpu },
              { label: '%MEM', series: value.mem },
            ]}
          />
          <div class="charts">
            <figure>
              <figcaption>CPU %</figcaption>
              <SeriesChart name="process-cpu" unit="%" traces={[{ label: 'cpu', series: value.cpu }]} />
            </figure>
            <figure>
              <figcaption>MEM %</figcaption>
              <SeriesChart name="process-mem" unit="%" traces={[{ label: 'mem', series: value.mem }]} />
            </figure>
          </div>
        </>
      )}
    </section>
  );
}
