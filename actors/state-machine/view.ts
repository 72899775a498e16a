/**
 * What the state machine shows of the cluster to the other actors and the XML-RPC methods:
 * immutable snapshots it alone replaces at each change (read without a message round trip; every
 * change goes through the state machine's mailbox: the starter's and stopper's jobs, the
 * context's model facts arrive there as messages). The others hold it as a `ClusterSnapshot`.
 */
import type { SupvisorsOptions } from '../../config/types.js';
import type { HeartbeatRecord } from '../../cluster/instance-states.js';
import type { InstanceList } from '../../cluster/instances.js';
import { localRecord, type StateModesMap } from '../../cluster/state-records.js';
import type { NetworkFacts, NetworkInfoPayload } from '../../payloads/network-info.js';
import type { SupvisorsState } from '../../vocabulary/supvisors-states.js';

export class ClusterView {
  records: StateModesMap;
  /** The last heartbeat accepted from each instance (the local one: its own last round). */
  heartbeats: ReadonlyMap<string, HeartbeatRecord> = new Map();
  /** The `network` block each remote instance gave in its handshake. */
  networks: ReadonlyMap<string, NonNullable<NetworkInfoPayload['network']>> = new Map();
  /** Whether the local starter / stopper have jobs (told by them; read by the FSM and published as modes). */
  jobs: { readonly starting: boolean; readonly stopping: boolean } = { starting: false, stopping: false };
  /** Derived from the cluster model by the context actor, told after each burst of changes. */
  /** A process of a managed application runs on several instances (read by the FSM: CONCILIATION). */
  conflicts = false;
  /** Per instance: the expected_loading of what runs there. */
  loads: ReadonlyMap<string, number> = new Map();
  /** Instances where a process is FATAL or exited unexpectedly. */
  processFailures: ReadonlySet<string> = new Set();

  constructor(
    public list: InstanceList,
    records: StateModesMap,
    readonly options: SupvisorsOptions,
    readonly localNetwork: NetworkFacts,
  ) {
    this.records = records;
  }

  get localIdentifier(): string {
    return this.list.localIdentifier;
  }

  /** The local FSM state (what the state guards check). */
  get state(): SupvisorsState {
    return localRecord(this.records, this.list.localIdentifier).state;
  }

  get masterIdentifier(): string {
    return localRecord(this.records, this.list.localIdentifier).masterIdentifier;
  }
}

/** The view as every actor but the state machine holds it: read only. */
export type ClusterSnapshot = Readonly<ClusterView>;
