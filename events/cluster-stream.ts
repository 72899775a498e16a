/**
 * When the event stream publishes the `supvisors` and `instance` statuses (spec/events.md §5),
 * given what it published before. Pure: the feed keeps the memory and builds the messages.
 *
 * - `supvisors`: at each change of the records (each step of an FSM evaluation, each job change,
 *   each STATE received) whose FSM state, Master, modes or jobs differ from the last published;
 *   a change of the instance-state table alone waits for the next round (0.19 batches it at its
 *   tick).
 * - `instance`: at each change of an instance's state in the local view (so FAILED, then
 *   STOPPED, for a lost instance); every status again at the 5 s tick (the feed's part).
 */
import { localView, type StateModesMap } from '../cluster/state-records.js';
import { supvisorsStatePayload } from '../payloads/state-modes-payloads.js';
import type { InstanceState } from '../vocabulary/supvisors-states.js';

export interface ClusterStreamMemory {
  /** The `supvisors` status last published, without its time and its instance table. */
  readonly status: string;
  /** The instance table of the `supvisors` status last published. */
  readonly instanceStates: string;
  /** Per instance: the state of its `instance` status last published. */
  readonly instances: ReadonlyMap<string, InstanceState>;
}

export const emptyClusterStreamMemory: ClusterStreamMemory = { status: '', instanceStates: '', instances: new Map() };

export interface ClusterStreamStep {
  /** Publish the `supvisors` status of these records. */
  readonly supvisors: boolean;
  /** Publish the `instance` status of these instances, in this order. */
  readonly instances: readonly string[];
  readonly memory: ClusterStreamMemory;
}

/**
 * `trigger`: `change` for a change of the records, `round` for the feed's round (the instance
 * table is compared then only).
 */
export function clusterStreamStep(memory: ClusterStreamMemory, records: StateModesMap, localIdentifier: string, identifiers: readonly string[], trigger: 'change' | 'round'): ClusterStreamStep {
  const { now_monotonic: _now, instance_states: table, ...status } = supvisorsStatePayload(records, localIdentifier, 0);
  const statusText = JSON.stringify(status);
  const tableText = JSON.stringify(table);
  const supvisors = statusText !== memory.status || (trigger === 'round' && tableText !== memory.instanceStates);
  const instances = new Map(memory.instances);
  const changed: string[] = [];
  for (const identifier of identifiers) {
    const state = localView(records, localIdentifier, identifier);
    if (instances.get(identifier) === state) continue;
    instances.set(identifier, state);
    changed.push(identifier);
  }
  return {
    supvisors,
    instances: changed,
    memory: supvisors ? { status: statusText, instanceStates: tableText, instances } : { ...memory, instances },
  };
}
