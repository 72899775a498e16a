/**
 * The Starter as a pure state machine (spec/strategies.md §6): (state, event) → (state, effects).
 * The starter actor (actors/starter/) runs the effects and feeds back the events; nothing here
 * reads a clock, the model or the network.
 *
 * - One job per application. Jobs are grouped by the application's start_sequence: the smallest
 *   group runs, all its jobs in parallel, and the next group waits until all of them are done (a
 *   job asked for while its sequence's group runs joins it). Inside a job, process stages (program
 *   start_sequence) run one after the other.
 * - A stage is placed in one go: the machine asks (`place`) and the shell answers `stage-placed`
 *   with one decision per process: start it there, follow a start already on its way, skip one
 *   that runs, or none (no resource, a refused plugin choice: shown FATAL, a starting failure).
 *   The starts of a stage go out as one batch per target instance.
 * - A start completes on its target's reports (strategies/command-results.ts): RUNNING, or EXITED
 *   as expected for wait_exit. A failure applies the program's starting_failure_strategy when it is
 *   required (strategies/starting-failure.ts: ABORT drops the job's next stages, STOP also stops
 *   the application when the job is done). A target lost mid-start is a failure too (§6.7).
 * - A start without news within startsecs + margin times out: shown FATAL ("process RUNNING event
 *   not received in time"), without the failure strategy (§6.5), unless the target reports later.
 * - `abort` (ELECTION, SYNCHRONIZATION, a freeze) keeps the jobs, their current stage planned again,
 *   with their waiters: `resume` re-plans them (what runs by then is skipped), `drop-interrupted`
 *   gives them up.
 */
import type { Clock } from '../clock/clock.js';
import { startResult } from '../strategies/command-results.js';
import { startingFailureDecision } from '../strategies/starting-failure.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';
import type { StartingFailureStrategy } from '../vocabulary/strategies.js';
import { addToStages, popStage, promoteGroup, stageItems, type Grouped, type LogEffect, type Stages, type Step } from './sequencing.js';

/** A process to start, with the rules its start follows. */
export interface ProcessStart {
  readonly namespec: string;
  /** The program's start_sequence: its stage in the job. */
  readonly startSequence: number;
  /** undefined: the extra arguments of the process's last start. */
  readonly extraArgs: string | undefined;
  /** Single process starts do not wait for a wait_exit program to exit. */
  readonly ignoreWaitExit: boolean;
  readonly waitExit: boolean;
  readonly required: boolean;
  readonly startingFailureStrategy: StartingFailureStrategy;
  /** expected_loading: pending on the target until the process runs. */
  readonly expectedLoading: number;
}

export interface StartCommand {
  readonly process: ProcessStart;
  readonly target: string;
  /** Monotonic s when sent, 0 for a start followed (sent before): reports seen earlier say nothing of it. */
  readonly sentAt: number;
  /** Whole epoch s when sent: a report of this start shows a start time from then on. */
  readonly sentEpoch: number;
  /** Monotonic s; Infinity while a wait_exit program runs. */
  readonly deadline: number;
  /** The target's last state reported for this start. */
  readonly reported: ProcessState | undefined;
}

export interface StartJob<W> {
  readonly application: string;
  /** The application's start_sequence: its group. */
  readonly key: number;
  readonly strategy: string;
  /** An application start: its distribution rule applies; processes asked alone are placed one by one. */
  readonly distributed: boolean;
  readonly stages: Stages<ProcessStart>;
  /** The stage handed to the shell for placement, until its `stage-placed`. */
  readonly placing: { readonly id: number; readonly processes: readonly ProcessStart[] } | undefined;
  readonly commands: readonly StartCommand[];
  /** SINGLE_INSTANCE / SINGLE_NODE: the instance of each process, chosen with the job's first stage. */
  readonly pinned: ReadonlyMap<string, string | null> | undefined;
  /** starting_failure_strategy STOP: the application is stopped when the job is done. */
  readonly stopAfter: boolean;
  /** The callers waiting for the job (opaque here: what they wait for is the shell's business). */
  readonly waiters: readonly W[];
}

