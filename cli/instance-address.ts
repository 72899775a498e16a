/**
 * The Supvisors instances of `get_all_instances_info` as the following commands use them: found
 * by identifier or nick, their nicks for display, and the URL of a node to connect to. Pure.
 */
import type { Result } from '../contract/index.js';

export type InstanceInfo = Result<'supvisors.get_all_instances_info'>[number];

/** The instance named `name` (its identifier, else its nick). */
export function findInstance(instances: readonly InstanceInfo[], name: string): InstanceInfo | undefined {
  return instances.find((instance) => instance.identifier === name) ?? instances.find((instance) => instance.nick_identifier === name);
}

/** identifier -> nick. */
export function nicknames(instances: readonly InstanceInfo[]): Map<string, string> {
  return new Map(instances.map((instance) => [instance.identifier, instance.nick_identifier]));
}

/**
 * The URL of an instance's port (`node_name` as written in supvisors_list, `port` its HTTP port),
 * with the scheme of the node the command talks to: a cluster shares its TLS settings.
 */
export function instanceUrl(instance: InstanceInfo, clientAddress: string): string {
  const scheme = clientAddress.startsWith('https:') ? 'https' : 'http';
  const host = instance.node_name.includes(':') && !instance.node_name.startsWith('[') ? `[${instance.node_name}]` : instance.node_name;
  return `${scheme}://${host}:${instance.port}`;
}
