/**
 * The deployment description (docs/deploy.md): an INI file in the spirit of minos's
 * deploy_supervisor config. `[cluster]` holds what every node shares (ports, credentials, peer
 * secret, the programs and rules files to ship, the known_hosts file), `[supvisors]` the
 * Supvisors options copied into every node's `[supvisors]` section, and each `[group:NAME]` a
 * set of hosts reached the same way (SSH user and authentication, install root, data directory,
 * `host.N = ADDRESS` with an optional `name.N = NICK`).
 *
 * Pure: text in, a description or every problem out, each naming the file, the line and the key.
 * Paths are resolved against the description's folder and `~` against the home given.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { parseIni, type IniOption, type IniSection } from '../config/ini.js';

/** How a group's hosts are logged into; every method given is tried, the agent first (ssh2's order). */
export interface Authentication {
  readonly password: string | undefined;
  readonly identityFile: string | undefined;
  readonly passphrase: string | undefined;
  /** The ssh-agent socket (SSH_AUTH_SOCK) when `agent = yes`. */
  readonly agent: boolean;
}

export interface DeployHost {
  readonly group: string;
  /** The node's nick: `[supervisord] identifier`, `<nick>` in supvisors_list. */
  readonly name: string;
  /** Where SSH and the other nodes reach it. */
  readonly address: string;
  readonly sshPort: number;
  readonly user: string;
  readonly auth: Authentication;
  /** `{host}` expanded: the package versions live under it. */
  readonly installRoot: string;
  /** The node's folder: supervisord.conf, its pidfile, socket, logs and Supvisors' state files. */
  readonly dataDir: string;
  /** Node.js and supervisord on the host, as a command name (looked up on its PATH) or a path. */
  readonly node: string;
  readonly supervisord: string;
}

export interface DeployDescription {
  readonly file: string;
  readonly httpPort: number;
  readonly supervisordPort: number;
  readonly username: string;
  readonly password: string;
  readonly peerSecret: string;
  /** Program sections inserted into every node's configuration (absolute path). */
  readonly programsFile: string | undefined;
  /** Rules files shipped to every node (absolute paths). */
  readonly rulesFiles: readonly string[];
  readonly knownHosts: string;
  readonly connectTimeoutMs: number;
  /** Bound of the wait for a (re)started node to be back in OPERATION. */
  readonly rejoinTimeoutMs: number;
  /** Ship the optional dependencies (zeromq, for `event_link = ZMQ`). */
  readonly includeOptional: boolean;
  /** `[supvisors]` lines shared by every node, in file order. */
  readonly supvisors: readonly (readonly [string, string])[];
  readonly hosts: readonly DeployHost[];
}

export type DescriptionResult = { readonly ok: true; readonly description: DeployDescription } | { readonly ok: false; readonly errors: readonly string[] };

/** `[supvisors]` options the deployer writes itself. */
export const GENERATED_SUPVISORS_KEYS = ['http_port', 'supvisors_list', 'peer_secret', 'rules_files', 'disabilities_file', 'numprocs_file'] as const;

const CLUSTER_KEYS = ['http_port', 'supervisord_port', 'username', 'password', 'peer_secret', 'programs', 'rules', 'known_hosts', 'connect_timeout', 'rejoin_timeout', 'include_optional'];
const GROUP_KEYS = ['user', 'port', 'password', 'identity_file', 'passphrase', 'agent', 'install_root', 'data_dir', 'node', 'supervisord'];
const HOST_KEY = /^(host|name)\.(\d+)$/;
/** Shortest peer secret accepted: it is the nodes' only proof to each other. */
const MIN_SECRET_LENGTH = 16;

export interface DescriptionContext {
  /** The user running the deployment: the default SSH user. */
  readonly localUser: string;
  readonly home: string;
}

class Problems {
  readonly list: string[] = [];
  constructor(readonly file: string) {}

  at(section: IniSection, option: IniOption | undefined, message: string): void {
    const where = option === undefined ? `${this.file}:${section.line}: [${section.name}]` : `${this.file}:${option.line}: [${section.name}] ${option.key}`;
    this.list.push(`${where}: ${message}`);
  }
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** Reads the options of one section, each through its reader; unknown keys are problems. */
class SectionReader {
  constructor(
    readonly section: IniSection,
    private readonly problems: Problems,
  ) {}

  option(key: string): IniOption | undefined {
    return this.section.options.get(key);
  }

