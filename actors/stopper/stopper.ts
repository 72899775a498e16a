/**
 * The stopper: runs stop jobs, one at a time, in arrival order (spec/strategies.md §6).
 *
 * - A job stops processes stage by stage, greatest program stop_sequence first, each process
 *   on every instance where it runs, through that instance's bridge.
 * - A command completes when the instance reports a stopped state (STOPPED, EXITED, FATAL);
 *   without news within stopwaitsecs + 5 s it is given up (logged), never retried.
 * - `view.jobs.stopping` is true while a job is current or queued.
 * - stop-all (RESTARTING / SHUTTING_DOWN) queues one job per application with a running
 *   process, greatest application stop_sequence first.
 */
import { failOnThrow, type ActorFactory, type ActorRef, type ReplyTo } from '../core/index.js';
import { describeError, rpcFault } from '../../errors/errors.js';
import { pythonList } from '../../errors/python-text.js';
import { applicationView, applicationViews, type ApplicationView, type ProcessView } from '../../model/applications.js';
import { emptyModel, type ClusterModel } from '../../model/cluster-model.js';
import { isRunningState, isStoppedState } from '../../model/process-state.js';
import type { RuleSet } from '../../rules/types.js';
import { applicationStopStages, processStopStages } from '../../strategies/sequences.js';
import type { BridgeMessage } from '../../supervisor-bridge/messages.js';
import type { ContextMessage } from '../context/messages.js';
import type { ClusterView } from '../state-machine/view.js';
import type { StopperMessage } from './messages.js';

export interface StopperDeps {
  readonly view: ClusterView;
  readonly context: ActorRef<ContextMessage>;
  readonly rules: () => RuleSet;
  readonly bridgeOf: (identifier: string) => ActorRef<BridgeMessage>;
  /** Extra time over stopwaitsecs before a stop without news is given up. Default 5000 ms. */
  readonly stopMarginMs?: number;
}

interface Planned {
  readonly namespec: string;
  readonly identifier: string;
}

interface Job {
  readonly application: string | undefined;
  readonly stages: Planned[][];
  stage: number;
  /** In flight, by `namespec@identifier`. */
  readonly commands: Map<string, Planned & { readonly deadline: number }>;
  readonly waiters: ReplyTo<boolean>[];
  readonly namespecs: readonly string[];
  /** The instances the stop is limited to (a conciliation stopping some copies); none: everywhere. */
  readonly restrictedTo: readonly string[] | undefined;
}

const keyOf = (planned: Planned): string => `${planned.namespec}@${planned.identifier}`;

/** A process still runs somewhere, STOPPING included. */
function runsSomewhere(view: ProcessView['record']): boolean {
  return [...view.infos.values()].some((info) => isRunningState(info.state) || info.state === 'STOPPING');
}

