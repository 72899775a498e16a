import { formatDiagnostics, PEEK_DEFAULT, type ActorSystem } from '../actors/core/index.js';
import { sendJson, sendText, type Route } from '../http/http-server.js';

/**
 * Actor diagnostics over HTTP: `GET /diagnostics` (JSON) and `GET /diagnostics.txt` (the table
 * of the log dump). Query: `peek=N` queued messages per actor, `actor=NAME` for one actor.
 */
export function diagnosticsRoutes(system: ActorSystem): Route[] {
  const snapshot = (url: string | undefined) => {
    const query = new URL(url ?? '/', 'http://localhost').searchParams;
    const peek = Number(query.get('peek') ?? PEEK_DEFAULT);
    const actor = query.get('actor') ?? undefined;
    return system.diagnostics({ peek: Number.isFinite(peek) ? peek : PEEK_DEFAULT, actor });
  };
  return [
    { method: 'GET', path: '/diagnostics', handle: (request, response) => sendJson(response, 200, snapshot(request.url)) },
    {
      method: 'GET',
      path: '/diagnostics.txt',
      handle: (request, response) => sendText(response, 200, `${formatDiagnostics(snapshot(request.url))}\n`),
    },
  ];
}
