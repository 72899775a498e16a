/**
 * The typed client of a Supvisors node's XML-RPC (docs/client.md): ours, or a Python Supvisors
 * 0.19 server. Every method, its parameters and its result type come from the contract table
 * (contract/index.ts); nothing here is written per method.
 */
import { contracts, isMethodName, methodNames, type MethodContract, type MethodName, type Params, type Result } from '../contract/index.js';
import { isSupvisorsError } from '../errors/errors.js';
import { XmlRpcFault } from '../xmlrpc/fault.js';
import { XmlRpcClient, XmlRpcTransportError } from '../xmlrpc/http-client.js';
import { XmlRpcDouble, type XmlRpcValue } from '../xmlrpc/values.js';
import { ClientConnectionError, ClientHttpError, ClientParamsError, ClientProtocolError, ClientTimeoutError } from './errors.js';
import { EventClient, type EventClientOptions } from './events.js';
import { faultFromCode } from './faults.js';
import { xmlRpcToJson } from '../xmlrpc/json.js';
import { checkResult } from './results.js';

/** What may change per call, with `client.with({...})`. */
export interface CallSettings {
  /** No answer within it: ClientTimeoutError. Default 10 s; 0: no timeout. */
  readonly timeoutMs?: number;
  /**
   * The timeout of a call that waits for a job: one with a `wait` parameter that is true, given
   * or by default (start_application, stop_process, supervisor.startProcess...). Default 0, no
   * timeout: the job ends on the server's own timeouts (startsecs, stopwaitsecs, the starter's),
   * which may exceed any fixed bound here.
   */
  readonly blockingTimeoutMs?: number;
  /**
   * Retries of a read-only method (`readOnly` in its contract) whose request failed before any
   * answer (refused, reset, closed). Default 2. Never for other methods, never after a timeout.
   */
  readonly retries?: number;
  /** The delay before the first retry (default 200 ms), doubled at each retry, at most 2 s. */
  readonly retryDelayMs?: number;
  /** Check each result against its contract's schema (default true): UnexpectedResultError otherwise. */
  readonly checkResults?: boolean;
}

export interface SupvisorsClientOptions extends CallSettings {
  /** `http://host:port` or `https://host:port` of the node (its XML-RPC is at /RPC2). */
  readonly url: string;
  /** The node's `[inet_http_server]` credentials, sent as HTTP Basic. */
  readonly username?: string;
  readonly password?: string;
  /** For https: the CA to trust besides the system's (the node's `tls_cafile`, PEM). */
  readonly ca?: Buffer | string;
}

/** The methods of a namespace, e.g. `SupvisorsClient['supvisors']['get_application_info']`. */
export type Namespace<NS extends string> = {
  readonly [N in MethodName as N extends `${NS}.${infer Method}` ? Method : never]: (...params: Params<N>) => Promise<Result<N>>;
};

/** `client.events({...})`: an EventClient without what the client knows already. */
export type ClientEventOptions = Omit<EventClientOptions, 'host' | 'port' | 'basePath' | 'tls' | 'ca' | 'credentials'> & {
  /** The node's `event_port` (Python Supvisors' only one); default: the client's port, under `/events` (ours). */
  readonly port?: number;
};

const MAX_RETRY_DELAY_MS = 2000;

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
}