export interface StarterState<W> extends Grouped<StartJob<W>> {
  /** Jobs stopped by an abort, waiting for `resume` or `drop-interrupted`. */
  readonly interrupted: readonly StartJob<W>[];
  /** Seconds over startsecs before a start without news times out. */
  readonly marginS: number;
  readonly nextPlacement: number;
}

/** Where a process of a stage goes. */
export type Placement =
  | { readonly kind: 'start'; readonly target: string; readonly startsecs: number }
  /** Already STARTING / BACKOFF there: not sent again, its stage still waits for it. */
  | { readonly kind: 'follow'; readonly target: string; readonly startsecs: number }
  /** Already RUNNING. */
  | { readonly kind: 'skip' }
  | { readonly kind: 'none'; readonly reason: string };

/** What a target instance says of a process it was asked to start. */
export interface StartReport {
  readonly namespec: string;
  readonly identifier: string;
  readonly state: ProcessState;
  readonly expected: boolean;
  /** Epoch s of the process's start. */
  readonly start: number;
  /** Monotonic s when the report arrived. */
  readonly seenAt: number;
  readonly startsecs: number;
  readonly spawnerr: string;
}

export interface JobRequest<W> {
  readonly application: string;
  readonly key: number;
  readonly strategy: string;
  readonly processes: readonly ProcessStart[];
  readonly waiter?: W;
}

export type StarterEvent<W> =
  | ({ readonly type: 'start-application' } & JobRequest<W>)
  | ({ readonly type: 'start-processes' } & JobRequest<W>)
  | {
      readonly type: 'stage-placed';
      readonly application: string;
      readonly placement: number;
      readonly placements: ReadonlyMap<string, Placement>;
      readonly pinned: ReadonlyMap<string, string | null> | undefined;
      readonly now: Clock;
    }
  | { readonly type: 'reports'; readonly reports: readonly StartReport[]; readonly now: Clock }
  /** The target refused the start (a fault from its bridge) or could not be reached. */
  | { readonly type: 'command-failed'; readonly namespec: string; readonly target: string; readonly reason: string }
  | { readonly type: 'targets-lost'; readonly identifiers: readonly string[] }
  | { readonly type: 'tick'; readonly now: Clock }
  | { readonly type: 'abort' }
  | { readonly type: 'resume' }
  | { readonly type: 'drop-interrupted'; readonly reason: string };

export type StarterEffect<W> =
  | {
      readonly type: 'place';
      readonly application: string;
      readonly placement: number;
      readonly strategy: string;
      readonly distributed: boolean;
      readonly pinned: ReadonlyMap<string, string | null> | undefined;
      readonly stage: readonly ProcessStart[];
      /** Every process the job still has to start, this stage included (what a pinning distributes). */
      readonly remaining: readonly ProcessStart[];
    }
  | { readonly type: 'start'; readonly target: string; readonly processes: readonly { readonly namespec: string; readonly extraArgs: string | undefined }[] }
  /** Shown FATAL: no instance will report it (`target` undefined), or a timeout the target's next report dismisses. */
  | { readonly type: 'force-fatal'; readonly namespec: string; readonly reason: string; readonly target?: string; readonly at?: number }
  | { readonly type: 'stop-application'; readonly application: string }
  | { readonly type: 'finished'; readonly application: string; readonly waiters: readonly W[] }
  | { readonly type: 'interrupted'; readonly application: string; readonly waiters: readonly W[]; readonly reason: string }
  | LogEffect;

export type StarterStep<W> = Step<StarterState<W>, StarterEffect<W>>;

export const DEFAULT_START_MARGIN_S = 5;

export function initialStarter<W>(marginS = DEFAULT_START_MARGIN_S): StarterState<W> {
  return { planned: [], current: [], interrupted: [], marginS, nextPlacement: 1 };
}

/** Jobs current or waiting for their group (the FSM's `starting_jobs`). */
export function isStarting<W>(state: StarterState<W>): boolean {
  return state.current.length > 0 || state.planned.length > 0;
}

/** The starts in flight, by process and target: what reports and pending loads are about. */
export function startsInFlight<W>(state: StarterState<W>): readonly StartCommand[] {
  return state.current.flatMap((job) => job.commands);
}

