/**
 * The `[supvisors]` option table: for each option, its name, how its text converts (format,
 * range, allowed values) and its default, as spec/config.md §3 gives them for 0.19.1
 * (`synchro_timeout` 0..1200), plus our own `api_version`, `event_port_open`, `numprocs_file`, `peer_secret`, `heartbeat_period`, `heartbeat_misses`, `tls_certfile`, `tls_keyfile`, `tls_cafile`, `plugins` and the `alert_*` options (`http_port`,
 * which the other defaults depend on, is read before the table: see supvisors-section.ts).
 * Unlike Python Supvisors, a value that does not convert is an error, never its default.
 * Relative paths and globs are resolved against the working directory, as Python Supvisors
 * does inside supervisord. File globs (`rules_files`, `css_files`, `software_icon`) go through
 * a second expansion, Supvisors' own, so `%%(host_node_name)s` works there as in Python.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseLogLevel, type LogLevel } from '../log/levels.js';
import { globFiles } from './glob.js';
import { absolutePath } from './paths.js';
import { parseSupvisorsList } from './supvisors-list.js';
import { alertEventNames, eventLinkNames, synchroOptionNames, type AlertEventName, type SupvisorsOptions, type SynchroOption } from './types.js';
import {
  accepted,
  andThen,
  commaItems,
  distinctItems,
  isIpv4,
  parseBoolean,
  parseByteSize,
  parseChoice,
  parseStrategyChoice,
  parseInteger,
  parseNumber,
  parsePort,
  rejected,
  type Parsed,
} from './values.js';
import { conciliationStrategyNames, startingStrategyNames, supvisorsFailureStrategyNames } from '../vocabulary/strategies.js';

export interface OptionContext {
  readonly cwd: string;
  readonly home: string;
  readonly httpPort: number;
  /** Supvisors' own expansion pass, applied to file globs after Supervisor's. */
  readonly expand: (text: string) => Parsed<string>;
  /** Records a warning about the option being read. */
  readonly warn: (text: string) => void;
}

export interface OptionSpec<T> {
  /** Name in the `[supvisors]` section. */
  readonly name: string;
  readonly parse: (text: string, context: OptionContext) => Parsed<T>;
  readonly fallback: (context: OptionContext) => T;
  /** Its value may hold a secret (a password, a token in a URL): never repeated in an error. */
  readonly secret?: boolean;
}

/** Every option but http_port, which is read first. */
export type TableOptions = Omit<SupvisorsOptions, 'httpPort'>;

export type OptionTable = { readonly [Field in keyof TableOptions]-?: OptionSpec<TableOptions[Field]> };

// Defaults are functions so that no two configurations share a mutable default.
function option<T>(name: string, parse: OptionSpec<T>['parse'], fallback: OptionSpec<T>['fallback']): OptionSpec<T> {
  return { name, parse, fallback };
}

function secretOption<T>(name: string, parse: OptionSpec<T>['parse'], fallback: OptionSpec<T>['fallback']): OptionSpec<T> {
  return { name, parse, fallback, secret: true };
}

const names = (text: string): Parsed<string[]> => accepted(distinctItems(commaItems(text)));

const anyText = (text: string): Parsed<string> => accepted(text);

function filePath(text: string, { cwd, home }: OptionContext): Parsed<string> {
  return text === '' ? rejected('expected a file path') : accepted(absolutePath(text, cwd, home));
}

/** A file that exists now (a TLS certificate, key or CA bundle): absolute. */
function existingFile(text: string, context: OptionContext): Parsed<string> {
  return andThen(filePath(text, context), (path) => (existsSync(path) ? accepted(path) : rejected(`expected an existing file: ${path} not found`)));
}

/** Space-separated globs: matched files, absolute, distinct, sorted; a glob matching nothing is a warning. */
function fileGlobs(text: string, context: OptionContext): Parsed<string[]> {
  return andThen(context.expand(text), (patterns) => {
    const files = new Set<string>();
    for (const pattern of patterns.split(/\s+/).filter((item) => item !== '')) {
      const matches = globFiles(pattern, context.cwd);
      if (matches.length === 0) context.warn(`no file matches ${pattern}`);
      for (const match of matches) files.add(match);
    }
    return accepted([...files].sort());
  });
}

/**
 * `plugins`: as fileGlobs, but a glob matching nothing is an error: the strategies of a missing
 * plugin would be unknown wherever rules files or clients name them, long after the start.
 */
function pluginGlobs(text: string, context: OptionContext): Parsed<string[]> {
  return andThen(context.expand(text), (patterns) => {
    const missing = patterns.split(/\s+/).filter((pattern) => pattern !== '' && globFiles(pattern, context.cwd).length === 0);
    return missing.length > 0 ? rejected(`expected existing plugin modules: no file matches ${missing.join(', ')}`) : fileGlobs(text, context);
  });
}

const reservedMulticastAddresses = ['224.0.0.0', '232.0.0.0', '233.0.0.0', '239.0.0.0'];

