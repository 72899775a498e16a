/**
 * Candidate instances before any load is considered (strategies.md §2.1–§2.2). Rule identifier
 * lists arrive resolved: `*` expanded to all known instances in instance order, names mapped,
 * stereotypes expanded, unknown names dropped, duplicates removed. Their order is kept.
 */
import { nodeOf } from '../model/loads.js';

/** Where a process is configured (its info entries) and whether it is disabled there. */
export type ProcessConfigurations = ReadonlyMap<string, { readonly disabled: boolean }>;

function enabledOn(configurations: ProcessConfigurations, identifier: string): boolean {
  const configuration = configurations.get(identifier);
  return configuration !== undefined && !configuration.disabled;
}

/** `possible_identifiers` of a process: rule instances where it is configured and not disabled. */
export function processCandidates(identifiers: readonly string[], configurations: ProcessConfigurations): string[] {
  return identifiers.filter((identifier) => enabledOn(configurations, identifier));
}

/**
 * `possible_identifiers` of a non-distributed application: rule instances where every process of
 * the application (sequenced or not) is configured and enabled. Program rules play no part.
 */
export function applicationCandidates(identifiers: readonly string[], processes: readonly ProcessConfigurations[]): string[] {
  if (processes.length === 0) return [];
  return identifiers.filter((identifier) => processes.every((configurations) => enabledOn(configurations, identifier)));
}

/**
 * `possible_node_identifiers`: a node qualifies when every process is enabled on at least one of
 * its rule instances; it then brings the rule instances where at least one process is enabled.
 */
export function applicationNodeCandidates(identifiers: readonly string[], processes: readonly ProcessConfigurations[], machineIds: ReadonlyMap<string, string>): string[] {
  const nodes = new Map<string, string[]>();
  for (const identifier of identifiers) {
    const node = nodeOf(identifier, machineIds);
    nodes.set(node, [...(nodes.get(node) ?? []), identifier]);
  }
  const selected = new Set<string>();
  for (const nodeIdentifiers of nodes.values()) {
    const perProcess = processes.map((configurations) => nodeIdentifiers.filter((identifier) => enabledOn(configurations, identifier)));
    if (perProcess.length > 0 && perProcess.every((found) => found.length > 0)) {
      for (const identifier of perProcess.flat()) selected.add(identifier);
    }
  }
  return identifiers.filter((identifier) => selected.has(identifier));
}