  text(key: string, fallback?: string): string | undefined {
    const option = this.option(key);
    if (option === undefined) return fallback;
    if (option.value === '') {
      this.problems.at(this.section, option, 'empty value');
      return fallback;
    }
    return option.value;
  }

  required(key: string): string {
    const value = this.text(key);
    if (value === undefined && this.option(key) === undefined) this.problems.at(this.section, undefined, `${key} is required`);
    return value ?? '';
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const option = this.option(key);
    if (option === undefined) return fallback;
    const value = Number(option.value);
    if (!/^\d+$/.test(option.value) || value < min || value > max) {
      this.problems.at(this.section, option, `expected an integer in ${min}..${max}, got ${JSON.stringify(option.value)}`);
      return fallback;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const option = this.option(key);
    if (option === undefined) return fallback;
    const text = option.value.toLowerCase();
    if (['yes', 'true', 'on', '1'].includes(text)) return true;
    if (['no', 'false', 'off', '0'].includes(text)) return false;
    this.problems.at(this.section, option, `expected yes or no, got ${JSON.stringify(option.value)}`);
    return fallback;
  }

  /** Problems for keys that are neither in `known` nor accepted by `pattern`. */
  unknownKeys(known: readonly string[], pattern?: RegExp): void {
    for (const option of this.section.options.values()) {
      if (!known.includes(option.key) && pattern?.test(option.key) !== true) this.problems.at(this.section, option, `unknown key (known: ${known.join(', ')}${pattern === undefined ? '' : ', host.N, name.N'})`);
    }
  }
}

function readHosts(reader: SectionReader, problems: Problems): { name: string; address: string }[] {
  const addresses = new Map<number, string>();
  const names = new Map<number, IniOption>();
  for (const option of reader.section.options.values()) {
    const match = HOST_KEY.exec(option.key);
    if (match === null) continue;
    const index = Number(match[2]);
    if (match[1] === 'host') {
      if (!/^[A-Za-z0-9.:_-]+$/.test(option.value)) problems.at(reader.section, option, `not a host name or address: ${JSON.stringify(option.value)}`);
      else addresses.set(index, option.value);
    } else {
      names.set(index, option);
    }
  }
  for (const [index, option] of names) {
    if (!addresses.has(index)) problems.at(reader.section, option, `no host.${index} for this name`);
    else if (!/^[A-Za-z0-9_-]+$/.test(option.value)) problems.at(reader.section, option, `a node name holds letters, digits, - and _ only, got ${JSON.stringify(option.value)}`);
  }
  return [...addresses]
    .sort(([a], [b]) => a - b)
    .map(([index, address]) => ({ address, name: names.get(index)?.value ?? address }));
}

function readGroup(section: IniSection, group: string, problems: Problems, context: DescriptionContext, baseDir: string): DeployHost[] {
  const reader = new SectionReader(section, problems);
  reader.unknownKeys(GROUP_KEYS, HOST_KEY);
  const path = (text: string): string => resolve(baseDir, expandHome(text, context.home));
  const identity = reader.text('identity_file');
  const auth: Authentication = {
    password: reader.text('password'),
    identityFile: identity === undefined ? undefined : path(identity),
    passphrase: reader.text('passphrase'),
    agent: reader.boolean('agent', false),
  };
  if (auth.password === undefined && auth.identityFile === undefined && !auth.agent) {
    problems.at(section, undefined, 'no authentication: set password, identity_file or agent = yes');
  }
  if (auth.passphrase !== undefined && auth.identityFile === undefined) problems.at(section, reader.option('passphrase'), 'a passphrase needs an identity_file');
  const root = reader.required('install_root');
  const rootOption = reader.option('install_root');
  if (root !== '' && !isAbsolute(expandHome(root, '/'))) problems.at(section, rootOption, `an absolute path is expected, got ${JSON.stringify(root)}`);
  const dataDir = reader.text('data_dir');
  if (dataDir !== undefined && !isAbsolute(dataDir)) problems.at(section, reader.option('data_dir'), `an absolute path is expected, got ${JSON.stringify(dataDir)}`);
  const hosts = readHosts(reader, problems);
  if (hosts.length === 0) problems.at(section, undefined, 'no host: add host.0 = ADDRESS');
  const user = reader.text('user', context.localUser) ?? context.localUser;
  const sshPort = reader.integer('port', 22, 1, 65535);
  const node = reader.text('node', 'node') ?? 'node';
  const supervisord = reader.text('supervisord', 'supervisord') ?? 'supervisord';
  return hosts.map(({ name, address }) => {
    const installRoot = root.replaceAll('{host}', name);
    return {
      group,
      name,
      address,
      sshPort,
      user,
      auth,
      installRoot,
      dataDir: dataDir === undefined ? join(installRoot, 'node') : dataDir.replaceAll('{host}', name),
      node,
      supervisord,
    };
  });
}

function duplicates(hosts: readonly DeployHost[], problems: Problems): void {
  const seen = new Map<string, DeployHost>();
  for (const host of hosts) {
    for (const [what, key] of [
      ['name', host.name],
      ['address', host.address],
      ['data_dir', `${host.address}|${host.dataDir}`],
    ] as const) {
      const first = seen.get(`${what}:${key}`);
      if (first !== undefined) problems.list.push(`${problems.file}: node ${host.name} of [group:${host.group}] has the same ${what} as ${first.name} of [group:${first.group}]`);
      else seen.set(`${what}:${key}`, host);
    }
  }
}

/** The description of `text`, read from `file` (for messages and relative paths). */
export function parseDescription(text: string, file: string, context: DescriptionContext): DescriptionResult {
  const problems = new Problems(file);
  const document = parseIni(text, file);
  problems.list.push(...document.errors);
  const baseDir = resolve(file, '..');
  const path = (value: string): string => resolve(baseDir, expandHome(value, context.home));
  const clusterSection = document.sections.find((section) => section.name === 'cluster');
  if (clusterSection === undefined) return { ok: false, errors: [...problems.list, `${file}: no [cluster] section`] };
  const cluster = new SectionReader(clusterSection, problems);
  cluster.unknownKeys(CLUSTER_KEYS);
  const httpPort = cluster.integer('http_port', 61001, 1, 65535);
  const supervisordPort = cluster.integer('supervisord_port', 61000, 1, 65535);
  if (httpPort === supervisordPort) problems.at(clusterSection, cluster.option('http_port'), 'http_port and supervisord_port must differ');
  const username = cluster.required('username');
  const password = cluster.required('password');
  const peerSecret = cluster.required('peer_secret');
  if (peerSecret !== '' && peerSecret.length < MIN_SECRET_LENGTH) problems.at(clusterSection, cluster.option('peer_secret'), `at least ${MIN_SECRET_LENGTH} characters`);
  const programs = cluster.text('programs');
  const rules = cluster.text('rules');
  const knownHosts = cluster.text('known_hosts', '~/.ssh/known_hosts') ?? '~/.ssh/known_hosts';
  const connectTimeoutMs = cluster.integer('connect_timeout', 10, 1, 600) * 1000;
  const rejoinTimeoutMs = cluster.integer('rejoin_timeout', 60, 1, 3600) * 1000;
  const includeOptional = cluster.boolean('include_optional', false);
  const supvisors: [string, string][] = [];
  const groups: DeployHost[] = [];
  for (const section of document.sections) {
    if (section.name === 'cluster') continue;
    if (section.name === 'supvisors') {
      for (const option of section.options.values()) {
        if ((GENERATED_SUPVISORS_KEYS as readonly string[]).includes(option.key)) problems.at(section, option, 'written by the deployer: set it in [cluster] (ports, peer_secret, rules) or leave it out');
        else supvisors.push([option.key, option.value]);
      }
      continue;
    }
    const group = /^group:([A-Za-z0-9_-]+)$/.exec(section.name);
    if (group === null) {
      problems.at(section, undefined, 'unknown section (expected [cluster], [supvisors] or [group:NAME])');
      continue;
    }
    groups.push(...readGroup(section, group[1] ?? '', problems, context, baseDir));
  }
  if (!document.sections.some((section) => section.name.startsWith('group:'))) problems.list.push(`${file}: no [group:NAME] section: no host to deploy to`);
  duplicates(groups, problems);
  if (problems.list.length > 0) return { ok: false, errors: problems.list };
  return {
    ok: true,
    description: {
      file,
      httpPort,
      supervisordPort,
      username,
      password,
      peerSecret,
      programsFile: programs === undefined ? undefined : path(programs),
      rulesFiles: (rules ?? '')
        .split(',')
        .map((one) => one.trim())
        .filter((one) => one !== '')
        .map(path),
      knownHosts: path(knownHosts),
      connectTimeoutMs,
      rejoinTimeoutMs,
      includeOptional,
      supvisors,
      hosts: groups,
    },
  };
}
