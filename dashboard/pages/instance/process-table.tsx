/**
 * The processes of one instance (spec/dashboard.md §6.1): grouped by application with a summary
 * row (load, CPU, MEM over its running processes; start / stop / restart of a managed
 * application), one row per process (state, live description, expected load, CPU / MEM latest
 * as the selection buttons, extra args, disabled mark, its actions and log links), the
 * supervisord row and the TOTAL.
 */
import { Fragment } from 'preact';
import { call } from '../../data/api.js';
import { linkTo, select } from '../../data/navigation.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import { canRestart, canStart, canStop, type GroupRows, type ProcessRow, type ProcessTable as Table, type Sums, type Usage } from './process-rows.js';

export interface ProcessTableProps {
  readonly identifier: string;
  readonly table: Table;
  /** Managed applications (the others have no application actions). */
  readonly managed: ReadonlySet<string>;
  readonly selected: string | undefined;
  /** The instance serves this page: Supervisor's own calls (clear logs) reach its supervisord. */
  readonly served: boolean;
  readonly supervisord: { readonly description: string; readonly usage: Usage | undefined };
}

const percent = (value: number | undefined): string => (value === undefined ? '--' : value.toFixed(2));

function UsageCells(props: { readonly namespec: string; readonly usage: Usage | undefined; readonly selected: boolean }) {
  const toggle = () => select({ process: props.selected ? undefined : props.namespec });
  return (
    <>
      {(['cpu', 'mem'] as const).map((kind) => (
        <td key={kind} class="figure">
          <button type="button" class="link" aria-pressed={props.selected} data-select={props.namespec} data-usage={kind} title="its detailed statistics" onClick={toggle}>
            {percent(props.usage?.[kind])}
          </button>
        </td>
      ))}
    </>
  );
}

function LogCells(props: { readonly identifier: string; readonly namespec: string; readonly served: boolean; readonly clear: () => Promise<unknown> }) {
  const tail = linkTo({ page: 'logs', subject: props.identifier, query: { process: props.namespec } });
  const stderr = linkTo({ page: 'logs', subject: props.identifier, query: { process: props.namespec, stream: 'stderr' } });
  return (
    <td class="actions">
      <div class="buttons">
      <ActionButton
        label="Clear"
        name={`clear ${props.namespec}`}
        run={props.clear}
        confirm={`Clear the logs of ${props.namespec}?`}
        danger
        disabled={!props.served}
        title={props.served ? 'clear its stdout and stderr logs' : "only on the node serving this page (Supervisor's clearProcessLogs is local)"}
      />
      <a href={tail.href} onClick={tail.onClick} data-tail={props.namespec}>
        stdout
      </a>
      <a href={stderr.href} onClick={stderr.onClick} data-tail-stderr={props.namespec}>
        stderr
      </a>
      </div>
    </td>
  );
}

function ProcessLine(props: { readonly row: ProcessRow; readonly identifier: string; readonly selected: boolean; readonly served: boolean }) {
  const { row } = props;
  const { info, namespec } = row;
  return (
    <tr class={props.selected ? 'selected' : undefined} data-process={namespec} data-state={info.statename}>
      <td class="name">
        ↳ {info.name}
        {info.disabled && (
          <span class="mark" title="disabled: it cannot be started" data-disabled="true">
            {' '}⊘ disabled
          </span>
        )}
      </td>
      <td>
        <StateBadge state={info.statename} crashed={info.has_crashed && !row.running} title={info.has_crashed ? 'it crashed on this instance' : undefined} />
      </td>
      <td class="description" data-description={namespec}>
        {row.description}
        {info.extra_args !== '' && <span class="extra-args" title="extra arguments"> [{info.extra_args}]</span>}
      </td>
      <td class="figure">{row.load ?? '--'}</td>
      <UsageCells namespec={namespec} usage={row.usage} selected={props.selected} />
      <td class="actions">
        <div class="buttons">
        <ActionButton label="Start" name={`start ${namespec}`} disabled={!canStart(info)} run={() => call('supvisors.start_process', 'CONFIG', namespec)} />
        <span class="apart">
          <ActionButton label="Stop" name={`stop ${namespec}`} danger confirm={`Stop ${namespec}?`} disabled={!canStop(info)} run={() => call('supvisors.stop_process', namespec)} />
          <ActionButton label="Restart" name={`restart ${namespec}`} danger confirm={`Restart ${namespec}?`} disabled={!canRestart(info)} run={() => call('supvisors.restart_process', 'CONFIG', namespec)} />
        </span>
        </div>
      </td>
      <LogCells identifier={props.identifier} namespec={namespec} served={props.served} clear={() => call('supervisor.clearProcessLogs', namespec)} />
    </tr>
  );
}

