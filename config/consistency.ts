/**
 * Rules between options, applied once every option is read.
 * spec/config.md §3.2, in this order, each adjustment a warning:
 *   1. CORE leaves synchro_options when core_identifiers is empty;
 *   2. STRICT leaves synchro_options when supvisors_list is empty;
 *   3. an empty synchro_options is an error;
 *   4. with TIMEOUT in synchro_options, supvisors_failure_strategy is forced to CONTINUE.
 * Ours (supvisorsd binds ports supervisord does not): http_port must differ from the
 * `[inet_http_server]` port, and, when events are published, event_port must lie in 1..65535
 * (its default, http_port + 1, may not) and differ from both; TLS needs both tls_certfile and
 * tls_keyfile (tls_cafile alone is ignored with a warning); a ZeroMQ publisher, which cannot
 * authenticate its subscribers, needs `event_port_open = true` when credentials are configured
 * (eventAuthError; checked when the caller says whether credentials are set); crash mails need
 * both alert_smtp_url and alert_mail_to.
 */
import type { EventLinkName, SupvisorsOptions, SynchroOption } from './types.js';

/**
 * The event port's authentication rule: with `[inet_http_server]` credentials, the event port
 * asks for them unless `event_port_open = true`. A WS subscriber can send them; a ZMQ SUB socket
 * cannot (ZeroMQ has no Basic authentication), so ZMQ with credentials is refused unless the
 * port is opened explicitly: an event stream readable by anyone is a choice written down, never
 * a default. Gives the error, or undefined.
 */
export function eventAuthError(eventLink: EventLinkName, credentialsSet: boolean, eventPortOpen: boolean): string | undefined {
  if (eventLink !== 'ZMQ' || !credentialsSet || eventPortOpen) return undefined;
  return (
    'event_link = ZMQ cannot authenticate subscribers, and [inet_http_server] credentials are set: ' +
    'set event_port_open = true to publish to anyone who can reach event_port, or use event_link = WS (Basic credentials)'
  );
}

export interface ConsistencyOutcome {
  readonly options: SupvisorsOptions;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** `place(name)` heads the messages about option `name`. */
export function applyConsistencyRules(
  options: SupvisorsOptions,
  inetPort: number | undefined,
  place: (name: string) => string,
  /** Whether [inet_http_server] has a username / password; undefined = unknown, the event auth rule is left to the runtime. */
  credentialsSet?: boolean,
): ConsistencyOutcome {
  const errors: string[] = [];
  const warnings: string[] = [];
  const without = (synchro: SynchroOption[], removed: SynchroOption, needed: readonly unknown[], reason: string): SynchroOption[] => {
    if (needed.length > 0 || !synchro.includes(removed)) return synchro;
    warnings.push(`${place('synchro_options')}: ${removed} removed because ${reason}`);
    return synchro.filter((item) => item !== removed);
  };
  let synchroOptions = without(options.synchroOptions, 'CORE', options.coreIdentifiers, 'core_identifiers is empty');
  synchroOptions = without(synchroOptions, 'STRICT', options.supvisorsList, 'supvisors_list is empty');
  if (synchroOptions.length === 0) {
    errors.push(`${place('synchro_options')}: empty once CORE (needs core_identifiers) and STRICT (needs supvisors_list) are removed: add LIST, TIMEOUT or USER`);
  }
  let supvisorsFailureStrategy = options.supvisorsFailureStrategy;
  if (synchroOptions.includes('TIMEOUT') && supvisorsFailureStrategy !== 'CONTINUE') {
    warnings.push(`${place('supvisors_failure_strategy')}: forced from ${supvisorsFailureStrategy} to CONTINUE because synchro_options holds TIMEOUT`);
    supvisorsFailureStrategy = 'CONTINUE';
  }
  if ((options.tlsCertfile === undefined) !== (options.tlsKeyfile === undefined)) {
    errors.push(`${place(options.tlsCertfile === undefined ? 'tls_certfile' : 'tls_keyfile')}: missing, TLS needs both tls_certfile and tls_keyfile`);
  }
  if ((options.alertSmtpUrl === undefined) !== (options.alertMailTo.length === 0)) {
    errors.push(`${place(options.alertSmtpUrl === undefined ? 'alert_smtp_url' : 'alert_mail_to')}: missing, crash mails need both alert_smtp_url and alert_mail_to`);
  }
  if (options.tlsCafile !== undefined && options.tlsCertfile === undefined) {
    warnings.push(`${place('tls_cafile')}: ignored without tls_certfile and tls_keyfile`);
  }
  if (options.httpPort === inetPort) {
    errors.push(`${place('http_port')}: ${options.httpPort} is the [inet_http_server] port, which supervisord holds: choose another port`);
  }
  if (options.eventLink !== 'NONE') {
    const { eventPort } = options;
    if (eventPort > 65535) errors.push(`${place('event_port')}: the default, http_port + 1, is ${eventPort}: set an integer in 1..65535`);
    if (eventPort === options.httpPort || eventPort === inetPort) {
      errors.push(`${place('event_port')}: ${eventPort} is already the ${eventPort === inetPort ? '[inet_http_server] port' : 'http_port'}: choose another port`);
    }
    const authError = credentialsSet === undefined ? undefined : eventAuthError(options.eventLink, credentialsSet, options.eventPortOpen ?? false);
    if (authError !== undefined) errors.push(`${place('event_port_open')}: ${authError}`);
  }
  return { options: { ...options, synchroOptions, supvisorsFailureStrategy }, errors, warnings };
}
