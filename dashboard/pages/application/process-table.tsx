/**
 * The processes of an application: one line each (synthetic state, where it runs, description,
 * expected load, latest CPU and MEM, actions, logs), expandable into one row per instance that
 * knows it (Supvisors' application page, spec/dashboard.md §7). Start, Stop and Restart go
 * through Supvisors with the strategy chosen; Stop and Restart ask first.
 */
import { call } from '../../data/api.js';
import { linkTo, select } from '../../data/navigation.js';
import type { ClusterView } from '../../model/cluster-view.js';
import type { Route } from '../../../api/dashboard-paths.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import { canStart, canStop, isExpanded, latestStats, toggleExpanded, ALL_EXPANDED, type InstanceLine, type ProcessLine } from './application-view.js';

export interface ProcessTableProps {
  readonly route: Route;
  readonly view: ClusterView;
  readonly lines: readonly ProcessLine[];
  readonly strategy: string;
  readonly period: number | undefined;
  /** Expected load per namespec (get_process_rules), once known. */
  readonly loads: ReadonlyMap<string, number>;
}

const percent = (value: number | undefined): string => (value === undefined ? '--' : value.toFixed(2));

function LogLinks(props: { readonly line: InstanceLine; readonly namespec: string }) {
  const { row, identifier } = props.line;
  const to = (stream: string | undefined) => linkTo({ page: 'logs', subject: identifier, query: stream === undefined ? { process: props.namespec } : { process: props.namespec, stream } });
  return (
    <span class="logs">
      {row.has_stdout ? <a {...to(undefined)} data-log="stdout">stdout</a> : <span class="muted">stdout</span>}{' '}
      {row.has_stderr ? <a {...to('stderr')} data-log="stderr">stderr</a> : <span class="muted">stderr</span>}
    </span>
  );
}

function StatsCells(props: { readonly view: ClusterView; readonly line: InstanceLine | undefined; readonly namespec: string; readonly period: number | undefined; readonly selected: boolean }) {
  const { line } = props;
  const stats = line === undefined ? undefined : latestStats(props.view, line.identifier, props.namespec, props.period);
  if (stats === undefined) {
    return (
      <>
        <td class="num">--</td>
        <td class="num">--</td>
      </>
    );
  }
  const toggle = () => select({ process: props.selected ? undefined : props.namespec });
  return (
    <>
      <td class="num">
        <button type="button" class="figure" aria-pressed={props.selected} data-cpu={props.namespec} title="show its statistics" onClick={toggle}>
          {percent(stats.cpu)}
        </button>
      </td>
      <td class="num">
        <button type="button" class="figure" aria-pressed={props.selected} data-mem={props.namespec} title="show its statistics" onClick={toggle}>
          {percent(stats.mem)}
        </button>
      </td>
    </>
  );
}

function Where(props: { readonly line: ProcessLine }) {
  if (props.line.conflict) {
    return (
      <a class="conflict" {...linkTo({ page: 'conciliation', query: {} })} data-conflict={props.line.namespec} title="it runs on several instances">
        ⚠ Conciliate
      </a>
    );
  }
  return (
    <>
      {props.line.running.map((place) => (
        <a key={place.identifier} class="pill" data-instance={place.identifier} {...linkTo({ page: 'instance', subject: place.identifier, query: {} })}>
          {place.nick}
        </a>
      ))}
    </>
  );
}

