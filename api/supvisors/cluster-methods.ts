/**
 * The cluster `supvisors.*` methods (spec/xmlrpc.md §7.1 status, §7.4 end_sync / restart /
 * shutdown), answered from the state machine's view (reads) or by asking it (changes), and
 * (the state guards of §6 are the contracts', applied by api/xmlrpc/method-table.ts).
 */
import type { ActorRef } from '../../actors/core/index.js';
import type { ClosingKind, ClosingReply, EndSyncReply, StateMachineMessage } from '../../actors/state-machine/messages.js';
import type { ClusterSnapshot } from '../../actors/state-machine/view.js';
import { strategiesOf } from '../../cluster/instance-states.js';
import { findInstance, resolveNames, type ClusterInstance } from '../../cluster/instances.js';
import { localView } from '../../cluster/state-records.js';
import { instanceInfoDoubles, instanceInfoPayload } from '../../payloads/instance-info.js';
import { networkInfoPayload, type NetworkInfoPayload } from '../../payloads/network-info.js';
import { allInstancesStateModesPayload, stateModesDoubles, masterIdentifierPayload, stateModesPayload, supvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import { rpcFault } from '../../errors/errors.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import type { XmlRpcStruct, XmlRpcValue } from '../../xmlrpc/values.js';
import { doublesStruct } from '../../xmlrpc/plain-data.js';
import { monotonicMs } from '../../clock/clock.js';
import { byCodePoint } from '../../vocabulary/name-order.js';

export interface ClusterMethodsContext {
  readonly view: ClusterSnapshot;
  readonly stateMachine: ActorRef<StateMachineMessage>;
  /** The state machine of another instance (transport.remoteRef), to forward restart / shutdown to the Master. */
  readonly remoteStateMachine: (identifier: string) => ActorRef<StateMachineMessage>;
  /** Monotonic ms (CLOCK_MONOTONIC). */
  readonly monotonic?: () => number;
}

const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');

export function clusterMethods(context: ClusterMethodsContext): Implementation[] {
  const { view } = context;
  const monotonic = context.monotonic ?? monotonicMs;

  const resolve = (name: string): readonly string[] => {
    const { identifiers } = resolveNames(view.list, [name]);
    if (identifiers.length === 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
    return identifiers;
  };
  const instance = (identifier: string): ClusterInstance => {
    const found = findInstance(view.list, identifier);
    if (found === undefined) throw rpcFault('BAD_NAME', `identifier=${identifier} is unknown to Supvisors`);
    return found;
  };
  const instanceInfo = (identifier: string): XmlRpcStruct => {
    const known = instance(identifier);
    const heartbeat = view.heartbeats.get(identifier);
    return doublesStruct(
      instanceInfoPayload({
        identifier,
        nickIdentifier: known.nickIdentifier,
        host: known.host,
        port: known.port,
        state: localView(view.records, view.localIdentifier, identifier),
        loading: view.loads.get(identifier) ?? 0,
        processFailure: localView(view.records, view.localIdentifier, identifier) === 'RUNNING' && view.processFailures.has(identifier),
        ...(heartbeat === undefined ? {} : { heartbeat }),
      }),
      instanceInfoDoubles,
    );
  };
  const networkInfo = (identifier: string): XmlRpcStruct => {
    const known = instance(identifier);
    let payload: NetworkInfoPayload;
    if (identifier === view.localIdentifier) payload = networkInfoPayload(known, view.localNetwork);
    else {
      const network = view.networks.get(identifier);
      payload = { ...networkInfoPayload(known, undefined), ...(network === undefined ? {} : { network }) };
    }
    return doublesStruct(payload, []);
  };
  const closing = async (kind: ClosingKind): Promise<boolean> => {
    const reply = await context.stateMachine.ask<ClosingReply>((replyTo) => ({ type: 'closing', kind, replyTo }));
    if (reply.kind === 'no-master') throw new Error(`supvisors.${kind}: no Master known`);
    if (reply.kind === 'forward') await context.remoteStateMachine(reply.master).ask<ClosingReply>((replyTo) => ({ type: 'closing', kind, replyTo }));
    return true;
  };

  return [
    implement('supvisors.get_supvisors_state', () => doublesStruct(supvisorsStatePayload(view.records, view.localIdentifier, monotonic()), stateModesDoubles)),
    implement('supvisors.get_master_identifier', () => doublesStruct(masterIdentifierPayload(view.records, view.localIdentifier), [])),
    implement('supvisors.get_strategies', () => doublesStruct(strategiesOf(view.options), [])),
    implement('supvisors.get_core_identifiers', () => [...resolveNames(view.list, view.options.coreIdentifiers).identifiers]),
    implement('supvisors.get_all_instances_state_modes', () => allInstancesStateModesPayload(view.records, monotonic()).map((payload) => doublesStruct(payload, stateModesDoubles))),
    implement('supvisors.get_instance_state_modes', ([identifier]) =>
      resolve(str(identifier)).flatMap((resolved) => {
        const record = view.records.get(resolved);
        return record === undefined ? [] : [doublesStruct(stateModesPayload(record, monotonic()), stateModesDoubles)];
      })),
    implement('supvisors.get_all_instances_info', () => view.list.instances.map((known) => known.identifier).sort(byCodePoint).map(instanceInfo)),
    implement('supvisors.get_instance_info', ([identifier]) => resolve(str(identifier)).map(instanceInfo)),
    implement('supvisors.get_network_info', ([identifier]) => networkInfo(resolve(str(identifier))[0])),
    implement('supvisors.end_sync', async ([master]) => {
      const reply = await context.stateMachine.ask<EndSyncReply>((replyTo) => ({ type: 'end-sync', master: str(master), replyTo }));
      if (!reply.ok) throw rpcFault(reply.fault, reply.detail);
      return true;
    }),
    implement('supvisors.restart', () => closing('restart')),
    implement('supvisors.shutdown', () => closing('shutdown')),
  ];
}