const ownProcesses = <W>(job: StartJob<W>): readonly ProcessStart[] => [...stageItems(job.stages), ...(job.placing?.processes ?? []), ...job.commands.map((command) => command.process)];

/** Adds processes the job does not have yet. */
function withProcesses<W>(job: StartJob<W>, processes: readonly ProcessStart[]): StartJob<W> {
  const known = new Set(ownProcesses(job).map((process) => process.namespec));
  return { ...job, stages: addToStages(job.stages, processes, (process) => process.startSequence, (process) => known.has(process.namespec)) };
}

const withWaiter = <W>(job: StartJob<W>, waiter: W | undefined): StartJob<W> => (waiter === undefined ? job : { ...job, waiters: [...job.waiters, waiter] });

function newJob<W>(request: JobRequest<W>, distributed: boolean): StartJob<W> {
  const job: StartJob<W> = {
    application: request.application,
    key: request.key,
    strategy: request.strategy,
    distributed,
    stages: new Map(),
    placing: undefined,
    commands: [],
    pinned: undefined,
    stopAfter: false,
    waiters: [],
  };
  return withWaiter(withProcesses(job, request.processes), request.waiter);
}

/** A step in the making: the state so far and the effects to run, in order. */
class Stepper<W> {
  readonly effects: StarterEffect<W>[] = [];
  constructor(public state: StarterState<W>) {}

  emit(effect: StarterEffect<W>): void {
    this.effects.push(effect);
  }

  updateCurrent(application: string, update: (job: StartJob<W>) => StartJob<W>): void {
    this.state = { ...this.state, current: this.state.current.map((job) => (job.application === application ? update(job) : job)) };
  }

  /** A failed start: the starting failure strategy of a required program applies to its job. */
  fail(job: StartJob<W>, process: ProcessStart, reason: string): StartJob<W> {
    this.emit({ type: 'log', level: 'warn', text: `start of ${process.namespec} failed: ${reason}` });
    const decision = startingFailureDecision(process);
    return {
      ...job,
      stages: decision.abortPlanned ? new Map() : job.stages,
      stopAfter: job.stopAfter || decision.stopRequest,
    };
  }

  /** Finishes what is done, promotes the next group, hands idle jobs their next stage. */
  advance(): void {
    // bounded: each turn that goes on finishes a job, promotes planned ones or hands out a stage
    for (;;) {
      const done = this.state.current.filter((job) => job.commands.length === 0 && job.placing === undefined && job.stages.size === 0);
      for (const job of done) {
        if (job.stopAfter) this.emit({ type: 'stop-application', application: job.application });
        this.emit({ type: 'finished', application: job.application, waiters: job.waiters });
      }
      const remaining = { planned: this.state.planned, current: this.state.current.filter((job) => !done.includes(job)) };
      const promoted = promoteGroup(remaining, 'smallest');
      let nextPlacement = this.state.nextPlacement;
      const current = promoted.current.map((job) => {
        if (job.commands.length > 0 || job.placing !== undefined) return job;
        const popped = popStage(job.stages, 'smallest');
        if (popped === undefined) return job;
        const placing = { id: nextPlacement, processes: popped.stage };
        nextPlacement += 1;
        this.emit({
          type: 'place',
          application: job.application,
          placement: placing.id,
          strategy: job.strategy,
          distributed: job.distributed,
          pinned: job.pinned,
          stage: popped.stage,
          remaining: [...popped.stage, ...stageItems(popped.rest)],
        });
        return { ...job, stages: popped.rest, placing };
      });
      const progressed = done.length > 0 || promoted.current.length !== remaining.current.length || nextPlacement !== this.state.nextPlacement;
      this.state = { ...this.state, planned: promoted.planned, current, nextPlacement };
      if (!progressed) return;
    }
  }

