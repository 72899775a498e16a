/**
 * The REST API (docs/rest.md): supvisorsflask's routes on the runtime's own port, each a call
 * of the method table XML-RPC uses, answered in JSON. A fault answers `{message, code, fault}`
 * with the HTTP status of fault-status.ts; a request for no route 404, a wrong verb 405.
 * A `wait=true` call holds the request open until the job is done, as over XML-RPC.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSupvisorsError, toError } from '../../errors/errors.js';
import { sendJson, type Route } from '../../http/http-server.js';
import type { Logger } from '../../log/logger.js';
import { xmlRpcToJson } from '../../xmlrpc/json.js';
import type { MethodTable } from '../xmlrpc/method-table.js';
import { faultStatus } from './fault-status.js';
import { compileRoutes, matchRoute, REST_PREFIX, restParams, type CompiledRoute } from './rest-paths.js';

async function call(table: MethodTable, compiled: CompiledRoute, pathParams: ReadonlyMap<string, string>, url: URL, response: ServerResponse, log: Logger): Promise<void> {
  try {
    const result = await table.invoke(compiled.name, restParams(compiled, pathParams, url.searchParams));
    sendJson(response, 200, xmlRpcToJson(result));
  } catch (thrown) {
    if (!isSupvisorsError(thrown)) {
      const error = toError(thrown);
      log.error(`REST ${compiled.route.verb} ${url.pathname} (${compiled.name}) failed: ${error.stack ?? error.message}`);
      sendJson(response, 500, { message: 'internal error' });
      return;
    }
    log.trace(`REST ${compiled.name}() returned fault: ${thrown.faultString}`);
    sendJson(response, faultStatus[thrown.fault], { message: thrown.faultString, code: thrown.faultCode, fault: thrown.fault });
  }
}

export function restRoutes(table: MethodTable, log: Logger): Route[] {
  const routes = compileRoutes(table.contracts);
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const verb = request.method ?? 'GET';
    const match = matchRoute(routes, verb, url.pathname);
    // The body is not read (parameters are in the path and the query): drop it.
    request.resume();
    if (match.kind === 'found') return call(table, match.compiled, match.pathParams, url, response, log);
    if (match.kind === 'wrong-verb') {
      response.setHeader('Allow', match.allowed.join(', '));
      sendJson(response, 405, { message: `${verb} not allowed on ${url.pathname} (use ${match.allowed.join(' or ')})` });
      return;
    }
    sendJson(response, 404, { message: `no REST route ${url.pathname}: see ${REST_PREFIX}/docs` });
  };
  return [
    { method: 'GET', path: `${REST_PREFIX}/*`, handle },
    { method: 'POST', path: `${REST_PREFIX}/*`, handle },
  ];
}
