/**
 * The configuration of one supvisorsd node, as loadConfig returns it: the Supvisors options of
 * spec/config.md §3 (defaults applied, consistency rules of §3.2 applied) plus our own options,
 * and what supvisorsd needs from the Supervisor sections of the same file.
 * Name lists are in the order of the Python enumerations (their index is the wire value).
 */
import type { LogLevel } from '../log/levels.js';
import type { SupvisorsFailureStrategy } from '../vocabulary/strategies.js';

export const synchroOptionNames = ['STRICT', 'LIST', 'TIMEOUT', 'CORE', 'USER'] as const;
export type SynchroOption = (typeof synchroOptionNames)[number];

export const eventLinkNames = ['NONE', 'ZMQ', 'WS'] as const;
export type EventLinkName = (typeof eventLinkNames)[number];

/** What `alert_events` may name (docs/alerts.md): an unexpected exit, FATAL, an instance lost, a conflict, an application in major failure. */
export const alertEventNames = ['EXITED', 'FATAL', 'INSTANCE_LOST', 'CONFLICT', 'MAJOR_FAILURE'] as const;
export type AlertEventName = (typeof alertEventNames)[number];

export type SupervisorAccess =
  | { kind: 'unix'; socketPath: string; username?: string; password?: string }
  | { kind: 'inet'; host: string; port: number; username?: string; password?: string };

/** One `supvisors_list` entry (spec/config.md §4); hosts are not resolved here. */
export interface SupvisorsListEntry {
  /** NICK as written, undefined without `<...>`. */
  nick: string | undefined;
  /** HOST as written (the `host_id`). */
  host: string;
  /** PORT as written, undefined when omitted. */
  port: number | undefined;
  /** `host:http_port`, http_port being PORT or else the local `http_port`. */
  identifier: string;
  /** NICK unless absent or `supervisor`; else `host:PORT` when PORT was written; else `host`. */
  nickIdentifier: string;
}

export interface SupvisorsOptions {
  /** Empty when `supvisors_list` is not set: the local entry is built when hosts are resolved. */
  supvisorsList: SupvisorsListEntry[];
  stereotypes: string[];
  coreIdentifiers: string[];
  multicastGroup?: { address: string; port: number };
  /** Undefined = all interfaces (`ANY`, `INADDR_ANY` or not set). */
  multicastInterface?: string;
  multicastTtl: number;
  synchroOptions: SynchroOption[];
  synchroTimeout: number;
  inactivityTicks: number;
  autoFence: boolean;
  /** A built-in starting strategy, or a starting plugin's name. */
  startingStrategy: string;
  /** A built-in conciliation strategy, or a conciliation plugin's name. */
  conciliationStrategy: string;
  supvisorsFailureStrategy: SupvisorsFailureStrategy;
  /** Absolute, sorted, distinct. */
  rulesFiles: string[];
  /** Absolute, sorted, distinct. */
  cssFiles: string[];
  softwareName: string;
  /** Absolute path of the first file the `software_icon` glob matches. */
  softwareIcon?: string;
  eventLink: EventLinkName;
  eventPort: number;
  /**
   * Ours: `event_port_open`. With `[inet_http_server]` credentials set, the event port asks for
   * them (HTTP Basic) unless this is true; true lets subscribers that cannot send credentials
   * (Python's, ZMQ) in. Without credentials, everything is open anyway. Default false.
   */
  eventPortOpen?: boolean;
  /** Absolute path; its folder is created by whoever writes it. */
  disabilitiesFile?: string;
  tailLimit: number;
  tailfLimit: number;
  statsEnabled: { host: boolean; process: boolean };
  statsCollectingPeriod: number;
  /** Ascending. */
  statsPeriods: number[];
  statsHisto: number;
  statsIrixMode: boolean;
  /** `AUTO` = stderr, captured by supervisord in the event listener's stderr log; else an absolute path. */
  logfile: string;
  logfileMaxbytes: number;
  logfileBackups: number;
  loglevel: LogLevel;
  // Ours, not in Python Supvisors.
  /** Port of supvisorsd's own HTTP server (XML-RPC /RPC2, diagnostics). */
  httpPort: number;
  /** What `supvisors.get_api_version` answers; supvisorsctl requires an exact match with its own version. */
  apiVersion: string;
  /** JSON file persisting numprocs changes; absolute path, its folder created by whoever writes it. */
  numprocsFile?: string;
  /** `peer_secret`: shared secret of the peer links; undefined = derived from [inet_http_server] credentials (else open mode, loopback only). */
  peerSecret?: string;
  /** `heartbeat_period`: seconds between heartbeats and evaluation rounds (0.05..10). */
  heartbeatPeriod: number;
  /** `heartbeat_misses`: heartbeat periods without a frame before the transport declares a peer silent (2..100). */
  heartbeatMisses: number;
  /** `tls_certfile` + `tls_keyfile` (PEM): supvisorsd's port serves HTTPS (XML-RPC, peer links over wss); set both or neither. */
  tlsCertfile?: string;
  tlsKeyfile?: string;
  /** `tls_cafile` (PEM): the CAs peers' certificates are checked against; default: Node's bundled CAs. */
  tlsCafile?: string;
  /** `plugins`: JS modules adding strategies as custom actors (docs/extending.md); absolute, sorted. */
  plugins: string[];
  /** `plugin_timeout`: seconds a plugin has to answer one call before its worker thread is started again. Default 5. */
  pluginTimeout: number;
  /** `alert_mail_to`: the recipients of alert mails (docs/alerts.md); none = no mail. */
  alertMailTo: string[];
  /** `alert_mail_from`: the sender of alert mails. */
  alertMailFrom: string;
  /** `alert_smtp_url`: `smtp://` (STARTTLS when offered) or `smtps://` (TLS at once), credentials in the URL; never logged whole. */
  alertSmtpUrl?: string;
  /** `alert_webhook_url`: where alerts are POSTed as JSON (http or https). */
  alertWebhookUrl?: string;
  /** `alert_events`: the kinds of event alerted; default all. */
  alertEvents: AlertEventName[];
  /** `alert_batch_seconds`: events within this window go in one mail / one POST (0..3600). */
  alertBatchSeconds: number;
  /** `alert_max_per_hour`: at most this many events sent in any hour (1..100000); the others are counted as suppressed. */
  alertMaxPerHour: number;
}

export interface RuntimeConfig {
  /** Absolute path. */
  configFile: string;
  /** `[supervisord] identifier`, default `supervisor`. */
  identifier: string;
  /** How supvisorsd reaches the local supervisord. */
  supervisor: SupervisorAccess;
  /**
   * supervisord's `[inet_http_server]` as written (host `''` = every interface), when there is
   * one: the peers ask it whether this node still runs when its runtime is lost.
   */
  supervisorInet?: { host: string; port: number };
  /** supvisorsd's own HTTP server. */
  http: { host: string; port: number; username?: string; password?: string };
  options: SupvisorsOptions;
  warnings: string[];
}
