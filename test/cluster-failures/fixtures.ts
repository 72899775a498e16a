/** Helpers of the failure tests: sleeping programs, and where each process runs as an instance sees it. */
import { list, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';

/** A program section that sleeps; `startsecs` > 0 keeps it STARTING that long. */
export function sleeper(name: string, startsecs = 0, command = 'sleep 1000'): string {
  return `[program:${name}]\ncommand = ${command}\nautostart = false\nstartsecs = ${startsecs}\nautorestart = false\n`;
}

export interface Placement {
  readonly state: string;
  readonly identifiers: string[];
  readonly extraArgs: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Every process by namespec, as `observer` sees it (get_all_process_info). */
export async function placement(cluster: Cluster, observer: ClusterNode): Promise<Map<string, Placement>> {
  const infos = list(await cluster.call(observer, 'supvisors.get_all_process_info')).map(struct);
  return new Map(
    infos.map((info) => [
      `${text(info['application_name'])}:${text(info['process_name'])}`,
      { state: text(info['statename']), identifiers: list(info['identifiers'] ?? []).map(text), extraArgs: text(info['extra_args']) },
    ]),
  );
}
