/**
 * The main page (`/`): the Supvisors card, one card per instance (configured order) with the
 * chips of the processes running there, and the managed applications with their placement
 * matrix. An optional filter (`?filter=`) narrows the chips and the applications by name.
 * Everything is derived once per store revision (useMemo on the maps the view replaces when they
 * change) and the cards render again only when their own data changes.
 */
import { useMemo } from 'preact/hooks';
import type { PageProps } from '../page-props.js';
import { select } from '../../data/navigation.js';
import { cluster } from '../../data/store.js';
import { ApplicationsMatrix } from './applications-matrix.js';
import { InstanceCard } from './instance-card.js';
import { conflictsOf, placement } from './overview.js';
import { SupvisorsCard } from './supvisors-card.js';
import './main.css';

export function MainPage(props: PageProps) {
  const view = cluster.value;
  const filter = props.route.query['filter'] ?? '';
  const instances = useMemo(() => [...view.instances.values()], [view.instances]);
  const conflictList = useMemo(() => conflictsOf(view.processes), [view.processes]);
  // the same Set while the conflicts are the same, so that the cards' props stay identical
  const conflictKey = conflictList.join('\n');
  const conflicts = useMemo(() => new Set(conflictList), [conflictKey]);
  const rows = useMemo(() => placement(view.applications, view.processes, view.local, conflicts, filter), [view.applications, view.processes, view.local, conflicts, filter]);
  const supvisors = view.supvisors;
  if (supvisors === undefined) return <p class="placeholder">loading…</p>;
  return (
    <div class="main-page">
      <SupvisorsCard supvisors={supvisors} instances={view.instances} conflicts={conflictList.length} />
      <div class="toolbar">
        <label class="filter">
          filter{' '}
          <input
            type="search"
            name="filter"
            placeholder="application or process name"
            value={filter}
            onInput={(event) => select({ filter: event.currentTarget.value })}
          />
        </label>
      </div>
      <h2>Instances</h2>
      <div class="cards instance-cards">
        {instances.map((info) => (
          <InstanceCard
            key={info.identifier}
            info={info}
            rows={view.local.get(info.identifier)}
            master={info.identifier === supvisors.master_identifier}
            starting={supvisors.starting_jobs.includes(info.identifier)}
            stopping={supvisors.stopping_jobs.includes(info.identifier)}
            conflicts={conflicts}
            filter={filter}
          />
        ))}
      </div>
      <h2>Applications</h2>
      <ApplicationsMatrix rows={rows} instances={instances} filtered={filter !== ''} />
    </div>
  );
}
