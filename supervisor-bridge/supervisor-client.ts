import { Agent, request as httpRequest } from 'node:http';
import { Agent as TlsAgent, request as httpsRequest } from 'node:https';
import { decodeResponse, encodeMethodCall } from '../xmlrpc/codec.js';
import type { XmlRpcValue } from '../xmlrpc/values.js';
import { isSupvisorsError, SupvisorsError, toError } from '../errors/errors.js';

/** How to reach supervisord: its `[unix_http_server]` socket or its `[inet_http_server]`. */
export type SupervisorAccess =
  | { kind: 'unix'; socketPath: string; username?: string; password?: string }
  | { kind: 'inet'; host: string; port: number; username?: string; password?: string; tls?: { ca?: Buffer } };

/** A raw HTTP answer of supervisord's /RPC2, byte for byte. */
export interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface CallOptions {
  /** Overrides the client's timeout for this call; 0 waits as long as supervisord takes. */
  timeoutMs?: number;
}

/**
 * The link to the local supervisord's XML-RPC: plain node:http with codec.ts rather than the
 * xmlrpc package's client (no timeout, status codes other than 404 parsed as XML, no unix
 * socket in its types; see docs/xmlrpc.md). Keep-alive, as supervisorctl's transport. Also the
 * client of a supvisorsd serving HTTPS (`tls`).
 */
export class SupervisorClient {
  /** For messages: `unix:///path/to.sock` or `http://host:port`. */
  readonly address: string;
  private readonly target: { socketPath: string } | { host: string; port: number };
  private readonly authorization: string | undefined;
  private readonly agent: Agent;
  private readonly request: typeof httpRequest;
  private readonly timeoutMs: number;

  constructor(access: SupervisorAccess, options: { timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const tls = access.kind === 'inet' ? access.tls : undefined;
    this.agent = tls === undefined ? new Agent({ keepAlive: true }) : new TlsAgent({ keepAlive: true, ...(tls.ca === undefined ? {} : { ca: tls.ca }) });
    this.request = tls === undefined ? httpRequest : httpsRequest;
    if (access.kind === 'unix') {
      this.address = `unix://${access.socketPath}`;
      this.target = { socketPath: access.socketPath };
    } else {
      this.address = `${tls === undefined ? 'http' : 'https'}://${access.host.includes(':') ? `[${access.host}]` : access.host}:${access.port}`;
      this.target = { host: access.host, port: access.port };
    }
    this.authorization =
      access.username === undefined ? undefined : `Basic ${Buffer.from(`${access.username}:${access.password ?? ''}`).toString('base64')}`;
  }

  /** Faults reject with SupvisorsError RPC_FAULT keeping supervisord's code and faultString. */
  async call(method: string, params: readonly XmlRpcValue[] = [], options: CallOptions = {}): Promise<XmlRpcValue> {
    const answer = await this.post(Buffer.from(encodeMethodCall(method, params)), options);
    if (answer.status !== 200) {
      throw new SupvisorsError('RPC_FAULT', `supervisord at ${this.address} answered ${method} with HTTP ${answer.status}`, { fault: 'FAILED' });
    }
    return decodeResponse(answer.body);
  }

  /** A whole XML-RPC request passed through untouched; the answer comes back byte for byte. */
  forward(body: Buffer, options: CallOptions = {}): Promise<RawResponse> {
    return this.post(body, options);
  }

  close(): void {
    this.agent.destroy();
  }

  private unreachable(reason: string, cause?: unknown): SupvisorsError {
    return new SupvisorsError('SUPERVISOR_UNREACHABLE', `supervisord at ${this.address} ${reason}`, { cause });
  }

  private post(body: Buffer, { timeoutMs = this.timeoutMs }: CallOptions): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': body.length, Accept: 'text/xml' };
      if (this.authorization !== undefined) headers.Authorization = this.authorization;
      const request = this.request({ ...this.target, agent: this.agent, method: 'POST', path: '/RPC2', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          // A 401 is the link's own misconfiguration, never something to hand to a caller.
          if (response.statusCode === 401) reject(this.unreachable('refused our credentials (HTTP 401): check username and password'));
          else resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? 'text/xml', body: Buffer.concat(chunks) });
        });
      });
      // The first settlement wins: a timeout rejects before the destroy() it causes reports anything.
      const fail = (error: unknown): void => {
        clearTimeout(timer);
        reject(isSupvisorsError(error) ? error : this.unreachable(`cannot be reached: ${toError(error).message}`, error));
      };
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              fail(this.unreachable(`did not answer within ${timeoutMs} ms`));
              request.destroy();
            }, timeoutMs)
          : undefined;
      request.on('error', fail);
      request.end(body);
    });
  }
}
