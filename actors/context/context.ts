/**
 * The context actor: owns the cluster model (model/cluster-model.ts), every process of every
 * instance. It keeps it up to date from three sources and tells its subscribers of each change:
 * - the local bridge's notices, which it also forwards to the peers whose link is up;
 * - the peers' reports: a peer's whole list, asked when the state machine marks it CHECKED,
 *   then its forwarded events; reports are accepted from CHECKED and RUNNING senders only
 *   (protocol.md §2.1);
 * - the state machine's verdicts: the processes of an instance whose node is gone (not only its
 *   runtime: cluster/runtime-loss.ts) become FATAL ("Supervisor <id> lost"), their entries kept;
 *   a CHECKED instance is asked for its whole list.
 * After changes it derives the facts the state machine keeps (conflicts for the FSM, the load
 * and process failures of each instance for get_instance_info) and tells them (`onFacts`): at
 * once after a quiet spell, else at most every FACTS_PERIOD_MS (deriving them reads the whole
 * model: once per change made it most of a node's CPU while hundreds of programs start).
 */
import type { ActorFactory, ActorRef } from '../core/index.js';
import { describeError } from '../../errors/errors.js';
import { applyReport, emptyModel, forceProcessState, invalidateInstance, removeReport, replaceInstance, type ClusterModel } from '../../model/cluster-model.js';
import { derivedFacts, type DerivedFacts } from '../../model/derived.js';
import type { RuleSet } from '../../rules/types.js';
import { acceptsProcessEvents } from '../../cluster/instance-states.js';
import { localView } from '../../cluster/state-records.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { LocalProcess } from '../../supervisor/local-process.js';
import type { ClusterSnapshot } from '../state-machine/view.js';
import type { ContextMessage, ContextNotice } from './messages.js';
import { monotonicSeconds } from '../../clock/clock.js';
import { namespecOf } from '../../supervisor/namespec.js';
import { isOwnProcess, type OwnProcess } from '../../supervisor/own-process.js';

export interface ContextDeps {
  readonly view: ClusterSnapshot;
  readonly bridge: ActorRef<BridgeMessage>;
  /** The context actor of a peer (through the transport). */
  readonly peerContext: (identifier: string) => ActorRef<ContextMessage>;
  /** The link to the peer is up. */
  readonly isUp: (identifier: string) => boolean;
  /** Monotonic seconds. */
  readonly monotonic?: () => number;
  /** Timeout of the ask for a peer's processes. Default 5000 ms. */
  readonly askTimeoutMs?: number;
  /**
   * The runtime's own process in supervisord (its [eventlistener:...]): left out of the model,
   * so that no start, stop or strategy ever acts on the runtimes themselves.
   */
  readonly ownProcess?: OwnProcess;
  /** The rules, for the facts derived from the model (conflicts, loads, failures). */
  readonly rules: () => RuleSet;
  /** Told the facts derived from the model, after each burst of changes. */
  readonly onFacts?: (facts: DerivedFacts) => void;
  /** Told when the model holds the whole list of an instance's processes (the local one included): it may become RUNNING. */
  readonly onProcessesLoaded?: (identifier: string) => void;
  /** Told once, with the local supervisord's processes as the bridge first reads them (the runtime's own left out). */
  readonly onFirstLocalSync?: (processes: readonly LocalProcess[]) => void;
}

/** The facts derived from the model are told at most this often. */
export const FACTS_PERIOD_MS = 100;

