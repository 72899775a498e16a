/**
 * The instance list: who is in the cluster, in which order, and which one we are.
 * Spec: config.md §3.1, §4, §4.1–§4.3, §5; protocol.md §8–§9; xmlrpc.md §4.
 *
 * - Order: the `supvisors_list` entries as written (config already trimmed them, dropped empty
 *   items and exact repeats), then discovered instances appended in arrival order. This order
 *   drives stereotype expansion and every "in instance order" rule.
 * - Empty `supvisors_list`: one implicit local instance `<identifier>hostname:http_port`, the
 *   nick being the supervisord identifier unless it is empty or `supervisor`, in which case
 *   it is `hostname:http_port` (0.19: the port is written, so the nick defaults to `host:port`).
 * - Local instance: the single entry whose port equals our `http_port` and whose host is one of
 *   the local names: the host name, every IPv4 address of the machine, and the host names,
 *   aliases and addresses returned by the reverse lookups of those addresses.
 *   **Differs from Python Supvisors**: loopback counts — addresses of 127.0.0.0/8 (written as
 *   such, with or without an interface holding them) and `localhost` identify the local
 *   instance, so several instances can share one machine on loopback (our cluster tests).
 *   Matching is exact (case-sensitive), as in Python. Zero or several matches: typed error.
 * - Host facts (host name, addresses, reverse lookups) are inputs: the caller does the I/O.
 * - Discovery (protocol.md §8): an unknown instance is appended, unless its identifier is
 *   known (with the same nick: already known; with another nick: conflict) or its nick is known
 *   under another identifier (conflict).
 * - Stereotypes: local ones from the options; a remote instance's are learned once (first
 *   handshake or discovery datagram), later values are ignored (protocol.md §9).
 * - Name resolution (`mapper.filter`, xmlrpc.md §4, config.md §4.2): each name is an
 *   identifier, else a nick, else a stereotype (every instance carrying it, in instance order);
 *   unknown names are reported and dropped; repeats are dropped keeping the first occurrence.
 */
import type { SupvisorsListEntry, SupvisorsOptions } from '../config/types.js';
import { failure, success, type Outcome } from './outcome.js';

/** One member of the cluster as the local instance knows it. */
export interface ClusterInstance {
  /** `host:http_port`, the key used everywhere. */
  readonly identifier: string;
  readonly nickIdentifier: string;
  /** The host as written (`host_id`, S2 `node_name`). */
  readonly host: string;
  readonly port: number;
  /** Unordered on the wire; kept in the order learned. */
  readonly stereotypes: readonly string[];
  /** False for `supvisors_list` entries (and the implicit local entry), true once discovered. */
  readonly discovered: boolean;
  /** Stereotypes were learned (handshake / discovery) or set (local); later values are ignored. */
  readonly stereotypesKnown: boolean;
}

export interface InstanceList {
  /** In instance order (declared, then discovered). */
  readonly instances: readonly ClusterInstance[];
  readonly localIdentifier: string;
}

/** What the machine says about itself; gathered by the caller (os.hostname, NICs, reverse DNS). */
export interface HostFacts {
  readonly hostname: string;
  /** IPv4 addresses of every network interface, loopback ones included. */
  readonly addresses: readonly string[];
  /** Reverse lookup (gethostbyaddr) of each address that resolved: host name, aliases, IPv4 addresses. */
  readonly reverse?: ReadonlyMap<string, ReverseLookup>;
}

export interface ReverseLookup {
  readonly hostName: string;
  readonly aliases: readonly string[];
  readonly addresses: readonly string[];
}

export type LocalInstanceError =
  | { readonly kind: 'no-local-instance'; readonly message: string; readonly httpPort: number; readonly localNames: readonly string[] }
  | { readonly kind: 'several-local-instances'; readonly message: string; readonly identifiers: readonly string[] };

export type DiscoveryRefusal =
  | { readonly kind: 'already-known'; readonly message: string }
  | { readonly kind: 'nick-conflict'; readonly message: string; readonly knownIdentifier: string }
  | { readonly kind: 'identifier-conflict'; readonly message: string; readonly knownNick: string };

/** An announcement of an instance (discovery datagram, protocol.md §8). */
export interface DiscoveredInstance {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly host: string;
  readonly port: number;
  readonly stereotypes?: readonly string[];
}

const ipv4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** 127.0.0.0/8, written as a dotted IPv4 literal. */
export function isLoopbackIPv4(host: string): boolean {
  const match = ipv4Pattern.exec(host);
  return match !== null && match.slice(1).every((byte) => Number(byte) <= 255) && match[1] === '127';
}

/** Every name the local machine answers to (without the 127.0.0.0/8 rule, see isLocalHost). */
export function localNames(facts: HostFacts): string[] {
  const names = new Set<string>([facts.hostname, 'localhost', ...facts.addresses]);
  for (const lookup of facts.reverse?.values() ?? []) {
    names.add(lookup.hostName);
    for (const alias of lookup.aliases) names.add(alias);
    for (const address of lookup.addresses) names.add(address);
  }
  names.delete('');
  return [...names];
}

export function isLocalHost(host: string, facts: HostFacts): boolean {
  return isLoopbackIPv4(host) || localNames(facts).includes(host);
}

function fromEntry(entry: SupvisorsListEntry, httpPort: number): ClusterInstance {
  return {
    identifier: entry.identifier,
    nickIdentifier: entry.nickIdentifier,
    host: entry.host,
    port: entry.port ?? httpPort,
    stereotypes: [],
    discovered: false,
    stereotypesKnown: false,
  };
}

