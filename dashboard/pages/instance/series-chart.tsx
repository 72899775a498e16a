/**
 * A statistics chart (uPlot): the series, and for a single one its mean, trend and ±σ band
 * (chart-data.ts). New data goes in place (setData): the canvas is kept, nothing flickers; the
 * chart is rebuilt only when the lines change (another trace count), and follows its box's width.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartColumns, type Trace } from './chart-data.js';

const HEIGHT = 180;

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Tick labels with as many decimals as their spacing needs (a flat 0.0131 series is not three "0.013"). */
function tickTexts(splits: readonly number[]): string[] {
  const step = splits.length > 1 ? Math.abs((splits[1] ?? 0) - (splits[0] ?? 0)) : 1;
  const decimals = step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step)))) : 0;
  return splits.map((value) => value.toFixed(decimals));
}

function options(labels: readonly string[], decorated: boolean, unit: string, width: number): uPlot.Options {
  const palette = [cssColor('--accent', '#2f6fde'), cssColor('--moving', '#b7791f')];
  const muted = cssColor('--muted', '#667085');
  const grid = cssColor('--line', '#d9dee5');
  const traces = decorated ? labels.length - 4 : labels.length;
  const series: uPlot.Series[] = [{ label: 'uptime (s)' }];
  labels.forEach((label, index) => {
    if (index < traces) series.push({ label, stroke: palette[index % palette.length], width: 1.5, value: (_, value) => (value === null ? '--' : `${value.toFixed(2)} ${unit}`) });
    else if (index === traces) series.push({ label, stroke: muted, dash: [6, 4], width: 1 });
    else if (index === traces + 1) series.push({ label, stroke: muted, dash: [2, 3], width: 1 });
    else series.push({ label, stroke: 'transparent', show: true, points: { show: false } });
  });
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: false } },
    series,
    bands: decorated ? [{ series: [traces + 2, traces + 3], fill: 'rgba(120, 140, 170, 0.18)' }] : [],
    axes: [
      { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 60, values: (_, splits) => tickTexts(splits) },
    ],
    // the legend is ours (below): uPlot's would list the band's two bounds as lines
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
  };
}

export function SeriesChart(props: { readonly traces: readonly Trace[]; readonly unit: string; readonly name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{ plot: uPlot; shape: string } | undefined>(undefined);
  const columns = chartColumns(props.traces);
  const shape = `${columns.labels.join('|')}`;
  const data: uPlot.AlignedData = [columns.x, ...columns.lines];

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const current = chart.current;
    if (current !== undefined && current.shape === shape) {
      current.plot.setData(data);
      return;
    }
    current?.plot.destroy();
    chart.current = { plot: new uPlot(options(columns.labels, columns.decorated, props.unit, element.clientWidth || 400), data, element), shape };
  });

  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    const observer = new ResizeObserver(() => chart.current?.plot.setSize({ width: element.clientWidth, height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.plot.destroy();
      chart.current = undefined;
    };
  }, []);

  return (
    <div class="series-chart-box">
      <div class="series-chart" ref={box} data-chart={props.name} data-points={columns.x.length} />
      <div class="chart-legend">
        {props.traces.map((trace, index) => (
          <span key={trace.label} class={`trace trace-${index}`}>
            {trace.label}
          </span>
        ))}
        {columns.decorated && (
          <>
            <span class="mean">mean</span>
            <span class="trend">trend</span>
            <span class="band">mean ± σ</span>
          </>
        )}
      </div>
    </div>
  );
}
