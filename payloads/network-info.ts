/**
 * S9, NetworkInfo (spec/xmlrpc.md §5.9): an instance's addresses, from the facts its host gave
 * (actors/instance-tracker/host-facts.ts).
 */
import type { ClusterInstance } from '../cluster/instances.js';

export interface NicFacts {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
  /** Loopback: left out of S9, as in Python. */
  readonly internal: boolean;
  /** Reverse lookup of `address`; empty when unresolvable. */
  readonly hostName: string;
  readonly aliases: readonly string[];
  readonly ipv4Addresses: readonly string[];
}

export interface NetworkFacts {
  /** 6 lower-case hex byte pairs joined by `:`. */
  readonly machineId: string;
  readonly fqdn: string;
  readonly nics: readonly NicFacts[];
}

export interface NetworkInfoPayload {
  identifier: string;
  nick_identifier: string;
  host_id: string;
  http_port: number;
  stereotypes: string[];
  network?: {
    machine_id: string;
    fqdn: string;
    addresses: Record<string, { host_name: string; aliases: string[]; ipv4_addresses: string[]; nic_info: { nic_name: string; ipv4_address: string; netmask: string } }>;
  };
}

/** S9; `network` only when known (the local instance always, a remote one after its handshake). */
export function networkInfoPayload(instance: ClusterInstance, network: NetworkFacts | undefined): NetworkInfoPayload {
  const payload: NetworkInfoPayload = {
    identifier: instance.identifier,
    nick_identifier: instance.nickIdentifier,
    host_id: instance.host,
    http_port: instance.port,
    stereotypes: [...instance.stereotypes],
  };
  if (network === undefined) return payload;
  const addresses: NonNullable<NetworkInfoPayload['network']>['addresses'] = {};
  for (const nic of network.nics) {
    if (nic.internal) continue;
    addresses[nic.name] = {
      host_name: nic.hostName,
      aliases: [...nic.aliases],
      ipv4_addresses: [...nic.ipv4Addresses],
      nic_info: { nic_name: nic.name, ipv4_address: nic.address, netmask: nic.netmask },
    };
  }
  return { ...payload, network: { machine_id: network.machineId, fqdn: network.fqdn, addresses } };
}
