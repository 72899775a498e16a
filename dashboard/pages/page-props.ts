import type { Route } from '../../api/dashboard-paths.js';

/** What the frame (app.tsx) gives every page: the route that named it. */
export interface PageProps {
  readonly route: Route;
}