export function stopper(deps: StopperDeps): ActorFactory<StopperMessage> {
  return (context) => {
    const { view } = deps;
    const log = context.log;
    const margin = deps.stopMarginMs ?? 5000;
    const queue: Job[] = [];
    let current: Job | undefined;
    let model: ClusterModel = emptyModel;
    const appView = (name: string): ApplicationView | undefined => applicationView(model, deps.rules(), name, view.options.startingStrategy);

    const publishJobs = (): void => {
      view.jobs = { ...view.jobs, stopping: current !== undefined || queue.length > 0 };
    };

    const runningOn = (namespec: string): string[] => {
      const record = model.processes.get(namespec);
      if (record === undefined) return [];
      return [...record.infos].filter(([, info]) => isRunningState(info.state) || info.state === 'STOPPING').map(([identifier]) => identifier);
    };

    const jobOf = (application: string | undefined, processes: readonly ProcessView[], waiters: ReplyTo<boolean>[], restrictedTo?: readonly string[]): Job => {
      const stages = processStopStages(
        processes.map(({ record, rules }) => ({ namespec: record.namespec, stopSequence: rules.stopSequence, runningIdentifiers: runningOn(record.namespec) })),
        restrictedTo,
      ).map((stage) => stage.map(({ process, identifier }) => ({ namespec: process.namespec, identifier })));
      return { application, stages, stage: 0, commands: new Map(), waiters, namespecs: processes.map(({ record }) => record.namespec), restrictedTo };
    };

    const finish = (job: Job): void => {
      // A stop limited to some instances is done when the process runs on none of them (its other copies are kept).
      const still = job.namespecs.filter((namespec) => runningOn(namespec).some((identifier) => job.restrictedTo?.includes(identifier) ?? true));
      for (const replyTo of job.waiters) {
        if (job.application !== undefined) {
          if (appView(job.application)?.evaluation.state === 'STOPPED') replyTo.reply(true);
          else replyTo.fail(rpcFault('STILL_RUNNING', job.application));
        } else if (still.length > 0) replyTo.fail(rpcFault('STILL_RUNNING', `processes=${pythonList(still)}`));
        else replyTo.reply(true);
      }
    };

    const send = (job: Job, planned: Planned): void => {
      const info = model.processes.get(planned.namespec)?.infos.get(planned.identifier);
      if (info === undefined || isStoppedState(info.state)) return;
      job.commands.set(keyOf(planned), { ...planned, deadline: Date.now() + info.stopwaitsecs * 1000 + margin });
      log.info(`stopping ${planned.namespec} on ${planned.identifier}`);
      if (info.state === 'STOPPING') return;
      deps
        .bridgeOf(planned.identifier)
        .ask<boolean>((replyTo) => ({ type: 'stop-process', namespec: planned.namespec, replyTo }))
        .catch((error: unknown) => context.self.tell({ type: 'command-failed', ...planned, reason: describeError(error) }));
    };

    const advance = (): void => {
      while (current !== undefined) {
        const job = current;
        if (job.commands.size > 0) return;
        if (job.stage < job.stages.length) {
          for (const planned of job.stages[job.stage] ?? []) send(job, planned);
          if (job.commands.size > 0) return;
          job.stage += 1;
          continue;
        }
        finish(job);
        current = queue.shift();
        publishJobs();
      }
    };

    const enqueue = (job: Job): void => {
      queue.push(job);
      if (current === undefined) current = queue.shift();
      publishJobs();
      advance();
    };

    const follow = (): void => {
      const job = current;
      if (job === undefined) return;
      for (const [key, command] of [...job.commands]) {
        const info = model.processes.get(command.namespec)?.infos.get(command.identifier);
        if (info === undefined || isStoppedState(info.state)) job.commands.delete(key);
      }
      advance();
    };

    deps.context.tell({ type: 'subscribe', subscriber: context.self });
    context.timers.every('tick', 500, { type: 'tick' });

    return {
      receive(message) {
        switch (message.type) {
          case 'model-changed':
            model = message.model;
            follow();
            return;
          case 'stop-application': {
            failOnThrow(message.replyTo, () => {
              const application = appView(message.application);
              if (application === undefined) throw rpcFault('BAD_NAME', `application=${message.application} unknown to Supvisors`);
              if (!application.managed) throw rpcFault('NOT_MANAGED', message.application);
              if (!application.processes.some(({ record }) => runsSomewhere(record))) throw rpcFault('NOT_RUNNING', `failed to stop ${message.application}`);
              const replyTo = message.replyTo;
              if (replyTo !== undefined && !message.wait) replyTo.reply(true);
              enqueue(jobOf(application.name, application.processes, replyTo !== undefined && message.wait ? [replyTo] : []));
            });
            return;
          }
          case 'stop-processes': {
            failOnThrow(message.replyTo, () => {
              const processes = message.namespecs.flatMap((namespec) => {
                const record = model.processes.get(namespec);
                const found = record === undefined ? undefined : appView(record.application)?.processes.find((process) => process.record.namespec === namespec);
                return found !== undefined && runsSomewhere(found.record) ? [found] : [];
              });
              if (processes.length === 0) throw rpcFault('NOT_RUNNING', `${message.namespecs.join(', ')} already stopped`);
              if (!message.wait) message.replyTo.reply(true);
              enqueue(jobOf(undefined, processes, message.wait ? [message.replyTo] : [], message.identifiers));
            });
            return;
          }
          case 'stop-all': {
            const applications = applicationViews(model, deps.rules(), view.options.startingStrategy).map((application) => ({
              application,
              stopSequence: application.rules.stopSequence,
              hasRunningProcesses: application.processes.some(({ record }) => runsSomewhere(record)),
            }));
            for (const stage of applicationStopStages(applications)) for (const { application } of stage) enqueue(jobOf(application.name, application.processes, []));
            publishJobs();
            return;
          }
          case 'abort':
            for (const job of [current, ...queue.splice(0)]) if (job !== undefined) for (const replyTo of job.waiters) replyTo.fail(rpcFault('ABNORMAL_TERMINATION', 'stop jobs aborted'));
            current = undefined;
            publishJobs();
            advance();
            return;
          case 'command-failed': {
            const key = keyOf(message);
            if (current?.commands.delete(key) !== true) return;
            log.warn(`stop of ${message.namespec} on ${message.identifier} failed: ${message.reason}`);
            advance();
            return;
          }
          case 'tick': {
            const job = current;
            if (job === undefined) return;
            for (const [key, command] of [...job.commands]) {
              if (Date.now() <= command.deadline) continue;
              job.commands.delete(key);
              log.warn(`stop of ${command.namespec} on ${command.identifier}: no stopped state in time, given up`);
            }
            advance();
            return;
          }
        }
      },
    };
  };
}
