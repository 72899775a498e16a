/**
 * Fakes for the tests of the application actors (starter, stopper, failure handler, conciliator):
 * a cluster view in a chosen FSM state, rules from a snippet of XML, and a fake world that
 * plays the context (the model, its subscribers) and the bridges of every instance (the
 * commands they are sent, in order). Nothing runs: a test reports what supervisord would.
 */
import type { ActorRef, ActorSystem } from '../../../actors/core/index.js';
import type { ContextMessage, ContextNotice } from '../../../actors/context/messages.js';
import { ClusterView } from '../../../actors/state-machine/view.js';
import { initialStateModes, setInstanceState, setLocalModes } from '../../../cluster/state-records.js';
import type { SupvisorsOptions } from '../../../config/types.js';
import { applyReport, emptyModel, invalidateInstance, removeReport, type ClusterModel } from '../../../model/cluster-model.js';
import { mergeRules } from '../../../rules/merge-rules.js';
import { parseRulesFile } from '../../../rules/parse-rules.js';
import type { RuleSet } from '../../../rules/types.js';
import type { LocalProcess } from '../../../supervisor/local-process.js';
import type { BridgeMessage } from '../../../supervisor-bridge/messages.js';
import { localProcess } from '../local-process.js';
import { defaultOptions, instanceList, network } from '../../actors/state-machine/fixtures.js';
import { RecordingRef } from './recording-ref.js';

/** Named by what holds them, so that a move of the vocabulary modules does not touch these fakes. */
type SupvisorsState = ClusterView['state'];
type ProcessStateName = LocalProcess['state'];

export const A = '127.0.0.1:60001';
export const B = '127.0.0.1:60002';
export const C = '127.0.0.1:60003';

/** Monotonic seconds, the clock the actors stamp their commands with. */
export const monotonicNow = (): number => Number(process.hrtime.bigint()) / 1e9;

/** A view of the local instance A: every instance RUNNING, A the Master in `state`. */
export function clusterView(
  identifiers: readonly string[] = [A, B, C],
  { state = 'OPERATION', master = A, options = {} }: { state?: SupvisorsState; master?: string; options?: Partial<SupvisorsOptions> } = {},
): ClusterView {
  const list = instanceList(identifiers, A);
  const view = new ClusterView(list, initialStateModes(list.instances, A, false), defaultOptions(options), network);
  for (const identifier of identifiers) view.records = setInstanceState(view.records, A, identifier, 'RUNNING').records;
  view.records = setLocalModes(view.records, A, { masterIdentifier: master, state }).records;
  return view;
}

/** The rules of `body`, a sequence of <application> elements. */
export function rulesOf(body: string): RuleSet {
  const parsing = parseRulesFile(`<?xml version="1.0"?>\n<root>\n${body}\n</root>\n`, 'rules.xml');
  const merging = mergeRules([parsing.rules]);
  const errors = [...parsing.findings, ...merging.findings].filter((finding) => finding.level === 'error');
  if (errors.length > 0) throw new Error(`bad test rules: ${errors.map((finding) => finding.message).join('; ')}`);
  return merging.rules;
}

/** A command a fake bridge was sent. */
export interface BridgeCommand {
  readonly identifier: string;
  readonly type: 'start' | 'stop';
  readonly namespec: string;
  readonly extraArgs?: string;
}


/**
 * The context and the bridges of a cluster, faked: holds the model, tells each change to the
 * actors subscribed (as the context does), and records the commands sent to each instance's
 * bridge (answered `true`, as a bridge accepting the command; the process's report comes
 * from the test, through `report`).
 */
export class FakeWorld {
  model: ClusterModel = emptyModel;
  readonly commands: BridgeCommand[] = [];
  readonly subscribers: ActorRef<ContextNotice>[] = [];
  /** What the context was told besides subscriptions (force-state...). */
  readonly contextTold: ContextMessage[] = [];
  private readonly bridges = new Map<string, ActorRef<BridgeMessage>>();

  readonly context: ActorRef<ContextMessage> = {
    name: 'context',
    tell: (message: ContextMessage): 'delivered' => {
      if (message.type === 'subscribe') {
        this.subscribers.push(message.subscriber);
        message.subscriber.tell({ type: 'model-changed', model: this.model, namespecs: [] });
      } else this.contextTold.push(message);
      return 'delivered';
    },
    ask: () => Promise.reject(new Error('the fake context answers no ask')),
  };

  bridgeOf = (identifier: string): ActorRef<BridgeMessage> => {
    let bridge = this.bridges.get(identifier);
    if (bridge === undefined) {
      bridge = new RecordingRef<BridgeMessage>(`bridge@${identifier}`, (message) => {
        if (message.type === 'start-batch') {
          for (const { namespec, extraArgs } of message.starts) this.commands.push({ identifier, type: 'start', namespec, extraArgs });
          return message.starts.map(({ namespec }) => ({ namespec }));
        }
        if (message.type === 'stop-batch') {
          for (const namespec of message.namespecs) this.commands.push({ identifier, type: 'stop', namespec });
          return message.namespecs.map((namespec) => ({ namespec }));
        }
        return true;
      });
      this.bridges.set(identifier, bridge);
    }
    return bridge;
  };

  /** `identifier` has the program `group:name` in this state (start times of a fresh start for running states). */
  set(identifier: string, group: string, name: string, state: ProcessStateName, extra: Partial<LocalProcess> = {}): this {
    const running = state === 'RUNNING' || state === 'STARTING';
    const process = localProcess(group, name, state, { ...(running ? { pid: 4242, start: Math.floor(Date.now() / 1000) } : {}), ...extra });
    this.model = applyReport(this.model, identifier, process, monotonicNow());
    return this;
  }

  /** Tells the subscribers of the model as it is now. */
  publish(namespecs: readonly string[] = [], extra: Partial<ContextNotice> = {}): void {
    for (const subscriber of this.subscribers) subscriber.tell({ type: 'model-changed', model: this.model, namespecs, ...extra });
  }

  /** One report of an instance, told to the subscribers. */
  report(identifier: string, group: string, name: string, state: ProcessStateName, extra: Partial<LocalProcess> = {}): void {
    this.set(identifier, group, name, state, extra);
    this.publish([group === name ? name : `${group}:${name}`]);
  }

  /** `identifier` no longer has the process (a numprocs decrease), told to the subscribers. */
  remove(identifier: string, namespec: string): void {
    this.model = removeReport(this.model, identifier, namespec);
    this.publish([namespec]);
  }

  /** `identifier` is lost: its running processes become FATAL, those running nowhere now are told as lost. */
  lose(identifier: string): readonly string[] {
    const { model, lost } = invalidateInstance(this.model, identifier, monotonicNow());
    this.model = model;
    this.publish(lost, { lost: { from: identifier, namespecs: lost } });
    return lost;
  }

  startsSent(): string[] {
    return this.commands.filter((command) => command.type === 'start').map((command) => `${command.namespec}@${command.identifier}`);
  }

  stopsSent(): string[] {
    return this.commands.filter((command) => command.type === 'stop').map((command) => `${command.namespec}@${command.identifier}`);
  }
}

/** Processed messages of an actor, from the system's diagnostics: lets a test wait until all it told is handled. */
export function processedBy(system: ActorSystem, actor: string): number {
  return system.diagnostics({ actor }).actors[0]?.mailbox.processed ?? 0;
}
