/**
 * The actors of applications on a node: the context (cluster model), the starter, the stopper,
 * the failure handler and the conciliator, given the rules loaded once at start
 * (rules/node-rules.ts). Peers are reached through the transport by actor name.
 */
import type { ActorRef, ActorSystem } from '../actors/core/index.js';
import { ALERTER, alerter, type AlerterMessage } from '../actors/alerter/alerter.js';
import { alertSenders } from '../actors/alerter/senders.js';
import { contextActor } from '../actors/context/context.js';
import { CONTEXT, type ContextMessage } from '../actors/context/messages.js';
import { CONCILIATOR, conciliator, type ConciliatorMessage } from '../actors/conciliator/conciliator.js';
import { FAILURE_HANDLER, failureHandler, type FailureHandlerMessage } from '../actors/failure-handler/failure-handler.js';
import { pluginsOfKind, type LoadedPlugin } from '../actors/plugins/load-plugins.js';
import { STATE_MACHINE, type ClosingReply, type StateMachineMessage } from '../actors/state-machine/messages.js';
import type { ClusterFacts } from '../actors/starter/placement-inputs.js';
import { STARTER, type StarterMessage } from '../actors/starter/messages.js';
import { starter } from '../actors/starter/starter.js';
import { STOPPER, type StopperMessage } from '../actors/stopper/messages.js';
import { stopper } from '../actors/stopper/stopper.js';
import type { ClusterSnapshot } from '../actors/state-machine/view.js';
import { localView } from '../cluster/state-records.js';
import { autorestartAgainstRules, unknownRulesPrograms } from '../rules/node-rules.js';
import type { RuleSet } from '../rules/types.js';
import { builtinStartingStrategies } from '../strategies/placement.js';
import { BRIDGE, type BridgeMessage } from '../supervisor-bridge/messages.js';
import { localRef, type Transport } from '../transport/index.js';
import type { Message } from '../mailbox/mailbox.js';
import { ownProcess } from '../supervisor/own-process.js';

export interface ApplicationActors {
  readonly rules: RuleSet;
  readonly context: ActorRef<ContextMessage>;
  readonly starter: ActorRef<StarterMessage>;
  readonly stopper: ActorRef<StopperMessage>;
  readonly conciliator: ActorRef<ConciliatorMessage>;
}

export function clusterFacts(view: ClusterSnapshot): ClusterFacts {
  const machineIds = new Map<string, string>([[view.localIdentifier, view.localNetwork.machineId]]);
  for (const [identifier, network] of view.networks) machineIds.set(identifier, network.machine_id);
  const running = new Set(view.list.instances.map((instance) => instance.identifier).filter((identifier) => localView(view.records, view.localIdentifier, identifier) === 'RUNNING'));
  return { localIdentifier: view.localIdentifier, instances: view.list.instances, running, machineIds };
}

export function spawnApplicationActors(system: ActorSystem, view: ClusterSnapshot, transport: () => Transport, rules: RuleSet, plugins: readonly LoadedPlugin[]): ApplicationActors {
  const remote = <M extends Message>(identifier: string, name: string): ActorRef<M> => transport().remoteRef<M>(identifier, name);
  const bridgeOf = (identifier: string): ActorRef<BridgeMessage> => remote<BridgeMessage>(identifier, BRIDGE);
  const stateMachine = localRef<StateMachineMessage>(system, STATE_MACHINE);
  const runtime = ownProcess();
  const context = system.spawn<ContextMessage>(
    CONTEXT,
    contextActor({
      view,
      bridge: bridgeOf(view.localIdentifier),
      peerContext: (identifier) => remote<ContextMessage>(identifier, CONTEXT),
      isUp: (identifier) => transport().isUp(identifier),
      rules: () => rules,
      onFacts: ({ conflicts, loads, processFailures }) => stateMachine.tell({ type: 'model-facts', conflicts: conflicts.length > 0, loads, processFailures }),
      onProcessesLoaded: (identifier) => stateMachine.tell({ type: 'processes-loaded', identifier }),
      ...(runtime === undefined ? {} : { ownProcess: runtime }),
      // only the live supervisord knows its programs: a name in the rules it lacks is a warning, not a refusal
      onFirstLocalSync: (processes) => {
        if (rules.files.length === 0) return;
        for (const problem of [...unknownRulesPrograms(rules, processes), ...autorestartAgainstRules(rules, processes)]) system.log.warn(`rules: ${problem}`);
      },
    }),
  );
  const stopperRef = localRef<StopperMessage>(system, STOPPER);
  const starterRef = system.spawn<StarterMessage>(
    STARTER,
    starter({
      view,
      context,
      peerContexts: () => [...clusterFacts(view).running].filter((identifier) => identifier !== view.localIdentifier).map((identifier) => remote<ContextMessage>(identifier, CONTEXT)),
      rules: () => rules,
      bridgeOf,
      strategies: builtinStartingStrategies,
      plugins: pluginsOfKind(plugins, 'starting'),
      facts: () => clusterFacts(view),
      stopApplication: (application) => stopperRef.tell({ type: 'stop-application', application, wait: false, replyTo: undefined }),
      onJobs: (busy, ticket) => stateMachine.tell({ type: 'jobs', kind: 'starting', busy, ticket }),
    }),
  );
  system.spawn<StopperMessage>(
    STOPPER,
    stopper({ view, context, rules: () => rules, bridgeOf, onJobs: (busy, ticket) => stateMachine.tell({ type: 'jobs', kind: 'stopping', busy, ticket }) }),
  );
  const failures = system.spawn<FailureHandlerMessage>(
    FAILURE_HANDLER,
    failureHandler({
      view,
      context,
      starter: starterRef,
      stopper: stopperRef,
      rules: () => rules,
      close: (kind) => void stateMachine.ask<ClosingReply>((replyTo) => ({ type: 'closing', kind, replyTo })).catch(() => undefined),
      plugins: pluginsOfKind(plugins, 'running_failure'),
    }),
  );
  const conciliatorRef = system.spawn<ConciliatorMessage>(
    CONCILIATOR,
    conciliator({ view, context, starter: starterRef, stopper: stopperRef, failureHandler: failures, rules: () => rules, plugins: pluginsOfKind(plugins, 'conciliation') }),
  );
  const senders = alertSenders(view.options, system.log);
  if (senders !== undefined) system.spawn<AlerterMessage>(ALERTER, alerter({ view, context, rules: () => rules, senders }));
  return { rules, context, starter: starterRef, stopper: stopperRef, conciliator: conciliatorRef };
}
