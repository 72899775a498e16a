/**
 * supervisord's log pages on our port: `GET /logtail/<namespec>[/stderr]` (supervisorctl's
 * `tail -f`) and `GET /mainlogtail` (`maintail -f`), passed through from the local supervisord,
 * which streams them for as long as the client reads. The port's one authentication applies
 * first (http/http-server.ts); our link to supervisord carries its own credentials.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText, type Route } from '../http/http-server.js';
import type { Logger } from '../log/logger.js';
import type { SupervisorClient } from '../supervisor-bridge/supervisor-client.js';
import { toError } from '../errors/errors.js';

async function passThrough(supervisor: SupervisorClient, request: IncomingMessage, response: ServerResponse, log: Logger): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let upstream: IncomingMessage;
  try {
    upstream = await supervisor.openStream(`${url.pathname}${url.search}`);
  } catch (thrown) {
    const error = toError(thrown);
    log.warn(`${url.pathname}: ${error.message}`);
    sendText(response, 502, `${error.message}\n`);
    return;
  }
  const contentType = upstream.headers['content-type'];
  response.writeHead(upstream.statusCode ?? 502, contentType === undefined ? {} : { 'Content-Type': contentType });
  // The client leaving ends the follow at supervisord too.
  response.on('close', () => upstream.destroy());
  upstream.on('error', () => response.destroy());
  upstream.pipe(response);
}

export function logtailRoutes(supervisor: SupervisorClient, log: Logger): Route[] {
  const handle = (request: IncomingMessage, response: ServerResponse): Promise<void> => passThrough(supervisor, request, response, log);
  return [
    { method: 'GET', path: '/logtail/*', handle },
    { method: 'GET', path: '/mainlogtail', handle },
  ];
}
