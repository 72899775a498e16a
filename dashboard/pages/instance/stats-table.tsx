/**
 * The Latest / Mean / Slope / StdDev table of statistics series (spec/stats.md §6): the latest
 * value with its trend (↗ increase in red, ↝ stable in blue, ↘ decrease in green, as Supvisors
 * draws them), `--` where too few points. A row may be a choice (the plotted CPU, NIC...).
 */
import type { Series } from './chart-data.js';

export interface StatsRow {
  readonly label: string;
  readonly series: Series;
  /** The row is a choice: selected or not, and what choosing it does. */
  readonly choice?: { readonly selected: boolean; readonly choose: () => void; readonly name: string };
}

const ARROWS = { increase: '↗', stable: '↝', decrease: '↘' } as const;

const figure = (value: number | undefined): string => (value === undefined ? '--' : value.toFixed(2));

export function StatsTable(props: { readonly title: string; readonly rows: readonly StatsRow[]; readonly name: string }) {
  return (
    <table class="grid stats-table" data-stats={props.name}>
      <thead>
        <tr>
          <th>{props.title}</th>
          <th>Latest</th>
          <th>Mean</th>
          <th title="least-squares slope over one period">Slope/P</th>
          <th>StdDev</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => {
          const { summary } = row.series;
          const trend = summary.trend;
          return (
            <tr key={row.label} class={row.choice?.selected === true ? 'selected' : undefined}>
              <td>
                {row.choice === undefined ? (
                  row.label
                ) : (
                  <button type="button" class="link" aria-pressed={row.choice.selected} data-choice={row.choice.name} onClick={row.choice.choose}>
                    {row.label}
                  </button>
                )}
              </td>
              <td class={`latest ${trend ?? ''}`} data-latest={summary.latest ?? ''}>
                {figure(summary.latest)} {trend === undefined ? '' : <span title={trend}>{ARROWS[trend]}</span>}
              </td>
              <td>{figure(summary.mean)}</td>
              <td>{figure(summary.slope_per_period)}</td>
              <td>{figure(summary.stddev)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
