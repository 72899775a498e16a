/**
 * The managed applications with their state and operational status, and where their processes
 * run: one column per instance, each cell the number of processes running there (toned by their
 * states, ⚠ when one is in conflict, the names in its title). The rows are derived once per
 * store revision by the page (overview.ts placement).
 */
import { linkTo } from '../../data/navigation.js';
import { StateBadge } from '../../ui/state-badge.js';
import type { InstanceInfoPayload } from '../../../payloads/instance-info.js';
import type { ApplicationRow } from './overview.js';

function Status(props: { readonly row: ApplicationRow }) {
  const { major_failure: major, minor_failure: minor } = props.row.info;
  const [text, tone] = major ? ['major failure', 'failed'] : minor ? ['minor failure', 'moving'] : ['ok', 'running'];
  return (
    <span class={`status ${tone}`} data-status={text}>
      <span aria-hidden="true">{major ? '✕' : minor ? '!' : '✓'}</span> {text}
    </span>
  );
}

function ApplicationLine(props: { readonly row: ApplicationRow; readonly instances: readonly InstanceInfoPayload[] }) {
  const { row, instances } = props;
  const name = row.info.application_name;
  return (
    <tr data-application-row={name}>
      <th scope="row">
        <a {...linkTo({ page: 'application', subject: name, query: {} })}>{name}</a>
      </th>
      <td>
        <StateBadge state={row.info.statename} />
      </td>
      <td>
        <Status row={row} />
      </td>
      <td class="num" title="processes running / processes of the application">
        {row.running}/{row.total}
      </td>
      {instances.map((instance) => {
        const cell = row.cells.get(instance.identifier);
        if (cell === undefined) return <td key={instance.identifier} class="cell empty" data-cell={instance.identifier} />;
        const tone = cell.conflict ? 'failed' : cell.moving ? 'moving' : 'running';
        const names = cell.processes.map((process) => `${process.name} ${process.statename}${process.conflict ? ' (conflict)' : ''}`).join('\n');
        return (
          <td key={instance.identifier} class={`cell ${tone}`} data-cell={instance.identifier} data-count={cell.processes.length} title={`${name} on ${instance.nick_identifier}:\n${names}`}>
            {cell.conflict ? '⚠ ' : ''}
            {cell.processes.length}
          </td>
        );
      })}
    </tr>
  );
}

export function ApplicationsMatrix(props: { readonly rows: readonly ApplicationRow[]; readonly instances: readonly InstanceInfoPayload[]; readonly filtered: boolean }) {
  if (props.rows.length === 0) return <p class="muted">{props.filtered ? 'no managed application matches the filter' : 'no managed application'}</p>;
  return (
    <div class="matrix-scroll">
      <table class="grid matrix">
        <thead>
          <tr>
            <th>application</th>
            <th>state</th>
            <th>status</th>
            <th class="num">running</th>
            {props.instances.map((instance) => (
              <th key={instance.identifier} class="cell" title={instance.identifier}>
                {instance.nick_identifier}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <ApplicationLine key={row.info.application_name} row={row} instances={props.instances} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
