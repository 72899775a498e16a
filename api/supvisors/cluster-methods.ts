/**
 * The cluster `supvisors.*` methods (spec/xmlrpc.md §7.1 status, §7.4 end_sync / restart /
 * shutdown), answered from the state machine's view (reads) or by asking it (changes), and
 * the state guards of §6 applied to every `supvisors.*` method (`guardMethods`).
 */
import type { ActorRef } from '../../actors/core/index.js';
import type { ClosingKind, ClosingReply, EndSyncReply, StateMachineMessage } from '../../actors/state-machine/messages.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import type { SupvisorsState } from '../../cluster/fsm-states.js';
import { strategiesOf } from '../../cluster/instance-states.js';
import { findInstance, resolveNames, type ClusterInstance } from '../../cluster/instances.js';
import {
  allInstancesStateModesPayload,
  doubleKeys,
  guard,
  instanceInfoPayload,
  localView,
  masterIdentifierPayload,
  methodGuards,
  networkInfoPayload,
  stateModesPayload,
  supvisorsStatePayload,
  type NetworkInfoPayload,
} from '../../cluster/state-modes.js';
import { rpcFault } from '../../errors/errors.js';
import type { XmlRpcMethod } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import { plainToXmlRpc } from './plain-data.js';

export interface ClusterMethodsContext {
  readonly view: ClusterView;
  readonly stateMachine: ActorRef<StateMachineMessage>;
  /** The state machine of another instance (transport.remoteRef), to forward restart / shutdown to the Master. */
  readonly remoteStateMachine: (identifier: string) => ActorRef<StateMachineMessage>;
  /** Monotonic ms (CLOCK_MONOTONIC). */
  readonly monotonic?: () => number;
}

/** A payload as an XML-RPC struct, the listed keys as doubles whatever their value. */
function struct(payload: object, doubles: readonly string[]): XmlRpcStruct {
  const converted = plainToXmlRpc(payload) as XmlRpcStruct;
  const fields = payload as Record<string, unknown>;
  for (const key of doubles) {
    const value = fields[key];
    if (typeof value === 'number') converted[key] = new XmlRpcDouble(value);
  }
  return converted;
}

const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');

