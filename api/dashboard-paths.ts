/**
 * The dashboard's URLs (docs/dashboard.md "Pages and links"): every selection is in the path or
 * the query, so that a link or a reload shows the same view. Pure: a path and a query in, a Route
 * out, and back. Unknown query keys are dropped; an unknown path is the main page. Part of the
 * port's interface like the REST paths: the server redirects Python Supvisors' page names with
 * it (dashboard-routes.ts), the browser routes with it (dashboard/data/navigation.ts).
 */

export type Page = 'main' | 'conciliation' | 'instance' | 'application' | 'actors' | 'logs';

export interface Route {
  readonly page: Page;
  /** The instance (instance, logs pages), the application (application page). */
  readonly subject?: string;
  /** Every other selection: view, process, period, strategy, sort... */
  readonly query: Readonly<Record<string, string>>;
}

/** The query keys each page keeps, so that a URL never carries stale selections of another page. */
export const PAGE_KEYS: Readonly<Record<Page, readonly string[]>> = {
  main: ['filter'],
  conciliation: [],
  instance: ['view', 'process', 'period', 'cpu', 'nic', 'disk', 'device', 'partition'],
  application: ['strategy', 'process', 'period', 'expanded'],
  actors: ['sort', 'instance', 'peek'],
  logs: ['process', 'stream'],
};

const SUBJECT_PAGES: ReadonlySet<Page> = new Set(['instance', 'application', 'logs']);

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string, search: string): Route {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const head = segments[0] ?? '';
  const page: Page = head in PAGE_KEYS && head !== 'main' ? (head as Page) : 'main';
  const params = new URLSearchParams(search);
  const query: Record<string, string> = {};
  for (const key of PAGE_KEYS[page]) {
    const value = params.get(key);
    if (value !== null && value !== '') query[key] = value;
  }
  if (!SUBJECT_PAGES.has(page)) return { page, query };
  const subject = segments.length > 1 ? decode(segments.slice(1).join('/')) : undefined;
  return subject === undefined || subject === '' ? { page: 'main', query: {} } : { page, subject, query };
}

/** The URL of a route: its path, then its query in the page's key order. */
export function formatRoute(route: Route): string {
  const path = route.page === 'main' ? '/' : `/${route.page}${route.subject === undefined ? '' : `/${encodeURIComponent(route.subject)}`}`;
  const params = new URLSearchParams();
  for (const key of PAGE_KEYS[route.page]) {
    const value = route.query[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** The same route with some selections changed (undefined or '' removes one). */
export function withQuery(route: Route, changes: Readonly<Record<string, string | undefined>>): Route {
  const query: Record<string, string> = { ...route.query };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') delete query[key];
    else query[key] = value;
  }
  return { ...route, query };
}

/** Python Supvisors' page names, redirected to ours so that old bookmarks still land; `local` is the serving instance. */
export function legacyRoute(pathname: string, search: string, local: string): Route | undefined {
  const params = new URLSearchParams(search);
  const value = (key: string): string | undefined => params.get(key) ?? undefined;
  switch (pathname) {
    case '/index.html':
      return { page: 'main', query: {} };
    case '/conciliation.html':
      return { page: 'conciliation', query: {} };
    case '/proc_instance.html':
      return { page: 'instance', subject: local, query: strip({ process: value('processname'), period: value('period') }) };
    case '/host_instance.html':
      return { page: 'instance', subject: local, query: strip({ view: 'host', period: value('period'), disk: value('diskstats'), nic: value('nic'), cpu: value('cpuid') }) };
    case '/maintail.html':
      return { page: 'logs', subject: local, query: { process: 'supervisord' } };
    case '/tail.html': {
      const process = value('processname');
      return process === undefined ? { page: 'main', query: {} } : { page: 'logs', subject: local, query: { process } };
    }
    case '/application.html': {
      const subject = value('appname');
      return subject === undefined ? { page: 'main', query: {} } : { page: 'application', subject, query: strip({ strategy: value('strategy'), process: value('processname') }) };
    }
    default:
      return undefined;
  }
}

function strip(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') kept[key] = value;
  return kept;
}
