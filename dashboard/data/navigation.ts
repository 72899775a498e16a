/** The current route in a signal, kept in step with the address bar (api/dashboard-paths.ts). */
import { signal } from '@preact/signals';
import { formatRoute, parseRoute, withQuery, type Route } from '../../api/dashboard-paths.js';

export const route = signal<Route>(parseRoute(location.pathname, location.search));

window.addEventListener('popstate', () => {
  route.value = parseRoute(location.pathname, location.search);
});

/** Shows `next`: a new history entry, or in place (`replace`) for a selection not worth a Back. */
export function navigate(next: Route, replace = false): void {
  const url = formatRoute(next);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route.value = parseRoute(location.pathname, location.search);
  if (!replace) window.scrollTo(0, 0);
}

/** Changes selections of the current page in place. */
export function select(changes: Readonly<Record<string, string | undefined>>): void {
  navigate(withQuery(route.value, changes), true);
}

/** A link's href and click handler that navigates without reloading the page. */
export function linkTo(target: Route): { href: string; onClick: (event: MouseEvent) => void } {
  const href = formatRoute(target);
  return {
    href,
    onClick: (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(target);
    },
  };
}