export function clusterMethods(context: ClusterMethodsContext): XmlRpcMethod[] {
  const { view } = context;
  const monotonic = context.monotonic ?? ((): number => Number(process.hrtime.bigint()) / 1e6);

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
    return struct(
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
      doubleKeys.instanceInfo,
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
    return struct(payload, []);
  };
  const byIdentifier = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const closing = async (kind: ClosingKind): Promise<boolean> => {
    const reply = await context.stateMachine.ask<ClosingReply>((replyTo) => ({ type: 'closing', kind, replyTo }));
    if (reply.kind === 'no-master') throw new Error(`supvisors.${kind}: no Master known`);
    if (reply.kind === 'forward') await context.remoteStateMachine(reply.master).ask<ClosingReply>((replyTo) => ({ type: 'closing', kind, replyTo }));
    return true;
  };

  return [
    {
      name: 'supvisors.get_supvisors_state',
      params: [],
      signature: ['dict[str, Any]'],
      help: 'Return the state and modes of the local Supvisors instance.\n@return dict[str, Any]',
      call: () => struct(supvisorsStatePayload(view.records, view.localIdentifier, monotonic()), doubleKeys.stateModes),
    },
    {
      name: 'supvisors.get_master_identifier',
      params: [],
      signature: ['dict[str, str]'],
      help: 'Return the identifier and nick of the Supvisors Master ({} when none).\n@return dict[str, str]',
      call: () => struct(masterIdentifierPayload(view.records, view.localIdentifier), []),
    },
    {
      name: 'supvisors.get_strategies',
      params: [],
      signature: ['dict[str, Any]'],
      help: 'Return the strategies applied by Supvisors.\n@return dict[str, Any]',
      call: () => struct(strategiesOf(view.options), []),
    },
    {
      name: 'supvisors.get_core_identifiers',
      params: [],
      signature: ['list[str]'],
      help: 'Return the resolved core_identifiers.\n@return list[str]',
      call: () => [...resolveNames(view.list, view.options.coreIdentifiers).identifiers],
    },
    {
      name: 'supvisors.get_all_instances_state_modes',
      params: [],
      signature: ['list[dict[str, Any]]'],
      help: 'Return the state and modes of every Supvisors instance, as known locally.\n@return list[dict[str, Any]]',
      call: () => allInstancesStateModesPayload(view.records, monotonic()).map((payload) => struct(payload, doubleKeys.stateModes)),
    },
    {
      name: 'supvisors.get_instance_state_modes',
      params: [{ name: 'identifier', type: 'string' }],
      signature: ['list[dict[str, Any]]', 'str'],
      help: 'Return the state and modes of the Supvisors instances named (identifier, nick or stereotype).\n@param str identifier\n@return list[dict[str, Any]]',
      call: ([identifier]) =>
        resolve(str(identifier)).flatMap((resolved) => {
          const record = view.records.get(resolved);
          return record === undefined ? [] : [struct(stateModesPayload(record, monotonic()), doubleKeys.stateModes)];
        }),
    },
    {
      name: 'supvisors.get_all_instances_info',
      params: [],
      signature: ['list[dict[str, Any]]'],
      help: 'Return information about every Supvisors instance, sorted by identifier.\n@return list[dict[str, Any]]',
      call: () => view.list.instances.map((known) => known.identifier).sort(byIdentifier).map(instanceInfo),
    },
    {
      name: 'supvisors.get_instance_info',
      params: [{ name: 'identifier', type: 'string' }],
      signature: ['list[dict[str, Any]]', 'str'],
      help: 'Return information about the Supvisors instances named (identifier, nick or stereotype).\n@param str identifier\n@return list[dict[str, Any]]',
      call: ([identifier]) => resolve(str(identifier)).map(instanceInfo),
    },
    {
      name: 'supvisors.get_network_info',
      params: [{ name: 'identifier', type: 'string' }],
      signature: ['dict[str, Any]', 'str'],
      help: 'Return the network information of a Supvisors instance.\n@param str identifier\n@return dict[str, Any]',
      call: ([identifier]) => networkInfo(resolve(str(identifier))[0]),
    },
    {
      name: 'supvisors.end_sync',
      params: [{ name: 'master', type: 'string', default: '' }],
      signature: ['bool', 'str'],
      help: 'End the synchronization phase (USER in synchro_options), electing the Master given or by the rules.\n@param str master\n@return bool',
      call: async ([master]) => {
        const reply = await context.stateMachine.ask<EndSyncReply>((replyTo) => ({ type: 'end-sync', master: str(master), replyTo }));
        if (!reply.ok) throw rpcFault(reply.fault, reply.detail);
        return true;
      },
    },
    {
      name: 'supvisors.restart',
      params: [],
      signature: ['bool'],
      help: 'Stop the applications and restart every Supervisor of the cluster (forwarded to the Master).\n@return bool',
      call: () => closing('restart'),
    },
    {
      name: 'supvisors.shutdown',
      params: [],
      signature: ['bool'],
      help: 'Stop the applications and shut down every Supervisor of the cluster (forwarded to the Master).\n@return bool',
      call: () => closing('shutdown'),
    },
  ];
}

/**
 * The state guard of xmlrpc.md §6 / §7.7 put in front of every `supvisors.*` method that has
 * one (checked before the parameters' meaning, against the local FSM state).
 */
export function guardMethods(methods: readonly XmlRpcMethod[], state: () => SupvisorsState): XmlRpcMethod[] {
  return methods.map((method) => {
    const prefix = 'supvisors.';
    const methodGuard = method.name.startsWith(prefix) ? methodGuards[method.name.slice(prefix.length)] : undefined;
    if (methodGuard === undefined || methodGuard === 'ANY') return method;
    return {
      ...method,
      call: (params) => {
        const checked = guard(methodGuard, state());
        if (!checked.ok) throw rpcFault(checked.fault, checked.detail);
        return method.call(params);
      },
    };
  });
}
