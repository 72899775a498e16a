/**
 * The facts the local machine gives about itself, gathered once at start (the I/O behind
 * cluster/instances.ts HostFacts and payloads/network-info.ts NetworkFacts): host name, IPv4
 * addresses of every interface (loopback included), reverse lookups of those addresses
 * (bounded: an unreachable DNS gives no names), and the hardware address as machine id.
 */
import { promises as dns } from 'node:dns';
import { hostname, networkInterfaces } from 'node:os';
import type { HostFacts, ReverseLookup } from '../../cluster/instances.js';
import type { NetworkFacts, NicFacts } from '../../payloads/network-info.js';

export interface LocalHost {
  readonly facts: HostFacts;
  readonly network: NetworkFacts;
}

async function reverse(address: string, timeoutMs: number): Promise<ReverseLookup | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const names = await Promise.race([dns.reverse(address).catch(() => undefined), timeout]);
    if (names === undefined || names.length === 0) return undefined;
    return { hostName: names[0], aliases: names.slice(1), addresses: [address] };
  } finally {
    clearTimeout(timer);
  }
}

export async function gatherLocalHost(timeoutMs = 500): Promise<LocalHost> {
  const name = hostname();
  const nics: { name: string; address: string; netmask: string; internal: boolean; mac: string }[] = [];
  for (const [nicName, entries] of Object.entries(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4') nics.push({ name: nicName, address: entry.address, netmask: entry.netmask, internal: entry.internal, mac: entry.mac });
    }
  }
  const lookups = await Promise.all(nics.map((nic) => reverse(nic.address, timeoutMs)));
  const reverseMap = new Map<string, ReverseLookup>();
  const nicFacts: NicFacts[] = nics.map((nic, index) => {
    const lookup = lookups[index];
    if (lookup !== undefined) reverseMap.set(nic.address, lookup);
    return {
      name: nic.name,
      address: nic.address,
      netmask: nic.netmask,
      internal: nic.internal,
      hostName: lookup?.hostName ?? '',
      aliases: lookup?.aliases ?? [],
      ipv4Addresses: lookup?.addresses ?? [],
    };
  });
  const mac = nics.find((nic) => !nic.internal && nic.mac !== '00:00:00:00:00:00')?.mac ?? '00:00:00:00:00:00';
  return {
    facts: { hostname: name, addresses: nics.map((nic) => nic.address), reverse: reverseMap },
    network: { machineId: mac.toLowerCase(), fqdn: name, nics: nicFacts },
  };
}
