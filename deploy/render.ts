/**
 * A host's node as the deployment writes it: its supervisord.conf rendered by local-cluster's
 * `configuration` (the same file a local node gets, with the host's Node.js and the shipped
 * package's runtime and shim), `supvisors_list` generated from every host of the description,
 * the shared peer secret, and the rules files copied into the data directory. Its hash (bundle,
 * configuration, rules) is what a later run compares to tell that nothing changed.
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { parseIni } from '../config/ini.js';
import { configuration } from '../local-cluster/configuration.js';
import type { DeployDescription, DeployHost } from './description.js';

/** The sections only a restart of supervisord applies (`supervisorctl update` reads programs only). */
export const SUPERVISORD_SECTIONS = ['supervisord', 'unix_http_server', 'inet_http_server', 'rpcinterface:supervisor', 'supervisorctl'];

/** The package shipped: what `npm pack` holds plus its production dependencies. */
export interface BundleIdentity {
  readonly version: string;
  /** Of every file's path and content. */
  readonly hash: string;
}

export interface RenderedNode {
  readonly host: DeployHost;
  /** `versions/ID` under the install root. */
  readonly bundleId: string;
  readonly bundleDir: string;
  readonly confFile: string;
  readonly conf: string;
  readonly rules: readonly { readonly path: string; readonly text: string }[];
  readonly hash: string;
  readonly supervisordHash: string;
}

export function bundleId(bundle: BundleIdentity): string {
  return `${bundle.version}-${bundle.hash.slice(0, 12)}`;
}

/** `<nick>address:http_port,...` for every host. */
export function supvisorsList(description: DeployDescription): string {
  return description.hosts.map((host) => `<${host.name}>${host.address}:${description.httpPort}`).join(',');
}

function sha256(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('hex');
}

/** A hash of the sections of `conf` that need a supervisord restart. */
export function supervisordSectionsHash(conf: string): string {
  const sections = parseIni(conf, 'supervisord.conf').sections.filter((section) => SUPERVISORD_SECTIONS.includes(section.name));
  return sha256(...sections.flatMap((section) => [section.name, ...[...section.options.values()].map((option) => `${option.key}=${option.value}`)]));
}

export interface RenderInputs {
  readonly description: DeployDescription;
  readonly host: DeployHost;
  readonly bundle: BundleIdentity;
  /** Node.js on the host (absolute, from the probe). */
  readonly nodePath: string;
  /** The program sections file's text ('' when none). */
  readonly programs: string;
  /** Each rules file's text, by local path. */
  readonly rules: ReadonlyMap<string, string>;
}

export function renderNode({ description, host, bundle, nodePath, programs, rules }: RenderInputs): RenderedNode {
  const id = bundleId(bundle);
  const bundleDir = join(host.installRoot, 'versions', id);
  const shipped = description.rulesFiles.map((file) => ({ path: join(host.dataDir, 'rules', basename(file)), text: rules.get(file) ?? '' }));
  const supvisors = [
    `supvisors_list = ${supvisorsList(description)}`,
    `peer_secret = ${description.peerSecret}`,
    ...(shipped.length === 0 ? [] : [`rules_files = ${shipped.map((rule) => rule.path).join(' ')}`]),
    ...description.supvisors.map(([key, value]) => `${key} = ${value}`),
  ].join('\n');
  const conf = configuration({
    dir: host.dataDir,
    identifier: host.name,
    host: host.address,
    supervisordPort: description.supervisordPort,
    httpPort: description.httpPort,
    credentials: { user: description.username, password: description.password },
    supvisors,
    programs,
    header: '; written by supvisorsctl deploy (docs/deploy.md): changes made here are replaced at the next deployment\n',
    paths: { node: nodePath, supvisorsd: join(bundleDir, 'dist', 'bin', 'supvisorsd.js'), shim: join(bundleDir, 'bin', 'supvisors-args') },
  });
  return {
    host,
    bundleId: id,
    bundleDir,
    confFile: join(host.dataDir, 'supervisord.conf'),
    conf,
    rules: shipped,
    hash: sha256(bundle.hash, conf, ...shipped.flatMap((rule) => [rule.path, rule.text])),
    supervisordHash: supervisordSectionsHash(conf),
  };
}
