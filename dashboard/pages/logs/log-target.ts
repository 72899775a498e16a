/** Which log the page follows, and the path of supervisord's streaming tail of it on our port. Pure. */
import { MAIN_LOG, type LogStream } from '../../../contract/supvisors-logs.js';

export interface LogTarget {
  readonly identifier: string;
  /** A process, or `supervisord` for the main log. */
  readonly namespec: string;
  readonly stream: LogStream;
}

/** `/logtail/<namespec>[/stderr]` or `/mainlogtail` (api/logtail-routes.ts). */
export function streamPath(target: LogTarget): string {
  if (target.namespec === MAIN_LOG) return '/mainlogtail';
  const name = target.namespec.split(':').map(encodeURIComponent).join(':');
  return `/logtail/${name}${target.stream === 'stderr' ? '/stderr' : ''}`;
}