export function contextActor(deps: ContextDeps): ActorFactory<ContextMessage> {
  return (context) => {
    const { view } = deps;
    const local = view.localIdentifier;
    const now = deps.monotonic ?? monotonicSeconds;
    const subscribers = new Set<ActorRef<ContextNotice>>();
    let model: ClusterModel = emptyModel;

    type Cause = Pick<ContextNotice, 'lost' | 'reported' | 'removed' | 'forced'>;
    let factsDue = false;
    let factsDerivedAt = Number.NEGATIVE_INFINITY;
    let conflicting = false;
    const deriveFacts = (): void => {
      factsDue = false;
      factsDerivedAt = now();
      const facts = derivedFacts(model, deps.rules(), view.options.startingStrategy);
      if (facts.conflicts.length > 0 !== conflicting) context.log.info(facts.conflicts.length > 0 ? `conflicts: ${facts.conflicts.join(', ')}` : 'no more conflict');
      conflicting = facts.conflicts.length > 0;
      deps.onFacts?.(facts);
    };
    const commit = (next: ClusterModel, namespecs: readonly string[], cause: Cause = {}): void => {
      if (next === model) return;
      model = next;
      if (!factsDue) {
        factsDue = true;
        const waitMs = FACTS_PERIOD_MS - (now() - factsDerivedAt) * 1000;
        if (waitMs <= 0) context.self.tell({ type: 'derive-facts' });
        else context.timers.once('derive-facts', waitMs, { type: 'derive-facts' });
      }
      const notice: ContextNotice = { type: 'model-changed', model, namespecs, ...cause };
      for (const subscriber of subscribers) if (subscriber.tell(notice) === 'dead-letter') subscribers.delete(subscriber);
    };
    const peersUp = (): string[] => view.list.instances.map((instance) => instance.identifier).filter((identifier) => identifier !== local && deps.isUp(identifier));
    /**
     * Once supervisord says it is stopping (a restart or a shutdown of this node), the stops of its
     * programs that follow are not told to the peers: for them, this node is lost with its programs
     * running, and the running-failure strategies apply to them (docs/cluster.md).
     */
    let leaving = false;
    let synced = false;
    const forward = (message: ContextMessage): void => {
      if (leaving) return;
      for (const identifier of peersUp()) deps.peerContext(identifier).tell(message);
    };
    const accepts = (identifier: string): boolean => identifier !== local && acceptsProcessEvents(localView(view.records, local, identifier));
    const keysOf = (processes: readonly LocalProcess[]): string[] => processes.map((process) => namespecOf(process.group, process.name));
    const isOwn = (process: LocalProcess): boolean => isOwnProcess(process, deps.ownProcess);

    /** What the event stream needs of one report: the process, and whether its disabled flag changed. */
    const report = (identifier: string, process: LocalProcess): NonNullable<ContextNotice['reported']> => {
      const before = model.processes.get(namespecOf(process.group, process.name))?.infos.get(identifier);
      return { identifier, process, disabledChanged: before !== undefined && before.disabled !== process.disabled };
    };

    const askPeer = (identifier: string): void => {
      deps
        .peerContext(identifier)
        .ask<readonly LocalProcess[]>((replyTo) => ({ type: 'get-local', replyTo }), deps.askTimeoutMs ?? 5000)
        .then(
          (processes) => context.self.tell({ type: 'peer-processes', from: identifier, processes }),
          (error: unknown) => {
            // the instance stays CHECKED (not RUNNING) until its list is here: ask again while it is
            const again = localView(view.records, local, identifier) === 'CHECKED';
            context.log.warn(`processes of ${identifier} not received: ${describeError(error)}${again ? ': asked again' : ''}`);
            if (again) askPeer(identifier);
          },
        );
    };

    deps.bridge.tell({ type: 'subscribe', subscriber: context.self });

    return {
      receive(message) {
        switch (message.type) {
          case 'local-synced': {
            const processes = [...message.model.values()].filter((process) => !isOwn(process));
            if (!synced) {
              synced = true;
              deps.onFirstLocalSync?.(processes);
            }
            commit(replaceInstance(model, local, processes, now()), keysOf(processes));
            deps.onProcessesLoaded?.(local);
            forward({ type: 'peer-processes', from: local, processes });
            return;
          }
          case 'local-stopping':
            leaving = true;
            context.log.info('supervisord is stopping: the stops of its programs are not forwarded to the peers, which will see them lost with this node');
            return;
          case 'local-process':
            if (isOwn(message.process)) return;
            commit(applyReport(model, local, message.process, now()), [namespecOf(message.process.group, message.process.name)], { reported: report(local, message.process) });
            forward({ type: 'peer-process', from: local, process: message.process });
            return;
          case 'local-process-removed': {
            if (isOwn(message.process)) return;
            const key = namespecOf(message.process.group, message.process.name);
            commit(removeReport(model, local, key), [key], { removed: { identifier: local, group: message.process.group, name: message.process.name } });
            forward({ type: 'peer-process-removed', from: local, group: message.process.group, name: message.process.name });
            return;
          }
          case 'peer-process':
            if (!accepts(message.from)) return;
            commit(applyReport(model, message.from, message.process, now()), [namespecOf(message.process.group, message.process.name)], { reported: report(message.from, message.process) });
            return;
          case 'peer-process-removed': {
            if (!accepts(message.from)) return;
            const key = namespecOf(message.group, message.name);
            commit(removeReport(model, message.from, key), [key], { removed: { identifier: message.from, group: message.group, name: message.name } });
            return;
          }
          case 'peer-processes':
            if (!accepts(message.from)) return;
            commit(replaceInstance(model, message.from, message.processes, now()), keysOf(message.processes));
            deps.onProcessesLoaded?.(message.from);
            return;
          case 'instance-state':
            if (message.identifier === local) return;
            if (message.state === 'CHECKED') askPeer(message.identifier);
            return;
          case 'processes-lost': {
            if (message.identifier === local) return;
            const { model: next, lost } = invalidateInstance(model, message.identifier, now());
            if (lost.length > 0) context.log.warn(`lost with ${message.identifier} (${message.why}): ${lost.join(', ')}`);
            commit(next, lost, { lost: { from: message.identifier, namespecs: lost } });
            return;
          }
          case 'get-local':
            message.replyTo.reply([...model.processes.values()].flatMap((record) => {
              const info = record.infos.get(local);
              if (info === undefined) return [];
              const { localMtime, ...process } = info;
              return [process];
            }));
            return;
          case 'derive-facts':
            deriveFacts();
            return;
          case 'force-state':
            commit(forceProcessState(model, message.namespec, { state: message.state, reason: message.reason }, message.target === undefined || message.at === undefined ? undefined : { target: message.target, at: message.at }), [message.namespec], {
              forced: { namespec: message.namespec, state: message.state, reason: message.reason },
            });
            return;
          case 'get-model':
            message.replyTo.reply(model);
            return;
          case 'subscribe':
            subscribers.add(message.subscriber);
            message.subscriber.tell({ type: 'model-changed', model, namespecs: [] });
            return;
        }
      },
    };
  };
}

