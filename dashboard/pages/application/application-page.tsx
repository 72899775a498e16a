/**
 * The Application page (`/application/<name>`, spec/dashboard.md §7): the application's status
 * (synthetic state, the three status lights, managed or not), the starting strategy chooser
 * (`strategy` in the URL, used by Start and Restart), Start / Stop / Restart, and its processes
 * (process-table.tsx) with the selected one's statistics (`process`, `period` in the URL). Live
 * from the store; the expected loads are read once per change of the process list.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { call } from '../../data/api.js';
import { linkTo, select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import type { ApplicationInfoPayload } from '../../../payloads/application-payloads.js';
import { startingStrategyNames } from '../../../vocabulary/strategies.js';
import { usePluginStrategies } from '../../data/plugin-strategies.js';
import { ActionButton } from '../../ui/action-button.js';
import { StateBadge } from '../../ui/state-badge.js';
import { chosenPeriod, latestStats, litLight, processLines, processListKey, statsPeriods, type LightColour } from './application-view.js';
import { ProcessDetail } from '../instance/process-detail.js';
import { ProcessTable } from './process-table.js';
import './application.css';
import { useExpectedLoads } from '../../data/expected-loads.js';

const figure = (value: number | undefined): string => (value === undefined ? '--' : value.toFixed(2));

const LIGHTS: readonly { readonly colour: LightColour; readonly meaning: string }[] = [
  { colour: 'red', meaning: 'major failure' },
  { colour: 'yellow', meaning: 'minor failure' },
  { colour: 'green', meaning: 'ok' },
];

function StatusLights(props: { readonly application: ApplicationInfoPayload }) {
  const lit = litLight(props.application);
  return (
    <span class="status-lights" data-status={lit ?? 'none'} role="img" aria-label={lit === undefined ? 'no status' : (LIGHTS.find((light) => light.colour === lit)?.meaning ?? '')}>
      {LIGHTS.map((light) => (
        <span key={light.colour} class={`led ${light.colour}${light.colour === lit ? ' lit' : ''}`} title={light.meaning} />
      ))}
      <span class="muted">{lit === undefined ? 'not running' : LIGHTS.find((light) => light.colour === lit)?.meaning}</span>
    </span>
  );
}

/** The starting_strategy option, the chooser's default (the URL's `strategy` wins). */
function useDefaultStrategy(): string | undefined {
  const [starting, setStarting] = useState<string | undefined>(undefined);
  useEffect(() => {
    call('supvisors.get_strategies')
      .then((strategies) => setStarting(strategies.starting))
      .catch(() => setStarting('CONFIG'));
  }, []);
  return starting;
}

function Unknown(props: { readonly name: string }) {
  return (
    <section class="card unknown-application" data-unknown={props.name}>
      <h1>No such application: {props.name}</h1>
      <p>Supvisors knows no application or group of that name.</p>
      <a {...linkTo({ page: 'main', query: {} })}>Back to the overview</a>
    </section>
  );
}

export function ApplicationPage(props: PageProps) {
  const name = props.route.subject ?? '';
  const view = cluster.value;
  const application = view.applications.get(name);
  const listKey = processListKey(view.processes, name);
  // no process listed yet (the page loading, or no such application): nothing to ask
  const loads = useExpectedLoads(listKey === '' ? [] : [name], listKey);
  const defaultStrategy = useDefaultStrategy();
  const pluginStrategies = usePluginStrategies('starting');
  if (view.supvisors === undefined) return <p class="muted">loading…</p>;
  if (application === undefined) return <Unknown name={name} />;
  const strategy = props.route.query['strategy'] ?? defaultStrategy ?? 'CONFIG';
  const periods = statsPeriods(view);
  const period = chosenPeriod(periods, props.route.query['period']);
  const lines = processLines(view, name, Date.now() / 1000);
  const selected = lines.find((line) => line.namespec === props.route.query['process']);
  const selectedWhere = selected?.source !== undefined && selected.running.some((place) => place.identifier === selected.source?.identifier) ? selected.source : undefined;
  const managed = application.managed;
  const notManaged = managed ? undefined : 'not managed by Supvisors: start and stop its processes one by one';
  return (
    <section class="application-page" data-application={name}>
      <div class="cards application-head">
        <div class="card app-status" data-managed={String(managed)}>
          <h1>{name}</h1>
          <p>
            State <StateBadge state={application.statename} />
          </p>
          <p>
            Status <StatusLights application={application} />
          </p>
          <p class="muted">{managed ? 'managed by Supvisors' : 'not managed (a group of programs, no rules)'}</p>
        </div>
        <div class="card">
          <h2>Starting strategy</h2>
          <div class="choices" role="group" aria-label="starting strategy">
            {[...startingStrategyNames, ...pluginStrategies].map((one) => (
              <button key={one} type="button" data-strategy={one} aria-pressed={one === strategy} onClick={() => select({ strategy: one })}>
                {one.replaceAll('_', ' ')}
              </button>
            ))}
          </div>
          {periods.length > 1 && (
            <>
              <h2>Statistics period</h2>
              <div class="choices periods" role="group" aria-label="statistics period">
                {periods.map((one) => (
                  <button key={one} type="button" data-period={one} aria-pressed={one === period} onClick={() => select({ period: String(one) })}>
                    {one} s
                  </button>
                ))}
              </div>
            </>
          )}
        </div>
      </div>
      <div class="toolbar">
        <ActionButton name="start-application" label="Start" title={notManaged ?? `start ${name} with ${strategy}`} disabled={!managed} run={() => call('supvisors.start_application', strategy, name)} done={`${name} started (${strategy})`} />
        <span class="apart">
          <ActionButton name="stop-application" label="Stop" danger confirm={`Stop the application ${name}?`} title={notManaged} disabled={!managed} run={() => call('supvisors.stop_application', name)} done={`${name} stopped`} />
          <ActionButton name="restart-application" label="Restart" danger confirm={`Restart the application ${name}?`} title={notManaged ?? `restart ${name} with ${strategy}`} disabled={!managed} run={() => call('supvisors.restart_application', strategy, name)} done={`${name} restarted (${strategy})`} />
        </span>
      </div>
      <div class="application-body">
        <ProcessTable route={props.route} view={view} lines={lines} strategy={strategy} period={period} loads={loads} />
        {selected !== undefined && (
          <div class="process-stats" data-stats={selected.namespec}>
            {selectedWhere === undefined ? (
              <p class="card muted">{selected.conflict ? `${selected.namespec} runs on several instances: no statistics` : `${selected.namespec} is not running: no statistics`}</p>
            ) : (
              <>
                <p class="card">
                  {selected.namespec} on {selectedWhere.nick}: CPU <strong data-figure="cpu">{figure(latestStats(view, selectedWhere.identifier, selected.namespec, period)?.cpu)}</strong> %, MEM{' '}
                  <strong data-figure="mem">{figure(latestStats(view, selectedWhere.identifier, selected.namespec, period)?.mem)}</strong> %
                </p>
                {period !== undefined && <ProcessDetail identifier={selectedWhere.identifier} namespec={selected.namespec} period={period} />}
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

