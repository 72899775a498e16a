/**
 * S2, InstanceInfo (spec/xmlrpc.md §5.2): an instance's state, load and last heartbeat. Keys
 * listed in `instanceInfoDoubles` are XML-RPC doubles even when the value is integral.
 */
import { instanceStateCode, type InstanceState } from '../vocabulary/supvisors-states.js';

/** The S2 keys whose values are XML-RPC doubles (Python floats) whatever their value. */
export const instanceInfoDoubles = ['remote_mtime', 'local_mtime'] as const;

const INT32_MAX = 2 ** 31 - 1;

function cappedSeconds(ms: number): number {
  return Math.min(Math.trunc(ms / 1000), INT32_MAX);
}

export interface InstanceInfoData {
  readonly identifier: string;
  readonly nickIdentifier: string;
  readonly host: string;
  readonly port: number;
  readonly state: InstanceState;
  /** Sum of expected_loading of the processes running there. */
  readonly loading: number;
  readonly processFailure: boolean;
  /** The last heartbeat accepted from it (for the local instance: its own last round); none yet → zeros. */
  readonly heartbeat?: {
    readonly remote: { readonly counter: number; readonly timeMs: number; readonly monotonicMs: number };
    readonly local: { readonly round: number; readonly timeMs: number; readonly monotonicMs: number };
  };
}

export interface InstanceInfoPayload {
  identifier: string;
  nick_identifier: string;
  node_name: string;
  port: number;
  statecode: number;
  statename: InstanceState;
  loading: number;
  process_failure: boolean;
  remote_sequence_counter: number;
  remote_time: number;
  remote_mtime: number;
  local_sequence_counter: number;
  local_time: number;
  local_mtime: number;
}

export function instanceInfoPayload(data: InstanceInfoData): InstanceInfoPayload {
  const beat = data.heartbeat;
  return {
    identifier: data.identifier,
    nick_identifier: data.nickIdentifier,
    node_name: data.host,
    port: data.port,
    statecode: instanceStateCode(data.state),
    statename: data.state,
    loading: data.loading,
    process_failure: data.processFailure,
    remote_sequence_counter: beat?.remote.counter ?? 0,
    remote_time: beat === undefined ? 0 : cappedSeconds(beat.remote.timeMs),
    remote_mtime: beat === undefined ? 0 : beat.remote.monotonicMs / 1000,
    local_sequence_counter: beat?.local.round ?? 0,
    local_time: beat === undefined ? 0 : cappedSeconds(beat.local.timeMs),
    local_mtime: beat === undefined ? 0 : beat.local.monotonicMs / 1000,
  };
}