function SumCells(props: { readonly sums: Sums }) {
  return (
    <>
      <td class="figure">{props.sums.load}</td>
      <td class="figure">{percent(props.sums.cpu)}</td>
      <td class="figure">{percent(props.sums.mem)}</td>
    </>
  );
}

function GroupLine(props: { readonly group: GroupRows; readonly managed: boolean }) {
  const { group } = props;
  const application = linkTo({ page: 'application', subject: group.name, query: {} });
  return (
    <tr class="group" data-group={group.name}>
      <td colSpan={3}>{props.managed ? <a href={application.href} onClick={application.onClick}>{group.name}</a> : <span title="not in the rules: unmanaged">{group.name}</span>}</td>
      <SumCells sums={group.sums} />
      <td class="actions">
        {props.managed && (
          <div class="buttons">
            <ActionButton label="Start" name={`start-application ${group.name}`} run={() => call('supvisors.start_application', 'CONFIG', group.name)} />
            <span class="apart">
              <ActionButton label="Stop" name={`stop-application ${group.name}`} danger confirm={`Stop the application ${group.name}?`} run={() => call('supvisors.stop_application', group.name)} />
              <ActionButton label="Restart" name={`restart-application ${group.name}`} danger confirm={`Restart the application ${group.name}?`} run={() => call('supvisors.restart_application', 'CONFIG', group.name)} />
            </span>
          </div>
        )}
      </td>
      <td />
    </tr>
  );
}

export function ProcessTable(props: ProcessTableProps) {
  const { identifier, table, served } = props;
  const supervisordSelected = props.selected === 'supervisord';
  return (
    <table class="grid processes" data-processes={identifier}>
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th>Description</th>
          <th class="figure">Load</th>
          <th class="figure">%CPU</th>
          <th class="figure">%MEM</th>
          <th>Actions</th>
          <th>Logs</th>
        </tr>
      </thead>
      <tbody>
        {table.groups.map((group) => (
          <Fragment key={group.name}>
            <GroupLine group={group} managed={props.managed.has(group.name)} />
            {group.rows.map((row) => (
              <ProcessLine key={row.namespec} row={row} identifier={identifier} selected={props.selected === row.namespec} served={served} />
            ))}
          </Fragment>
        ))}
        <tr class={supervisordSelected ? 'selected supervisord' : 'supervisord'} data-process="supervisord">
          <td class="name">supervisord</td>
          <td>
            <StateBadge state="RUNNING" />
          </td>
          <td class="description">{props.supervisord.description}</td>
          <td class="figure">0</td>
          <UsageCells namespec="supervisord" usage={props.supervisord.usage} selected={supervisordSelected} />
          <td />
          <td class="actions">
            <a {...linkTo({ page: 'logs', subject: identifier, query: { process: 'supervisord' } })} data-tail="supervisord">
              main log
            </a>
          </td>
        </tr>
      </tbody>
      <tfoot>
        <tr class="total" data-total="">
          <td colSpan={3}>TOTAL</td>
          <SumCells sums={table.total} />
          <td colSpan={2} />
        </tr>
      </tfoot>
    </table>
  );
}
