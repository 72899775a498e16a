/** Helpers of the failure tests: a cluster under rules, sleeping programs, and where each process runs as an instance sees it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';

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

export interface RulesCluster {
  readonly cluster: Cluster;
  /** Stops the cluster and removes the rules' folder. */
  stop(): Promise<void>;
}

/** 3 real nodes running `programs` under `rules` (written to a temp folder), plus extra [supvisors] lines. */
export async function startRulesCluster(programs: string, rules: string, supvisors = ''): Promise<RulesCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'supvisors-failures-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(dir, 'rules.xml'), rules);
  try {
    const cluster = await startCluster(3, { programs: () => programs, supvisors: `rules_files = ${join(dir, 'rules.xml')}${supvisors === '' ? '' : `\n${supvisors}`}` });
    return {
      cluster,
      stop: async () => {
        await cluster.stop();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