  request(event: Extract<StarterEvent<W>, { type: 'start-application' | 'start-processes' }>): void {
    const application = event.type === 'start-application';
    const current = this.state.current.find((job) => job.application === event.application);
    if (current !== undefined) {
      this.updateCurrent(event.application, (job) => withWaiter(withProcesses(job, event.processes), event.waiter));
    } else {
      const planned = this.state.planned.find((job) => job.application === event.application);
      let replacement = newJob(event, application);
      if (planned !== undefined && application) {
        // an application start replaces a job still waiting for its group (spec §6.2), its callers kept
        replacement = { ...replacement, waiters: [...planned.waiters, ...replacement.waiters] };
      } else if (planned !== undefined) {
        replacement = withWaiter(withProcesses(planned, event.processes), event.waiter);
      }
      this.state = { ...this.state, planned: [...this.state.planned.filter((job) => job !== planned), replacement] };
    }
    this.advance();
  }

  placed(event: Extract<StarterEvent<W>, { type: 'stage-placed' }>): void {
    const job = this.state.current.find((candidate) => candidate.application === event.application);
    // an answer for a stage placed before an abort, or already answered
    if (job?.placing?.id !== event.placement) return;
    let updated: StartJob<W> = { ...job, placing: undefined, pinned: event.pinned ?? job.pinned };
    const batches = new Map<string, { namespec: string; extraArgs: string | undefined }[]>();
    const commands: StartCommand[] = [];
    for (const process of job.placing.processes) {
      const placement = event.placements.get(process.namespec) ?? { kind: 'none', reason: 'No resource available' };
      switch (placement.kind) {
        case 'skip':
          break;
        case 'none':
          this.emit({ type: 'force-fatal', namespec: process.namespec, reason: placement.reason });
          updated = this.fail(updated, process, placement.reason);
          break;
        case 'start':
        case 'follow': {
          const sent = placement.kind === 'start';
          commands.push({
            process,
            target: placement.target,
            sentAt: sent ? event.now.monotonic : 0,
            sentEpoch: sent ? Math.floor(event.now.epoch) : 0,
            deadline: event.now.monotonic + placement.startsecs + this.state.marginS,
            reported: undefined,
          });
          if (!sent) break;
          this.emit({ type: 'log', level: 'info', text: `starting ${process.namespec} on ${placement.target}` });
          const batch = batches.get(placement.target) ?? [];
          batch.push({ namespec: process.namespec, extraArgs: process.extraArgs });
          batches.set(placement.target, batch);
          break;
        }
      }
    }
    for (const [target, processes] of batches) this.emit({ type: 'start', target, processes });
    this.updateCurrent(job.application, () => ({ ...updated, commands: [...updated.commands, ...commands] }));
    this.advance();
  }

  /** Applies `settle` to each command of the current jobs: keep it (maybe changed), or drop it with a failure reason or none. */
  settle(settle: (command: StartCommand) => { readonly keep: StartCommand } | { readonly drop: string | undefined }): void {
    for (const job of this.state.current) {
      let updated = job;
      const kept: StartCommand[] = [];
      for (const command of job.commands) {
        const outcome = settle(command);
        if ('keep' in outcome) kept.push(outcome.keep);
        else if (outcome.drop !== undefined) updated = this.fail(updated, command.process, outcome.drop);
      }
      this.updateCurrent(job.application, () => ({ ...updated, commands: kept }));
    }
    this.advance();
  }

  reported(reports: readonly StartReport[], now: Clock): void {
    const byCommand = new Map(reports.map((report) => [`${report.namespec}@${report.identifier}`, report]));
    this.settle((command) => {
      const report = byCommand.get(`${command.process.namespec}@${command.target}`);
      // a report of an earlier run (the bridge republishes the old state when it stores extra arguments) says nothing of this start
      if (report === undefined || report.seenAt < command.sentAt || (report.start < command.sentEpoch && report.state !== 'STARTING')) return { keep: command };
      const result = startResult(report.state, report.expected, command.process);
      if (result === 'success') return { drop: undefined };
      // STOPPED is the state before the start arrived, still on its way
      if (result === 'failure' && report.state !== 'STOPPED') return { drop: `${report.state}${report.spawnerr === '' ? '' : ` (${report.spawnerr})`} on ${command.target}` };
      if (result === 'backoff') return { keep: { ...command, reported: report.state, deadline: now.monotonic + report.startsecs + this.state.marginS } };
      const waitingExit = report.state === 'RUNNING' && command.process.waitExit && !command.process.ignoreWaitExit;
      return { keep: { ...command, reported: report.state, deadline: waitingExit ? Number.POSITIVE_INFINITY : command.deadline } };
    });
  }