/** The implicit list of an empty `supvisors_list` (config.md §3.1, protocol.md §9). */
export function implicitLocalInstance(supervisordIdentifier: string, hostname: string, httpPort: number): ClusterInstance {
  const identifier = `${hostname}:${httpPort}`;
  const nick = supervisordIdentifier === '' || supervisordIdentifier === 'supervisor' ? identifier : supervisordIdentifier;
  return { identifier, nickIdentifier: nick, host: hostname, port: httpPort, stereotypes: [], discovered: false, stereotypesKnown: false };
}

/**
 * The instance list at start: `supvisors_list` (or the implicit local entry) and the local
 * instance identified among it; the local stereotypes are set on the local instance.
 */
export function buildInstanceList(
  options: Pick<SupvisorsOptions, 'supvisorsList' | 'httpPort' | 'stereotypes'>,
  supervisordIdentifier: string,
  facts: HostFacts,
): Outcome<InstanceList, LocalInstanceError> {
  const { httpPort } = options;
  const declared =
    options.supvisorsList.length === 0
      ? [implicitLocalInstance(supervisordIdentifier, facts.hostname, httpPort)]
      : options.supvisorsList.map((entry) => fromEntry(entry, httpPort));
  const candidates = declared.filter((instance) => instance.port === httpPort && isLocalHost(instance.host, facts));
  if (candidates.length === 0) {
    const names = localNames(facts);
    return failure({
      kind: 'no-local-instance',
      message: `could not find the Supvisors in supvisors_list: no entry with port ${httpPort} and a local host (${names.join(', ')}, 127.0.0.0/8)`,
      httpPort,
      localNames: names,
    });
  }
  if (candidates.length > 1) {
    const identifiers = candidates.map((instance) => instance.identifier);
    return failure({ kind: 'several-local-instances', message: `multiple candidates for the local Supvisors: ${identifiers.join(', ')}`, identifiers });
  }
  const localIdentifier = candidates[0].identifier;
  const instances = declared.map((instance) =>
    instance.identifier === localIdentifier ? { ...instance, stereotypes: [...new Set(options.stereotypes)], stereotypesKnown: true } : instance,
  );
  return success({ instances, localIdentifier });
}

export function findInstance(list: InstanceList, identifier: string): ClusterInstance | undefined {
  return list.instances.find((instance) => instance.identifier === identifier);
}

/** The identifiers of the `supvisors_list` (declared, not discovered) instances: STRICT's set. */
export function initialIdentifiers(list: InstanceList): string[] {
  return list.instances.filter((instance) => !instance.discovered).map((instance) => instance.identifier);
}

/** Appends an announced instance unknown so far (protocol.md §8). */
export function addDiscovered(list: InstanceList, announced: DiscoveredInstance): Outcome<InstanceList, DiscoveryRefusal> {
  const sameIdentifier = findInstance(list, announced.identifier);
  if (sameIdentifier !== undefined) {
    return sameIdentifier.nickIdentifier === announced.nickIdentifier
      ? failure({ kind: 'already-known', message: `${announced.identifier} is already known` })
      : failure({
          kind: 'identifier-conflict',
          message: `identifier ${announced.identifier} is known with nick ${sameIdentifier.nickIdentifier}, not ${announced.nickIdentifier}`,
          knownNick: sameIdentifier.nickIdentifier,
        });
  }
  const sameNick = list.instances.find((instance) => instance.nickIdentifier === announced.nickIdentifier);
  if (sameNick !== undefined) {
    return failure({
      kind: 'nick-conflict',
      message: `nick ${announced.nickIdentifier} is already used by ${sameNick.identifier}, not ${announced.identifier}`,
      knownIdentifier: sameNick.identifier,
    });
  }
  const stereotypes = announced.stereotypes === undefined ? [] : [...new Set(announced.stereotypes)];
  const added: ClusterInstance = {
    identifier: announced.identifier,
    nickIdentifier: announced.nickIdentifier,
    host: announced.host,
    port: announced.port,
    stereotypes,
    discovered: true,
    stereotypesKnown: announced.stereotypes !== undefined,
  };
  return success({ ...list, instances: [...list.instances, added] });
}

/** Records the stereotypes of a remote instance, the first time only; otherwise the list is returned unchanged. */
export function learnStereotypes(list: InstanceList, identifier: string, stereotypes: readonly string[]): InstanceList {
  const known = findInstance(list, identifier);
  if (known === undefined || known.stereotypesKnown) return list;
  return {
    ...list,
    instances: list.instances.map((instance) =>
      instance.identifier === identifier ? { ...instance, stereotypes: [...new Set(stereotypes)], stereotypesKnown: true } : instance,
    ),
  };
}

export interface Resolution {
  /** Distinct, first occurrence kept. */
  readonly identifiers: readonly string[];
  /** Names that matched nothing (a warning each; they may become valid in discovery mode). */
  readonly unknown: readonly string[];
}

/** The identifiers one name designates: identifier, else nick, else stereotype (in instance order). */
export function resolveName(list: InstanceList, name: string): string[] {
  const { instances } = list;
  const byIdentifier = instances.find((instance) => instance.identifier === name);
  if (byIdentifier !== undefined) return [byIdentifier.identifier];
  const byNick = instances.find((instance) => instance.nickIdentifier === name);
  if (byNick !== undefined) return [byNick.identifier];
  return instances.filter((instance) => instance.stereotypes.includes(name)).map((instance) => instance.identifier);
}

/** `mapper.filter`: names to identifiers, for RPC parameters and `core_identifiers`. */
export function resolveNames(list: InstanceList, names: readonly string[]): Resolution {
  const identifiers: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const resolved = resolveName(list, name);
    if (resolved.length === 0) unknown.push(name);
    for (const identifier of resolved) if (!identifiers.includes(identifier)) identifiers.push(identifier);
  }
  return { identifiers, unknown };
}
