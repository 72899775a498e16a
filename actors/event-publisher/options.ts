/**
 * The event publisher's options (docs/events.md "Wiring"), their defaults, and their check:
 * shared by the actor and its WS link.
 */
import type { UpgradeHandler } from '../../http/http-server.js';
import type { Credentials } from '../../http/basic-auth.js';
import { SupvisorsError } from '../../errors/errors.js';
import { DEFAULT_SLOT_LIMITS } from './admission.js';

export const EVENT_PUBLISHER_DEFAULTS = {
  maxBufferedBytes: 4 * 1024 * 1024,
  maxClients: DEFAULT_SLOT_LIMITS.maxClients,
  maxClientsPerAddress: DEFAULT_SLOT_LIMITS.maxPerAddress,
  reservedForAuthenticated: DEFAULT_SLOT_LIMITS.reservedForAuthenticated,
  open: false,
  bindRetryMs: 1000,
  pingIntervalMs: 20_000,
  dropReportMs: 10_000,
} as const;

export interface EventPublisherOptions {
  /**
   * `event_link`. With NONE there is no event port: the stream is served on the main port only
   * (`mount`), for the dashboard and our clients.
   */
  readonly link: 'NONE' | 'WS' | 'ZMQ';
  /** `event_port`; 0 = any free port (tests). */
  readonly port: number;
  /** Bind address; default all interfaces (WS: every IPv4 and IPv6 address; ZMQ: `0.0.0.0`). supvisorsd gives the main port's. */
  readonly host?: string;
  /**
   * `[inet_http_server]` username / password: the event port asks for them (HTTP Basic, 401
   * before the handshake), unless `open`. None: everything is open, as supervisord is.
   */
  readonly credentials?: Credentials;
  /** `event_port_open`: subscribers without credentials are let in on the event port (wrong ones are still refused). */
  readonly open?: boolean;
  /**
   * Registers the WebSocket upgrade handler on the runtime's main port (under
   * MAIN_PORT_EVENTS_PATH) and returns the function that removes it. Called at start, and the
   * remover at stop.
   */
  readonly mount?: (handler: UpgradeHandler) => () => void;
  /** A client whose send buffer holds this many bytes is skipped (default 4 MiB). */
  readonly maxBufferedBytes?: number;
  /** WS connections beyond this are refused with 503 (default 256). */
  readonly maxClients?: number;
  /** WS connections from one remote address beyond this are refused with 503 (default 64). */
  readonly maxClientsPerAddress?: number;
  /** Slots anonymous subscribers cannot take (default 64). */
  readonly reservedForAuthenticated?: number;
  readonly bindRetryMs?: number;
  /** 0 = no server pings. */
  readonly pingIntervalMs?: number;
  readonly dropReportMs?: number;
}

export type ResolvedOptions = Required<Omit<EventPublisherOptions, 'host' | 'mount' | 'credentials'>> & Pick<EventPublisherOptions, 'host' | 'mount' | 'credentials'>;

export function resolved(options: EventPublisherOptions): ResolvedOptions {
  const { port } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SupvisorsError('CONFIG_INVALID', `event_port ${port} is not a port number`);
  const defaults = EVENT_PUBLISHER_DEFAULTS;
  return {
    ...options,
    maxBufferedBytes: options.maxBufferedBytes ?? defaults.maxBufferedBytes,
    maxClients: options.maxClients ?? defaults.maxClients,
    maxClientsPerAddress: options.maxClientsPerAddress ?? defaults.maxClientsPerAddress,
    reservedForAuthenticated: options.reservedForAuthenticated ?? defaults.reservedForAuthenticated,
    open: options.open ?? defaults.open,
    bindRetryMs: options.bindRetryMs ?? defaults.bindRetryMs,
    pingIntervalMs: options.pingIntervalMs ?? defaults.pingIntervalMs,
    dropReportMs: options.dropReportMs ?? defaults.dropReportMs,
  };
}
