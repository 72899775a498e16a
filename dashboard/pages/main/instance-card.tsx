/**
 * One instance's card: nickname (✪ for the Master) linking to its page, state, load, process
 * counts, failure light, starting / stopping activity, and the chips of the processes running
 * there by application. DOM contract (the dashboard bench relies on it): the card has
 * `data-card-instance`, each chip `data-process` and `data-state`, class `conflict` when the
 * process runs on several instances.
 */
import { linkTo } from '../../data/navigation.js';
import type { LocalProcess } from '../../model/cluster-view.js';
import { Light, StateBadge, toneOf } from '../../ui/state-badge.js';
import type { InstanceInfoPayload } from '../../../payloads/instance-info.js';
import { instanceSummary, type Chip } from './overview.js';
import { PureComponent } from '../../ui/pure-component.js';

export interface InstanceCardProps {
  readonly info: InstanceInfoPayload;
  readonly rows: ReadonlyMap<string, LocalProcess> | undefined;
  readonly master: boolean;
  readonly starting: boolean;
  readonly stopping: boolean;
  /** Same identity while the set of conflicts is the same (the page keys it on its content). */
  readonly conflicts: ReadonlySet<string>;
  readonly filter: string;
}

export function ProcessChip(props: { readonly chip: Chip; readonly identifier: string }) {
  const { chip } = props;
  const tone = toneOf(chip.statename);
  const title = `${chip.namespec}: ${chip.statename}${chip.conflict ? ' — in conflict: running on several instances' : ''}`;
  return (
    <a class={`chip ${tone}${chip.conflict ? ' conflict' : ''}`} data-process={chip.namespec} data-state={chip.statename} title={title} {...linkTo({ page: 'instance', subject: props.identifier, query: { process: chip.namespec } })}>
      {chip.conflict && <span aria-label="conflict">⚠ </span>}
      {chip.name}
    </a>
  );
}

export class InstanceCard extends PureComponent<InstanceCardProps> {
  override render() {
    const { info, rows, master, starting, stopping, conflicts, filter } = this.props;
    const summary = instanceSummary(rows, conflicts, filter);
    const activity = [starting ? 'starting' : '', stopping ? 'stopping' : ''].filter((one) => one !== '');
    return (
      <article class={`card instance-card${master ? ' master' : ''}`} data-card-instance={info.identifier}>
        <header class="instance-head">
          <a class="nick" {...linkTo({ page: 'instance', subject: info.identifier, query: {} })} data-master={master ? 'true' : undefined}>
            {master && <span title="Master">✪ </span>}
            {info.nick_identifier}
          </a>
          <StateBadge state={info.statename} />
        </header>
        <div class="instance-facts">
          <span title="the instance load: the expected loading of the processes running there" data-load={info.loading}>
            load {info.loading}%
          </span>
          <span title="processes running there / known there" data-counts={`${summary.running}/${summary.known}`}>
            {summary.running}/{summary.known} running
          </span>
          <span class="failure" data-failure={info.process_failure ? 'true' : 'false'}>
            <Light tone={toneOf('RUNNING', info.process_failure)} title={info.process_failure ? 'a process crashed there' : 'no process failure'} />
            {info.process_failure ? 'failure' : 'no failure'}
          </span>
          {activity.length > 0 && (
            <span class="activity" data-activity={activity.join(' ')}>
              {activity.join(' · ')}…
            </span>
          )}
        </div>
        {summary.groups.length === 0 ? (
          <p class="muted">{summary.running === 0 ? 'nothing running' : 'no running process matches the filter'}</p>
        ) : (
          <dl class="chips">
            {summary.groups.map((group) => (
              <div key={group.application} class="chip-row" data-application={group.application}>
                <dt>{group.application}</dt>
                <dd>
                  {group.chips.map((chip) => (
                    <ProcessChip key={chip.namespec} chip={chip} identifier={info.identifier} />
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </article>
    );
  }
}
