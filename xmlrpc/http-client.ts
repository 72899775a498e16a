import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as TlsAgent, request as httpsRequest } from 'node:https';
import { decodeResponse, encodeMethodCall } from './codec.js';
import type { XmlRpcValue } from './values.js';
import { SupvisorsError, toError } from '../errors/errors.js';

/** How to reach an XML-RPC server: a unix socket (supervisord's `[unix_http_server]`) or host and port. */
export type XmlRpcAccess =
  | { kind: 'unix'; socketPath: string; username?: string; password?: string }
  | { kind: 'inet'; host: string; port: number; username?: string; password?: string; tls?: { ca?: Buffer | string } };

export interface XmlRpcClientOptions {
  /** Names the server in messages: `supervisord at unix:///...`, `supvisors at http://...`. */
  label: string;
  /** Default 10 s; 0 waits as long as the server takes. */
  timeoutMs?: number;
}

/** A raw HTTP answer of /RPC2, byte for byte. */
export interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface CallOptions {
  /** Overrides the client's timeout for this call; 0 waits as long as the server takes. */
  timeoutMs?: number;
}

/**
 * Why no XML-RPC answer came: `unreachable` (the request failed before any answer: refused,
 * reset, closed), `interrupted` (the answer broke off), `timeout`, `http` (a status other than
 * 200; 401 rejects even a forward). Unreachable is the only one where the server surely did not
 * answer, so the only one a caller may retry.
 */
export type TransportFailure = 'unreachable' | 'interrupted' | 'timeout' | 'http';

/**
 * The server gave no XML-RPC answer. SUPERVISOR_UNREACHABLE (the bridge's reading: its link is
 * down or misconfigured), except an HTTP status other than 401 answering a call: RPC_FAULT
 * FAILED, as the answer of a server that is there.
 */
export class XmlRpcTransportError extends SupvisorsError {
  /** The HTTP status of an `http` failure. */
  readonly status: number | undefined;
  /** The timeout that expired, for a `timeout` failure. */
  readonly timeoutMs: number | undefined;

  constructor(
    readonly failure: TransportFailure,
    message: string,
    options: { status?: number; timeoutMs?: number; cause?: unknown } = {},
  ) {
    super(failure === 'http' && options.status !== 401 ? 'RPC_FAULT' : 'SUPERVISOR_UNREACHABLE', message, {
      cause: options.cause,
      ...(failure === 'http' && options.status !== 401 ? { fault: 'FAILED' as const } : {}),
    });
    this.status = options.status;
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * An XML-RPC client over plain node:http with codec.ts rather than the xmlrpc package's client
 * (no timeout, status codes other than 404 parsed as XML, no unix socket in its types; see
 * docs/xmlrpc.md). Keep-alive, as supervisorctl's transport. HTTP Basic, HTTPS (`tls`).
 * The bridge's link to supervisord (SupervisorClient) and the public client (client/) are it.
 */
export class XmlRpcClient {
  /** For messages: `unix:///path/to.sock` or `http://host:port`. */
  readonly address: string;
  readonly label: string;
  private readonly target: { socketPath: string } | { host: string; port: number };
  private readonly authorization: string | undefined;
  private readonly agent: Agent;
  private readonly request: typeof httpRequest;
  private readonly timeoutMs: number;

  constructor(access: XmlRpcAccess, options: XmlRpcClientOptions) {
    this.label = options.label;
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

  /**
   * Faults reject with an XmlRpcFault (RPC_FAULT) keeping the server's code and faultString; an
   * unreadable answer with XMLRPC_MALFORMED; no answer with an XmlRpcTransportError.
   */
  async call(method: string, params: readonly XmlRpcValue[] = [], options: CallOptions = {}): Promise<XmlRpcValue> {
    const answer = await this.post(Buffer.from(encodeMethodCall(method, params)), options);
    if (answer.status !== 200) {
      throw new XmlRpcTransportError('http', `${this.label} at ${this.address} answered ${method} with HTTP ${answer.status}`, { status: answer.status });
    }
    return decodeResponse(answer.body);
  }

  /** A whole XML-RPC request passed through untouched; the answer comes back byte for byte. */
  forward(body: Buffer, options: CallOptions = {}): Promise<RawResponse> {
    return this.post(body, options);
  }

  /**
   * A GET of another page of the same server, its answer as a stream the caller reads and
   * destroys (supervisord's `/logtail/...`, which never ends while it follows a log).
   */
  openStream(path: string): Promise<IncomingMessage> {
    const at = `${this.label} at ${this.address}`;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = this.authorization === undefined ? {} : { Authorization: this.authorization };
      const request = this.request({ ...this.target, agent: this.agent, method: 'GET', path, headers }, resolve);
      request.on('error', (error) => reject(new XmlRpcTransportError('unreachable', `${at} cannot be reached: ${toError(error).message}`, { cause: error })));
      request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private post(body: Buffer, { timeoutMs = this.timeoutMs }: CallOptions): Promise<RawResponse> {
    const at = `${this.label} at ${this.address}`;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': body.length, Accept: 'text/xml' };
      if (this.authorization !== undefined) headers.Authorization = this.authorization;
      const request = this.request({ ...this.target, agent: this.agent, method: 'POST', path: '/RPC2', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(new XmlRpcTransportError('interrupted', `${at} broke off its answer: ${toError(error).message}`, { cause: error })));
        response.on('end', () => {
          clearTimeout(timer);
          // A 401 is the caller's own misconfiguration, never an answer to hand on.
          if (response.statusCode === 401) reject(new XmlRpcTransportError('http', `${at} refused our credentials (HTTP 401): check username and password`, { status: 401 }));
          else resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? 'text/xml', body: Buffer.concat(chunks) });
        });
      });
      // The first settlement wins: a timeout rejects before the destroy() it causes reports anything.
      const fail = (error: XmlRpcTransportError): void => {
        clearTimeout(timer);
        reject(error);
      };
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              fail(new XmlRpcTransportError('timeout', `${at} did not answer within ${timeoutMs} ms`, { timeoutMs }));
              request.destroy();
            }, timeoutMs)
          : undefined;
      request.on('error', (error) => fail(new XmlRpcTransportError('unreachable', `${at} cannot be reached: ${toError(error).message}`, { cause: error })));
      request.end(body);
    });
  }
}
