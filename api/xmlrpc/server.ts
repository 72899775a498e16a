import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSupvisorsError, toError } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import type { RawResponse, SupervisorClient } from '../../supervisor-bridge/supervisor-client.js';
import { sendText, type Route } from '../../http/http-server.js';
import { decodeMethodCall, encodeFault, encodeResponse } from '../../xmlrpc/codec.js';
import type { MethodTable } from './method-table.js';
import { readBody } from './request-body.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

export interface XmlRpcServerOptions {
  /** The methods answered; supervisor.* calls it does not implement go to its supervisord. */
  table: MethodTable;
  /** Default 1 MiB; beyond -> 413. */
  maxBodyBytes?: number;
  log: Logger;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function sendXml(response: ServerResponse, body: string | Buffer, status = 200, contentType = 'text/xml'): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** Faults are answers (HTTP 200); anything else thrown is a bug of ours, left to the caller. */
async function answer(table: MethodTable, methodName: string, params: XmlRpcValue[], log: Logger): Promise<string> {
  try {
    return encodeResponse(await table.invoke(methodName, params));
  } catch (thrown) {
    if (!isSupvisorsError(thrown)) throw thrown;
    log.trace(`XML-RPC method ${methodName}() returned fault: [${thrown.faultCode}] ${thrown.faultString}`);
    return encodeFault(thrown.faultCode, thrown.faultString);
  }
}

/** The request bytes as they came, so that supervisord sees the very types the client sent. */
async function forward(supervisor: SupervisorClient, body: Buffer, timeoutMs: number): Promise<RawResponse> {
  try {
    return await supervisor.forward(body, { timeoutMs });
  } catch (thrown) {
    if (!isSupvisorsError(thrown)) throw thrown;
    return { status: 200, contentType: 'text/xml', body: Buffer.from(encodeFault(thrown.faultCode, thrown.faultString)) };
  }
}

async function handle(options: XmlRpcServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { log, table } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const body = await readBody(request, maxBodyBytes);
  if (body === undefined) {
    response.setHeader('Connection', 'close');
    sendText(response, 413, `XML-RPC request larger than ${maxBodyBytes} bytes\n`);
    return;
  }
  let call: { methodName: string; params: XmlRpcValue[] };
  try {
    call = await decodeMethodCall(body);
  } catch (thrown) {
    if (!isSupvisorsError(thrown, 'XMLRPC_MALFORMED')) throw thrown;
    log.warn(`XML-RPC request refused: ${thrown.message}`);
    sendText(response, 400, `${thrown.message}\n`);
    return;
  }
  const { methodName, params } = call;
  log.trace(`XML-RPC method called: ${methodName}()`);
  try {
    const supervisor = table.forwardTarget(methodName);
    if (supervisor === undefined) {
      sendXml(response, await answer(table, methodName, params, log));
      return;
    }
    const forwarded = await forward(supervisor, body, table.forwardTimeoutMs);
    sendXml(response, forwarded.body, forwarded.status, forwarded.contentType);
  } catch (thrown) {
    // Supervisor's rule: an unexpected exception is HTTP 500 (clients raise ProtocolError).
    const error = toError(thrown);
    log.error(`XML-RPC method ${methodName}() failed: ${error.stack ?? error.message}`);
    sendText(response, 500, 'internal error\n');
  }
}

/** Supervisor's XML-RPC endpoint: POST to any path starting with /RPC2. */
export function xmlRpcRoutes(options: XmlRpcServerOptions): Route[] {
  return [{ method: 'POST', path: '/RPC2*', handle: (request, response) => handle(options, request, response) }];
}
