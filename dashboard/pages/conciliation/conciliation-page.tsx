/**
 * The conciliation page (`/conciliation`): the processes running on several instances, one row
 * per copy (instance, state, uptime) with Stop (that copy only) and Keep (every other copy
 * stopped), both through `supvisors.stop_process_on`; per conflict, the strategies applied to
 * that process alone (`supvisors.conciliate_process`); and the global strategies, applied by
 * `supvisors.conciliate` to every conflict. All of them stop processes: confirmed.
 */
import { useMemo } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { call } from '../../data/api.js';
import { linkTo } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import { conflictsFrom, keptCopy, uptimeOf, uptimeText, type Conflict } from './conflicts.js';
import './conciliation.css';
import { useNowSeconds } from '../../ui/use-now-seconds.js';
import { usePluginStrategies } from '../../data/plugin-strategies.js';

/** The strategies a user may apply (USER is waiting for one of them). */
const STRATEGIES = [
  { name: 'INFANTICIDE', text: 'keep the oldest copy, stop the others' },
  { name: 'SENICIDE', text: 'keep the youngest copy, stop the others' },
  { name: 'STOP', text: 'stop every copy' },
  { name: 'RESTART', text: 'stop every copy, then start one with the application starting strategy' },
  { name: 'RUNNING_FAILURE', text: "stop every copy, then apply the program's running failure strategy" },
] as const;

/** What a plugin's conciliation strategy does is the plugin's: docs/extending.md. */
const pluginStrategy = (name: string): { readonly name: string; readonly text: string } => ({ name, text: 'the conciliation plugin decides' });

function ConflictRows(props: { readonly conflict: Conflict; readonly now: number; readonly inConciliation: boolean; readonly plugins: readonly string[] }) {
  const { conflict, now, inConciliation, plugins } = props;
  return (
    <>
      {conflict.copies.map((copy, index) => {
        const others = conflict.copies.filter((other) => other.identifier !== copy.identifier);
        return (
          <tr key={copy.identifier} data-conflict={conflict.namespec} data-copy={copy.identifier}>
            {index === 0 && (
              <th scope="rowgroup" rowSpan={conflict.copies.length} class="namespec">
                {conflict.namespec}
              </th>
            )}
            <td>
              <a {...linkTo({ page: 'instance', subject: copy.identifier, query: { process: conflict.namespec } })}>{copy.nick}</a>
            </td>
            <td>
              <StateBadge state={copy.statename} />
            </td>
            <td class="num" data-uptime={Math.floor(uptimeOf(copy, now))}>
              {uptimeText(uptimeOf(copy, now))}
            </td>
            <td class="copy-actions">
              <ActionButton
                label="Stop"
                name="stop-copy"
                danger
                title={`stop ${conflict.namespec} on ${copy.nick} only`}
                confirm={`Stop ${conflict.namespec} on ${copy.nick}?`}
                done={`${conflict.namespec} stopped on ${copy.nick}`}
                run={() => call('supvisors.stop_process_on', copy.identifier, conflict.namespec, true)}
              />
              <ActionButton
                label="Keep"
                name="keep-copy"
                danger
                title={`keep ${conflict.namespec} on ${copy.nick}, stop it everywhere else`}
                confirm={`Keep ${conflict.namespec} on ${copy.nick} and stop it on ${others.map((other) => other.nick).join(', ')}?`}
                done={`${conflict.namespec} stopped but on ${copy.nick}`}
                run={() => Promise.all(others.map((other) => call('supvisors.stop_process_on', other.identifier, conflict.namespec, true)))}
              />
            </td>
            {index === 0 && (
              <td rowSpan={conflict.copies.length} class="conflict-strategies">
                {[...STRATEGIES, ...plugins.map(pluginStrategy)].map((strategy) => {
                  const kept = strategy.name === 'INFANTICIDE' || strategy.name === 'SENICIDE' ? keptCopy(conflict, strategy.name) : undefined;
                  const text = kept === undefined ? strategy.text : `${strategy.text} (keeps the copy on ${kept.nick})`;
                  return (
                    <ActionButton
                      key={strategy.name}
                      label={strategy.name}
                      name={`conciliate-process-${strategy.name}`}
                      danger
                      disabled={!inConciliation}
                      title={`${conflict.namespec}: ${text}`}
                      confirm={`${strategy.name} for ${conflict.namespec}: ${text}?`}
                      done={`${strategy.name} in progress for ${conflict.namespec}`}
                      run={() => call('supvisors.conciliate_process', strategy.name, conflict.namespec)}
                    />
                  );
                })}
              </td>
            )}
          </tr>
        );
      })}
    </>
  );
}

export function ConciliationPage(_props: PageProps) {
  const view = cluster.value;
  const conflicts = useMemo(() => conflictsFrom(view.processes, view.local, view.instances), [view.processes, view.local, view.instances]);
  const now = useNowSeconds(conflicts.length > 0);
  const plugins = usePluginStrategies('conciliation');
  const state = view.supvisors?.fsm_statename;
  if (state === undefined) return <p class="placeholder">loading…</p>;
  const inConciliation = state === 'CONCILIATION';
  return (
    <div class="conciliation-page">
      <div class="conciliation-head">
        <h1>Conciliation</h1>
        <StateBadge state={state} />
        <span data-conflict-count={conflicts.length}>
          {conflicts.length} conflict{conflicts.length === 1 ? '' : 's'}
        </span>
      </div>
      <div class="conciliation-body">
        <section class="card conflicts">
          {conflicts.length === 0 ? (
            <p class="muted" data-no-conflict>
              No conflict: no process runs on more than one instance.
            </p>
          ) : (
            <table class="grid">
              <thead>
                <tr>
                  <th>process</th>
                  <th>instance</th>
                  <th>state</th>
                  <th class="num">uptime</th>
                  <th>actions</th>
                  <th>this conflict's strategy</th>
                </tr>
              </thead>
              {conflicts.map((conflict) => (
                <tbody key={conflict.namespec}>
                  <ConflictRows conflict={conflict} now={now} inConciliation={inConciliation} plugins={plugins} />
                </tbody>
              ))}
            </table>
          )}
        </section>
        <section class="card strategies">
          <h2>Global conciliation strategies</h2>
          <p class="muted">{inConciliation ? 'Applied by Supvisors to every conflict.' : 'Only in the CONCILIATION state.'}</p>
          {STRATEGIES.map((strategy) => (
            <div key={strategy.name} class="strategy">
              <ActionButton
                label={strategy.name}
                name={`conciliate-${strategy.name}`}
                danger
                disabled={!inConciliation}
                title={strategy.text}
                confirm={`${strategy.name}: ${strategy.text}, for every conflict?`}
                done={`${strategy.name} in progress for all conflicts`}
                run={() => call('supvisors.conciliate', strategy.name)}
              />
              <span class="muted">{strategy.text}</span>
            </div>
          ))}
        </section>
      </div>
    </div>
  );
}
