/**
 * The Supvisors card of the main page: its state, Master, modes and jobs, the way to the
 * conciliation page (standing out in CONCILIATION), and the cluster actions: End sync (harmless,
 * only in SYNCHRONIZATION) apart from Restart and Shutdown (destructive: confirmed).
 */
import { call } from '../../data/api.js';
import { linkTo } from '../../data/navigation.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import type { InstanceInfoPayload } from '../../../payloads/instance-info.js';
import type { SupvisorsStatePayload } from '../../../payloads/state-modes-payloads.js';

export interface SupvisorsCardProps {
  readonly supvisors: SupvisorsStatePayload;
  readonly instances: ReadonlyMap<string, InstanceInfoPayload>;
  readonly conflicts: number;
}

function nicks(identifiers: readonly string[], instances: ReadonlyMap<string, InstanceInfoPayload>): string {
  return identifiers.map((identifier) => instances.get(identifier)?.nick_identifier ?? identifier).join(', ');
}

export function SupvisorsCard(props: SupvisorsCardProps) {
  const { supvisors, instances } = props;
  const master = instances.get(supvisors.master_identifier);
  const inConciliation = supvisors.fsm_statename === 'CONCILIATION';
  const modes = [supvisors.degraded_mode ? 'degraded' : '', supvisors.discovery_mode ? 'discovery' : ''].filter((mode) => mode !== '');
  return (
    <section class="card supvisors-card" data-supvisors-state={supvisors.fsm_statename}>
      <div class="supvisors-facts">
        <h2>Supvisors</h2>
        <StateBadge state={supvisors.fsm_statename} />
        <span data-card-master={supvisors.master_identifier}>Master: {master === undefined ? 'none' : `✪ ${master.nick_identifier}`}</span>
        <span data-modes={modes.join(' ')}>modes: {modes.length === 0 ? 'none' : modes.join(', ')}</span>
        <span data-jobs="starting">starting: {supvisors.starting_jobs.length === 0 ? 'none' : nicks(supvisors.starting_jobs, instances)}</span>
        <span data-jobs="stopping">stopping: {supvisors.stopping_jobs.length === 0 ? 'none' : nicks(supvisors.stopping_jobs, instances)}</span>
        <a {...linkTo({ page: 'conciliation', query: {} })} class={`to-conciliation${inConciliation ? ' alert' : ''}`} data-conciliation-link={inConciliation ? 'alert' : 'quiet'}>
          {inConciliation ? `⚠ ${props.conflicts} conflict${props.conflicts === 1 ? '' : 's'}: conciliate »` : `conciliation (${props.conflicts} conflict${props.conflicts === 1 ? '' : 's'})`}
        </a>
      </div>
      <div class="toolbar">
        <ActionButton
          label="Start"
          name="end-sync"
          title="End the synchronization: elect the Master now (supvisors.end_sync)"
          disabled={supvisors.fsm_statename !== 'SYNCHRONIZATION'}
          done="End of synchronization requested"
          run={() => call('supvisors.end_sync', '')}
        />
        <span class="apart">
          <ActionButton label="Restart" name="restart" danger confirm="Restart Supvisors: every supervisord of the cluster restarts. Continue?" done="Supvisors restart requested" run={() => call('supvisors.restart')} />
          <ActionButton label="Shutdown" name="shutdown" danger confirm="Shut Supvisors down: every supervisord of the cluster stops. Continue?" done="Supvisors shutdown requested" run={() => call('supvisors.shutdown')} />
        </span>
      </div>
    </section>
  );
}