function endpointOf(url: string): Endpoint {
  const parsed = new URL(url);
  const https = parsed.protocol === 'https:';
  if (!https && parsed.protocol !== 'http:') throw new TypeError(`${url}: an http:// or https:// URL is expected`);
  if (!['', '/', '/RPC2'].includes(parsed.pathname) || parsed.search !== '') throw new TypeError(`${url}: the node's URL takes no path (its XML-RPC is at /RPC2)`);
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? (https ? 443 : 80) : Number(parsed.port), https };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class SupvisorsClient {
  readonly system: Namespace<'system'>;
  readonly supvisors: Namespace<'supvisors'>;
  readonly supervisor: Namespace<'supervisor'>;
  /** `http(s)://host:port`, for messages. */
  readonly address: string;
  private readonly settings: Required<CallSettings>;
  private readonly xmlrpc: XmlRpcClient;

  constructor(options: SupvisorsClientOptions);
  // A view made by with(): it shares the options' connection.
  constructor(options: SupvisorsClientOptions, shared: XmlRpcClient);
  constructor(
    private readonly options: SupvisorsClientOptions,
    shared?: XmlRpcClient,
  ) {
    this.settings = {
      timeoutMs: options.timeoutMs ?? 10_000,
      blockingTimeoutMs: options.blockingTimeoutMs ?? 0,
      retries: options.retries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 200,
      checkResults: options.checkResults ?? true,
    };
    const { host, port, https } = endpointOf(options.url);
    const credentials = options.username === undefined ? {} : { username: options.username, password: options.password ?? '' };
    const tls = https ? { tls: options.ca === undefined ? {} : { ca: options.ca } } : {};
    this.xmlrpc = shared ?? new XmlRpcClient({ kind: 'inet', host, port, ...credentials, ...tls }, { label: 'supvisors' });
    this.address = this.xmlrpc.address;
    this.system = this.namespace('system');
    this.supvisors = this.namespace('supvisors');
    this.supervisor = this.namespace('supervisor');
  }

  /** Calls a method by its full name: `client.call('supvisors.get_application_info', 'app')`. */
  call<N extends MethodName>(name: N, ...params: Params<N>): Promise<Result<N>> {
    return this.invoke(name, params) as Promise<Result<N>>;
  }

  /** The same connection with other settings: `client.with({ timeoutMs: 60_000 }).supvisors.restart()`. */
  with(settings: CallSettings): SupvisorsClient {
    return new SupvisorsClient({ ...this.options, ...settings }, this.xmlrpc);
  }

  /**
   * An EventClient (client/events.ts) on the same host and credentials: by default on this port
   * under `/events` (our runtime); with `port`, on that event port (Python Supvisors' event_port).
   */
  events(options: ClientEventOptions): EventClient {
    const { host, port, https } = endpointOf(this.options.url);
    const { username, password, ca } = this.options;
    return new EventClient({
      ...options,
      host,
      port: options.port ?? port,
      basePath: options.port === undefined ? '/events' : '',
      tls: https,
      ...(https && ca !== undefined ? { ca } : {}),
      ...(username === undefined ? {} : { credentials: { username, password: password ?? '' } }),
    });
  }

  /** Closes its connections, shared with its views (a call in flight fails); a later call opens new ones. */
  close(): void {
    this.xmlrpc.close();
  }

  private namespace<NS extends 'system' | 'supvisors' | 'supervisor'>(prefix: NS): Namespace<NS> {
    const methods: Record<string, (...params: unknown[]) => Promise<unknown>> = {};
    for (const name of methodNames) {
      if (name.startsWith(`${prefix}.`)) methods[name.slice(prefix.length + 1)] = (...params) => this.invoke(name, params);
    }
    // Built from the same table the type maps: a key per method of the namespace.
    return Object.freeze(methods) as unknown as Namespace<NS>;
  }

  private async invoke(name: string, given: readonly unknown[]): Promise<unknown> {
    if (!isMethodName(name)) throw new ClientParamsError(name, 'not a method of the contract table');
    const contract: MethodContract = contracts[name];
    const params = paramsToSend(name, contract, given);
    const result = xmlRpcToJson(await this.send(name, contract, params));
    if (this.settings.checkResults) checkResult(name, contract.result, result);
    return result;
  }

  private async send(name: string, contract: MethodContract, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    const { retries, retryDelayMs } = this.settings;
    const timeoutMs = waits(contract, params) ? this.settings.blockingTimeoutMs : this.settings.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.xmlrpc.call(name, params, { timeoutMs });
      } catch (error) {
        const retry = error instanceof XmlRpcTransportError && error.failure === 'unreachable' && contract.readOnly && attempt <= retries;
        if (!retry) throw clientError(name, error, attempt);
      }
      await sleep(Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/**
 * The parameters as given, trailing undefined ones left out. An undefined one before a given one
 * takes its contract default; a number for a `double` goes as `<double>` (JavaScript's 3 would
 * go as `<int>`).
 */
function paramsToSend(name: string, contract: MethodContract, given: readonly unknown[]): XmlRpcValue[] {
  const values = [...given];
  while (values.length > 0 && values.at(-1) === undefined) values.pop();
  const required = contract.params.filter((param) => param.default === undefined).length;
  const allowed = required === contract.params.length ? `${required}` : `${required} to ${contract.params.length}`;
  if (values.length < required || values.length > contract.params.length) {
    throw new ClientParamsError(name, `${values.length} parameter(s) given, it takes ${allowed} (${contract.params.map((param) => param.name).join(', ') || 'none'})`);
  }
  return values.map((value, index) => {
    const param = contract.params[index]; // values.length <= params.length
    if (value === undefined) {
      if (param.default === undefined) throw new ClientParamsError(name, `${param.name} is required`);
      return param.default;
    }
    // Typed by Params<N>; codec.ts refuses what XML-RPC cannot carry (see clientError).
    return param.type === 'double' && typeof value === 'number' ? new XmlRpcDouble(value) : (value as XmlRpcValue);
  });
}

/** The call waits for a job: its `wait` parameter is true, given or by default. */
function waits(contract: MethodContract, params: readonly XmlRpcValue[]): boolean {
  const index = contract.params.findIndex((param) => param.name === 'wait');
  if (index < 0) return false;
  return (index < params.length ? params[index] : contract.params[index].default) === true;
}

function clientError(method: string, error: unknown, attempts: number): unknown {
  if (error instanceof XmlRpcFault) return faultFromCode(error.faultCode, error.faultString, method);
  if (error instanceof XmlRpcTransportError) {
    switch (error.failure) {
      case 'unreachable':
      case 'interrupted':
        return new ClientConnectionError(method, error.message, attempts, { cause: error.cause });
      case 'timeout':
        return new ClientTimeoutError(method, error.message, error.timeoutMs ?? 0);
      case 'http':
        return new ClientHttpError(method, error.message, error.status ?? 0);
    }
  }
  if (isSupvisorsError(error, 'XMLRPC_MALFORMED')) return new ClientProtocolError(method, error.message, { cause: error });
  // codec.ts refusing a parameter: null, undefined inside a struct, an int beyond 32 bits...
  if (error instanceof TypeError || error instanceof RangeError) return new ClientParamsError(method, error.message, { cause: error });
  return error;
}