function ProcessRows(props: ProcessTableProps & { readonly line: ProcessLine; readonly names: readonly string[] }) {
  const { line, route, strategy } = props;
  const expanded = isExpanded(route.query['expanded'], line.name);
  const selected = route.query['process'] === line.namespec;
  const load = props.loads.get(line.namespec);
  const running = line.source !== undefined && line.running.some((place) => place.identifier === line.source?.identifier);
  return (
    <>
      <tr class={`process${selected ? ' selected' : ''}`} data-process={line.namespec} data-state={line.statename}>
        <td>
          <button type="button" class="link toggle" aria-expanded={expanded} title={expanded ? 'hide the instances' : 'show the instances'} onClick={() => select({ expanded: toggleExpanded(route.query['expanded'], line.name, props.names) })}>
            {expanded ? '−' : '+'}
          </button>
        </td>
        <td class="name">{line.name}</td>
        <td>
          <StateBadge state={line.statename} crashed={line.failed} title={line.failed ? `${line.statename}, not expected` : undefined} />
          {line.crashed && !line.failed && <span class="crash-mark" title="it crashed on an instance before"> ↯</span>}
          {line.conflict && <span class="conflict-mark" title="running on several instances"> ⚠</span>}
          {line.disabled && <span class="muted"> disabled</span>}
        </td>
        <td class="where">
          <Where line={line} />
        </td>
        <td class="description">{line.description}</td>
        <td class="num">{load ?? ''}</td>
        <StatsCells view={props.view} line={running ? line.source : undefined} namespec={line.namespec} period={props.period} selected={selected} />
        <td class="actions">
          <ActionButton name="start" label="Start" disabled={!canStart(line.statename) || line.disabled} run={() => call('supvisors.start_process', strategy, line.namespec)} done={`${line.namespec} started`} />
          <span class="apart">
            <ActionButton name="stop" label="Stop" danger confirm={`Stop ${line.namespec}?`} disabled={!canStop(line.statename)} run={() => call('supvisors.stop_process', line.namespec)} done={`${line.namespec} stopped`} />
            <ActionButton name="restart" label="Restart" danger confirm={`Restart ${line.namespec}?`} disabled={!canStop(line.statename) || line.disabled} run={() => call('supvisors.restart_process', strategy, line.namespec)} done={`${line.namespec} restarted`} />
          </span>
        </td>
        <td>{line.source !== undefined && <LogLinks line={line.source} namespec={line.namespec} />}</td>
      </tr>
      {expanded &&
        line.instances.map((instance) => (
          <tr key={instance.identifier} class="instance-row" data-process={line.namespec} data-instance={instance.identifier} data-state={instance.row.statename}>
            <td />
            <td class="name">↳</td>
            <td>
              <StateBadge state={instance.row.statename} crashed={instance.failed} title={instance.failed ? `${instance.row.statename}, not expected` : undefined} />
              {instance.row.has_crashed && !instance.failed && <span class="crash-mark" title="it crashed here before"> ↯</span>}
              {instance.row.disabled && <span class="muted"> disabled</span>}
            </td>
            <td class="where">
              <a class="pill" {...linkTo({ page: 'instance', subject: instance.identifier, query: {} })}>
                {instance.nick}
              </a>
            </td>
            <td class="description">{instance.description}</td>
            <td class="num">{load ?? ''}</td>
            <StatsCells view={props.view} line={instance} namespec={line.namespec} period={props.period} selected={selected} />
            <td />
            <td>
              <LogLinks line={instance} namespec={line.namespec} />
            </td>
          </tr>
        ))}
    </>
  );
}

export function ProcessTable(props: ProcessTableProps) {
  const names = props.lines.map((line) => line.name);
  const allExpanded = props.route.query['expanded'] === ALL_EXPANDED;
  return (
    <table class="grid app-processes">
      <thead>
        <tr>
          <th>
            <button type="button" class="link toggle" data-action="expand-all" title={allExpanded ? 'hide every instance row' : 'show every instance row'} onClick={() => select({ expanded: allExpanded ? undefined : ALL_EXPANDED })}>
              {allExpanded ? '−' : '+'}
            </button>
          </th>
          <th>Name</th>
          <th>State</th>
          <th>Where</th>
          <th>Description</th>
          <th class="num">Load %</th>
          <th class="num">CPU %</th>
          <th class="num">MEM %</th>
          <th>Actions</th>
          <th>Logs</th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => (
          <ProcessRows key={line.namespec} {...props} line={line} names={names} />
        ))}
      </tbody>
    </table>
  );
}