function multicastGroup(text: string): Parsed<{ address: string; port: number }> {
  const colon = text.indexOf(':');
  const address = text.slice(0, colon);
  const port = parsePort(text.slice(colon + 1));
  if (colon < 0 || !isIpv4(address, [224, 239]) || reservedMulticastAddresses.includes(address) || !port.ok) {
    return rejected(`expected ADDRESS:PORT with ADDRESS in 224.0.0.0..239.255.255.255 but not ${reservedMulticastAddresses.join(', ')}, and PORT in 1..65535`);
  }
  return accepted({ address, port: port.value });
}

function multicastInterface(text: string): Parsed<string | undefined> {
  if (['ANY', 'INADDR_ANY'].includes(text.toUpperCase())) return accepted(undefined);
  return isIpv4(text) ? accepted(text) : rejected('expected a dotted IPv4 address, ANY or INADDR_ANY');
}

function synchroOptions(text: string): Parsed<SynchroOption[]> {
  const chosen: SynchroOption[] = [];
  for (const item of distinctItems(commaItems(text))) {
    const parsed = parseChoice(item, synchroOptionNames);
    if (!parsed.ok) return rejected(`expected a comma-separated list of ${synchroOptionNames.join(', ')} (any case)`);
    if (!chosen.includes(parsed.value)) chosen.push(parsed.value);
  }
  return accepted(chosen);
}

const statisticsTypes = ['OFF', 'HOST', 'PROCESS', 'ALL'] as const;

/** The union of the items, a boolean standing for ALL (true) or OFF (false). */
function statsEnabled(text: string): Parsed<{ host: boolean; process: boolean }> {
  const items = commaItems(text);
  const types = items.map((item) => {
    const type = parseChoice(item, statisticsTypes);
    if (type.ok) return type.value;
    const flag = parseBoolean(item);
    return flag.ok ? (flag.value ? 'ALL' : 'OFF') : undefined;
  });
  if (items.length === 0 || types.includes(undefined)) {
    return rejected(`expected a comma-separated list of ${statisticsTypes.join(', ')} (any case) or booleans (true = ALL, false = OFF)`);
  }
  return accepted({ host: types.includes('ALL') || types.includes('HOST'), process: types.includes('ALL') || types.includes('PROCESS') });
}

function statsPeriods(text: string): Parsed<number[]> {
  const periods = commaItems(text).map((item) => parseNumber(item, 1, 3600));
  if (periods.length < 1 || periods.length > 3 || periods.some((period) => !period.ok)) {
    return rejected('expected 1 to 3 comma-separated numbers in 1..3600 (seconds)');
  }
  return accepted(periods.flatMap((period) => (period.ok ? [period.value] : [])).sort((left, right) => left - right));
}

function logfile(text: string, context: OptionContext): Parsed<string> {
  const expected = 'expected AUTO or the path of a file in an existing directory (NONE and SYSLOG are not supported)';
  const upper = text.toUpperCase();
  if (upper === 'AUTO') return accepted('AUTO');
  if (upper === 'NONE' || upper === 'SYSLOG' || text === '') return rejected(expected);
  const path = absolutePath(text, context.cwd, context.home);
  return existsSync(dirname(path)) ? accepted(path) : rejected(`${expected}: ${dirname(path)} does not exist`);
}

function logLevel(text: string): Parsed<LogLevel> {
  const level = parseLogLevel(text);
  return level === undefined ? rejected('expected one of critical, error, warn, info, debug, trace, blather (any case)') : accepted(level);
}

/** A mail address as alerts need it: something@host, no blanks (the SMTP server has the last word). */
const MAIL_ADDRESS = /^[^\s@,<>]+@[^\s@,<>]+$/;

function mailAddress(text: string): Parsed<string> {
  return MAIL_ADDRESS.test(text) ? accepted(text) : rejected('expected a mail address such as supvisors@example.com');
}

function mailAddresses(text: string): Parsed<string[]> {
  const items = distinctItems(commaItems(text));
  const bad = items.filter((item) => !MAIL_ADDRESS.test(item));
  return items.length === 0 || bad.length > 0 ? rejected('expected a comma-separated list of mail addresses such as ops@example.com') : accepted(items);
}

/** A URL of one of `schemes`, with a host; the problem never repeats the text (it may hold a password). */
function urlOf(schemes: readonly string[], example: string): (text: string) => Parsed<string> {
  return (text) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    return url !== undefined && schemes.includes(url.protocol) && url.hostname !== '' ? accepted(text) : rejected(`expected a URL such as ${example}`);
  };
}

function alertEvents(text: string): Parsed<AlertEventName[]> {
  const chosen: AlertEventName[] = [];
  for (const item of distinctItems(commaItems(text))) {
    const parsed = parseChoice(item, alertEventNames);
    if (!parsed.ok) return rejected(`expected a comma-separated list of ${alertEventNames.join(', ')} (any case)`);
    if (!chosen.includes(parsed.value)) chosen.push(parsed.value);
  }
  return chosen.length === 0 ? rejected(`expected at least one of ${alertEventNames.join(', ')}`) : accepted(chosen);
}