  timedOut(now: Clock): void {
    this.settle((command) => {
      if (now.monotonic <= command.deadline) return { keep: command };
      const expected = command.reported === 'STARTING' || command.reported === 'BACKOFF' ? 'RUNNING' : 'STARTING';
      const reason = `process ${expected} event not received in time`;
      this.emit({ type: 'log', level: 'warn', text: `start of ${command.process.namespec} on ${command.target}: ${reason}` });
      // a timeout is not a starting failure (spec §6.5): the FATAL shown is dismissed by the target's next report
      this.emit({ type: 'force-fatal', namespec: command.process.namespec, reason, target: command.target, at: now.monotonic });
      return { drop: undefined };
    });
  }

  abort(): void {
    const stopped = [...this.state.current, ...this.state.planned];
    if (stopped.length === 0) return;
    this.emit({ type: 'log', level: 'warn', text: `start jobs interrupted (${stopped.length}): re-planned at the next DISTRIBUTION if this instance is still the Master` });
    // the stage in progress is planned again: what runs by the resume is skipped then, not started twice
    const kept = stopped.map((job) => withProcesses({ ...job, stages: job.stages, placing: undefined, commands: [], pinned: undefined }, [...(job.placing?.processes ?? []), ...job.commands.map((command) => command.process)]));
    this.state = { ...this.state, planned: [], current: [], interrupted: [...this.state.interrupted, ...kept] };
  }

  resume(): void {
    const resumed = this.state.interrupted;
    if (resumed.length === 0) return;
    this.emit({ type: 'log', level: 'info', text: `resuming ${resumed.length} interrupted start jobs` });
    this.state = { ...this.state, interrupted: [] };
    for (const job of resumed) {
      const current = this.state.current.find((candidate) => candidate.application === job.application);
      const planned = this.state.planned.find((candidate) => candidate.application === job.application);
      const merge = (into: StartJob<W>): StartJob<W> => ({ ...withProcesses(into, stageItems(job.stages)), waiters: [...into.waiters, ...job.waiters], stopAfter: into.stopAfter || job.stopAfter });
      if (current !== undefined) this.updateCurrent(job.application, merge);
      else this.state = { ...this.state, planned: planned === undefined ? [...this.state.planned, job] : this.state.planned.map((candidate) => (candidate === planned ? merge(candidate) : candidate)) };
    }
    this.advance();
  }

  dropInterrupted(reason: string): void {
    const dropped = this.state.interrupted;
    if (dropped.length === 0) return;
    this.emit({ type: 'log', level: 'warn', text: `start jobs interrupted (${dropped.length}) dropped: ${reason}` });
    for (const job of dropped) this.emit({ type: 'interrupted', application: job.application, waiters: job.waiters, reason });
    this.state = { ...this.state, interrupted: [] };
  }
}

export function starterStep<W>(state: StarterState<W>, event: StarterEvent<W>): StarterStep<W> {
  const step = new Stepper(state);
  switch (event.type) {
    case 'start-application':
    case 'start-processes':
      step.request(event);
      break;
    case 'stage-placed':
      step.placed(event);
      break;
    case 'reports':
      step.reported(event.reports, event.now);
      break;
    case 'command-failed':
      step.settle((command) => {
        if (command.process.namespec !== event.namespec || command.target !== event.target) return { keep: command };
        step.emit({ type: 'force-fatal', namespec: event.namespec, reason: event.reason });
        return { drop: event.reason };
      });
      break;
    case 'targets-lost':
      step.settle((command) => (event.identifiers.includes(command.target) ? { drop: `${command.target} lost` } : { keep: command }));
      break;
    case 'tick':
      step.timedOut(event.now);
      break;
    case 'abort':
      step.abort();
      break;
    case 'resume':
      step.resume();
      break;
    case 'drop-interrupted':
      step.dropInterrupted(event.reason);
      break;
  }
  return { state: step.state, effects: step.effects };
}
