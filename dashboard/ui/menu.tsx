/**
 * The menu: the pages, every instance with its light (state, process failure) and the Master
 * mark, every managed application with its light (state, failures). Each entry is a link.
 */
import { linkTo } from '../data/navigation.js';
import { cluster } from '../data/store.js';
import type { Route } from '../../api/dashboard-paths.js';
import { Light, toneOf } from './state-badge.js';

export function Menu(props: { readonly route: Route }) {
  const view = cluster.value;
  const master = view.supvisors?.master_identifier;
  const inConciliation = view.supvisors?.fsm_statename === 'CONCILIATION';
  const current = (page: Route['page'], subject?: string): string => (props.route.page === page && props.route.subject === subject ? 'current' : '');
  return (
    <nav class="menu">
      <a {...linkTo({ page: 'main', query: {} })} class={current('main')}>
        Overview
      </a>
      <a {...linkTo({ page: 'conciliation', query: {} })} class={`${current('conciliation')} ${inConciliation ? 'alert' : ''}`}>
        Conciliation
      </a>
      <a {...linkTo({ page: 'actors', query: {} })} class={current('actors')}>
        Actors
      </a>
      <h2>Instances</h2>
      {[...view.instances.values()].map((instance) => (
        <a key={instance.identifier} data-instance={instance.identifier} {...linkTo({ page: 'instance', subject: instance.identifier, query: {} })} class={current('instance', instance.identifier)}>
          <Light tone={toneOf(instance.statename, instance.process_failure)} title={`${instance.statename}${instance.process_failure ? ', a process failed' : ''}`} />
          {instance.identifier === master ? '✪ ' : ''}
          {instance.nick_identifier}
        </a>
      ))}
      <h2>Applications</h2>
      {[...view.applications.values()]
        .filter((application) => application.managed)
        .map((application) => (
          <a key={application.application_name} data-application={application.application_name} {...linkTo({ page: 'application', subject: application.application_name, query: {} })} class={current('application', application.application_name)}>
            <Light tone={toneOf(application.statename, application.major_failure || application.minor_failure)} title={`${application.statename}${application.major_failure ? ', major failure' : application.minor_failure ? ', minor failure' : ''}`} />
            {application.application_name}
          </a>
        ))}
    </nav>
  );
}