export const optionTable: OptionTable = {
  supvisorsList: option('supvisors_list', (text, { httpPort }) => parseSupvisorsList(text, httpPort), () => []),
  stereotypes: option('stereotypes', names, () => []),
  coreIdentifiers: option('core_identifiers', names, () => []),
  multicastGroup: option('multicast_group', multicastGroup, () => undefined),
  multicastInterface: option('multicast_interface', multicastInterface, () => undefined),
  multicastTtl: option('multicast_ttl', (text) => parseInteger(text, 0, 255), () => 1),
  synchroOptions: option('synchro_options', synchroOptions, (): SynchroOption[] => ['STRICT', 'TIMEOUT', 'CORE']),
  synchroTimeout: option('synchro_timeout', (text) => parseInteger(text, 0, 1200), () => 15),
  inactivityTicks: option('inactivity_ticks', (text) => parseInteger(text, 2, 720), () => 2),
  autoFence: option('auto_fence', parseBoolean, () => false),
  startingStrategy: option('starting_strategy', (text) => parseStrategyChoice(text, startingStrategyNames), () => 'CONFIG'),
  conciliationStrategy: option('conciliation_strategy', (text) => parseStrategyChoice(text, conciliationStrategyNames), () => 'USER'),
  supvisorsFailureStrategy: option('supvisors_failure_strategy', (text) => parseChoice(text, supvisorsFailureStrategyNames), () => 'CONTINUE'),
  rulesFiles: option('rules_files', fileGlobs, () => []),
  cssFiles: option('css_files', fileGlobs, () => []),
  softwareName: option('software_name', anyText, () => ''),
  softwareIcon: option('software_icon', (text, context) => andThen(fileGlobs(text, context), (files) => accepted(files[0])), () => undefined),
  eventLink: option('event_link', (text) => parseChoice(text, eventLinkNames), () => 'NONE'),
  eventPort: option('event_port', parsePort, ({ httpPort }) => httpPort + 1),
  eventPortOpen: option('event_port_open', parseBoolean, () => false),
  disabilitiesFile: option('disabilities_file', filePath, () => undefined),
  tailLimit: option('tail_limit', parseByteSize, () => 1024),
  tailfLimit: option('tailf_limit', parseByteSize, () => 1024),
  statsEnabled: option('stats_enabled', statsEnabled, () => ({ host: true, process: true })),
  statsCollectingPeriod: option('stats_collecting_period', (text) => parseNumber(text, 1, 3600), () => 5),
  statsPeriods: option('stats_periods', statsPeriods, () => [10]),
  statsHisto: option('stats_histo', (text) => parseInteger(text, 10, 1500), () => 200),
  statsIrixMode: option('stats_irix_mode', parseBoolean, () => false),
  logfile: option('logfile', logfile, () => 'AUTO'),
  logfileMaxbytes: option('logfile_maxbytes', parseByteSize, () => 50 * 1024 * 1024),
  logfileBackups: option('logfile_backups', (text) => parseInteger(text, 0, Infinity), () => 10),
  loglevel: option('loglevel', logLevel, () => 'info'),
  apiVersion: option('api_version', (text) => (text === '' ? rejected('expected a version string such as 0.19.1') : accepted(text)), () => '0.19.1'),
  numprocsFile: option('numprocs_file', filePath, () => undefined),
  peerSecret: secretOption('peer_secret', (text) => (text === '' ? rejected('expected a non-empty secret') : accepted(text)), () => undefined),
  heartbeatPeriod: option('heartbeat_period', (text) => parseNumber(text, 0.05, 10), () => 0.25),
  heartbeatMisses: option('heartbeat_misses', (text) => parseInteger(text, 2, 100), () => 4),
  tlsCertfile: option('tls_certfile', existingFile, () => undefined),
  tlsKeyfile: option('tls_keyfile', existingFile, () => undefined),
  tlsCafile: option('tls_cafile', existingFile, () => undefined),
  plugins: option('plugins', pluginGlobs, () => []),
  pluginTimeout: option('plugin_timeout', (text) => parseNumber(text, 0.1, 600), () => 5),
  alertMailTo: option('alert_mail_to', mailAddresses, () => []),
  alertMailFrom: option('alert_mail_from', mailAddress, () => 'supvisors@localhost'),
  alertSmtpUrl: secretOption('alert_smtp_url', urlOf(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.com:587 or smtps://mail.example.com'), () => undefined),
  alertWebhookUrl: secretOption('alert_webhook_url', urlOf(['http:', 'https:'], 'https://hooks.example.com/supvisors'), () => undefined),
  alertEvents: option('alert_events', alertEvents, (): AlertEventName[] => [...alertEventNames]),
  alertBatchSeconds: option('alert_batch_seconds', (text) => parseNumber(text, 0, 3600), () => 10),
  alertMaxPerHour: option('alert_max_per_hour', (text) => parseInteger(text, 1, 100_000), () => 60),
};
