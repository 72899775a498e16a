/**
 * The page frame: the header (Supvisors state, Master, modes, the feed's status), the menu
 * (instances and applications with their lights) and the page the route names. The pages are
 * in pages/, one folder each; they read the store (data/store.ts) and call the API (data/api.ts).
 */
import type { ComponentType } from 'preact';
import { route } from './data/navigation.js';
import { cluster, feedStatus, loadError } from './data/store.js';
import type { Page } from '../api/dashboard-paths.js';
import { ActorsPage } from './pages/actors/actors-page.js';
import { ApplicationPage } from './pages/application/application-page.js';
import { ConciliationPage } from './pages/conciliation/conciliation-page.js';
import { InstancePage } from './pages/instance/instance-page.js';
import { LogsPage } from './pages/logs/logs-page.js';
import { MainPage } from './pages/main/main-page.js';
import type { PageProps } from './pages/page-props.js';
import { Menu } from './ui/menu.js';
import { NoticeBar } from './ui/notice-bar.js';
import { StateBadge } from './ui/state-badge.js';

const PAGES: Readonly<Record<Page, ComponentType<PageProps>>> = {
  main: MainPage,
  conciliation: ConciliationPage,
  instance: InstancePage,
  application: ApplicationPage,
  actors: ActorsPage,
  logs: LogsPage,
};

function Header() {
  const supvisors = cluster.value.supvisors;
  const master = supvisors === undefined ? undefined : cluster.value.instances.get(supvisors.master_identifier);
  const modes = supvisors === undefined ? [] : [supvisors.degraded_mode ? 'degraded' : '', supvisors.discovery_mode ? 'discovery' : '', supvisors.starting_jobs.length > 0 ? 'starting' : '', supvisors.stopping_jobs.length > 0 ? 'stopping' : ''].filter((mode) => mode !== '');
  return (
    <header class="top">
      <span class="brand">Supvisors</span>
      {supvisors === undefined ? <span class="muted">loading…</span> : <StateBadge state={supvisors.fsm_statename} />}
      <span class="master" data-master={supvisors?.master_identifier ?? ''}>
        Master: {master === undefined ? 'none' : `✪ ${master.nick_identifier}`}
      </span>
      {modes.length > 0 && <span class="modes">{modes.join(' · ')}</span>}
      <span class="spacer" />
      {loadError.value !== undefined && <span class="error">{loadError.value}</span>}
      <span class={`feed ${feedStatus.value}`} data-feed={feedStatus.value} title="the live event stream">
        {feedStatus.value === 'open' ? 'live' : feedStatus.value}
      </span>
      {supvisors !== undefined && <span class="muted">on {supvisors.nick_identifier}</span>}
    </header>
  );
}

export function App() {
  const current = route.value;
  const Page = PAGES[current.page];
  return (
    <div class="frame">
      <Header />
      <Menu route={current} />
      <main class="page" data-page={current.page}>
        <Page route={current} />
      </main>
      <NoticeBar />
    </div>
  );
}
