/**
 * The Stopper as a pure state machine (spec/strategies.md §7): (state, event) → (state, effects).
 * The stopper actor (actors/stopper/) runs the effects and feeds back the events.
 *
 * - One job per application, grouped by the application's stop_sequence: the greatest group runs,
 *   all its jobs in parallel, the next waits until all are done. Inside a job, process stages
 *   (program stop_sequence) run greatest first, one after the other.
 * - A stop is one process on one instance. When its stage begins the shell checks each
 *   (`check` → `stage-checked`): still running there, it is sent (one batch per instance);
 *   already STOPPING, or EXITED but about to be spawned again by Supervisor's `autorestart`, it
 *   is followed; stopped by then, skipped.
 * - A stop completes when its instance reports a stopped state (STOPPED, EXITED, FATAL) it stays
 *   in: an EXITED that `autorestart` leaves for a new spawn does not complete it. A process seen
 *   STARTING again while its stop is in flight (Supervisor's `autorestart` after an exit of its
 *   own) gets its stop again. Stops do not fail. Without news within stopwaitsecs + margin a stop
 *   times out: shown STOPPED ("process STOPPED event not received in time"), which the instance's
 *   next report dismisses; one still waiting for a new spawn that did not come is simply done.
 * - supervisord answering NOT_RUNNING (the process stopped by itself meanwhile) leaves the stop to
 *   the report of that stop, which is on its way; other refusals end it.
 * - `abort` drops every job; their callers are told.
 */
import type { Clock } from '../clock/clock.js';
import { stopResult } from '../strategies/command-results.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';
import { addToStages, popStage, promoteGroup, stageItems, type Grouped, type LogEffect, type Stages, type Step } from './sequencing.js';

/** A process to stop on one instance. */
export interface ProcessStop {
  readonly namespec: string;
  readonly identifier: string;
  /** The program's stop_sequence: its stage in the job. */
  readonly stopSequence: number;
}

export interface StopCommand {
  readonly stop: ProcessStop;
  /** Monotonic s. */
  readonly deadline: number;
  readonly stopwaitsecs: number;
  /** The last state seen there: at the check, then as reported. */
  readonly reported: ProcessState;
}

export interface StopJob<W> {
  readonly application: string;
  /** The application's stop_sequence: its group. */
  readonly key: number;
  readonly stages: Stages<ProcessStop>;
  /** The stage handed to the shell for checking, until its `stage-checked`. */
  readonly checking: { readonly id: number; readonly stops: readonly ProcessStop[] } | undefined;
  readonly commands: readonly StopCommand[];
  readonly waiters: readonly W[];
}

export interface StopperState<W> extends Grouped<StopJob<W>> {
  /** Seconds over stopwaitsecs before a stop without news times out. */
  readonly marginS: number;
  readonly nextCheck: number;
}

/** What the shell found of a stop when its stage began, and the process's state then. */
export type StopCheck =
  | { readonly kind: 'send'; readonly state: ProcessState; readonly stopwaitsecs: number }
  | { readonly kind: 'follow'; readonly state: ProcessState; readonly stopwaitsecs: number }
  | { readonly kind: 'skip' };

export interface StopReport {
  readonly namespec: string;
  readonly identifier: string;
  readonly state: ProcessState;
  /** EXITED, and Supervisor's `autorestart` spawns it again (supervisor/local-process.ts `respawns`). */
  readonly respawns: boolean;
}

export type StopperEvent<W> =
  /** stop_application, stop_process, the closing states: merged into the application's job if it has one. */
  | { readonly type: 'stop'; readonly application: string; readonly key: number; readonly stops: readonly ProcessStop[]; readonly waiter?: W }
  | { readonly type: 'stage-checked'; readonly application: string; readonly check: number; readonly checks: ReadonlyMap<string, StopCheck>; readonly now: Clock }
  | { readonly type: 'reports'; readonly reports: readonly StopReport[]; readonly now: Clock }
  /** `stoppedMeanwhile`: supervisord answered NOT_RUNNING. */
  | { readonly type: 'command-failed'; readonly namespec: string; readonly identifier: string; readonly reason: string; readonly stoppedMeanwhile: boolean }
  | { readonly type: 'tick'; readonly now: Clock }
  /** These instances are lost: their stops have nothing more to wait for. */
  | { readonly type: 'targets-lost'; readonly identifiers: readonly string[] }
  | { readonly type: 'abort' };

export type StopperEffect<W> =
  | { readonly type: 'check'; readonly application: string; readonly check: number; readonly stage: readonly ProcessStop[] }
  | { readonly type: 'stop'; readonly target: string; readonly namespecs: readonly string[] }
  | { readonly type: 'force-stopped'; readonly namespec: string; readonly reason: string; readonly target: string; readonly at: number }
  | { readonly type: 'finished'; readonly application: string; readonly waiters: readonly W[] }
  | { readonly type: 'aborted'; readonly waiters: readonly W[] }
  | LogEffect;

export type StopperStep<W> = Step<StopperState<W>, StopperEffect<W>>;

export const DEFAULT_STOP_MARGIN_S = 5;

export function initialStopper<W>(marginS = DEFAULT_STOP_MARGIN_S): StopperState<W> {
  return { planned: [], current: [], marginS, nextCheck: 1 };
}

/** Jobs current or waiting for their group (the FSM's `stopping_jobs`). */
export function isStopping<W>(state: StopperState<W>): boolean {
  return state.current.length > 0 || state.planned.length > 0;
}

export const stopKey = (stop: Pick<ProcessStop, 'namespec' | 'identifier'>): string => `${stop.namespec}@${stop.identifier}`;

export function stopsInFlight<W>(state: StopperState<W>): readonly StopCommand[] {
  return state.current.flatMap((job) => job.commands);
}

/** One `stop` effect per instance, its stops in order. */
function stopBatches(stops: readonly ProcessStop[]): Extract<StopperEffect<unknown>, { readonly type: 'stop' }>[] {
  const byTarget = new Map<string, string[]>();
  for (const stop of stops) byTarget.set(stop.identifier, [...(byTarget.get(stop.identifier) ?? []), stop.namespec]);
  return [...byTarget].map(([target, namespecs]) => ({ type: 'stop', target, namespecs }));
}

function withStops<W>(job: StopJob<W>, stops: readonly ProcessStop[]): StopJob<W> {
  const known = new Set([...stageItems(job.stages), ...(job.checking?.stops ?? []), ...job.commands.map((command) => command.stop)].map(stopKey));
  return { ...job, stages: addToStages(job.stages, stops, (stop) => stop.stopSequence, (stop) => known.has(stopKey(stop))) };
}

export function stopperStep<W>(state: StopperState<W>, event: StopperEvent<W>): StopperStep<W> {
  const effects: StopperEffect<W>[] = [];
  let next = state;
  const updateCurrent = (application: string, update: (job: StopJob<W>) => StopJob<W>): void => {
    next = { ...next, current: next.current.map((job) => (job.application === application ? update(job) : job)) };
  };

  const advance = (): void => {
    // bounded: each turn that goes on finishes a job, promotes planned ones or hands out a stage
    for (;;) {
      const done = next.current.filter((job) => job.commands.length === 0 && job.checking === undefined && job.stages.size === 0);
      for (const job of done) effects.push({ type: 'finished', application: job.application, waiters: job.waiters });
      const remaining = { planned: next.planned, current: next.current.filter((job) => !done.includes(job)) };
      const promoted = promoteGroup(remaining, 'greatest');
      let nextCheck = next.nextCheck;
      const current = promoted.current.map((job) => {
        if (job.commands.length > 0 || job.checking !== undefined) return job;
        const popped = popStage(job.stages, 'greatest');
        if (popped === undefined) return job;
        effects.push({ type: 'check', application: job.application, check: nextCheck, stage: popped.stage });
        const checking = { id: nextCheck, stops: popped.stage };
        nextCheck += 1;
        return { ...job, stages: popped.rest, checking };
      });
      const progressed = done.length > 0 || promoted.current.length !== remaining.current.length || nextCheck !== next.nextCheck;
      next = { ...next, planned: promoted.planned, current, nextCheck };
      if (!progressed) return;
    }
  };

  /** Keeps, changes or drops each command of the current jobs. */
  const settle = (decide: (command: StopCommand) => StopCommand | undefined): void => {
    next = {
      ...next,
      current: next.current.map((job) => ({ ...job, commands: job.commands.flatMap((command) => decide(command) ?? []) })),
    };
    advance();
  };

  switch (event.type) {
    case 'stop': {
      const owner = [...next.current, ...next.planned].find((job) => job.application === event.application);
      const merge = (job: StopJob<W>): StopJob<W> => ({ ...withStops(job, event.stops), waiters: event.waiter === undefined ? job.waiters : [...job.waiters, event.waiter] });
      if (owner === undefined) {
        const job: StopJob<W> = { application: event.application, key: event.key, stages: new Map(), checking: undefined, commands: [], waiters: [] };
        next = { ...next, planned: [...next.planned, merge(job)] };
      } else if (next.current.includes(owner)) {
        updateCurrent(event.application, merge);
      } else {
        next = { ...next, planned: next.planned.map((job) => (job === owner ? merge(job) : job)) };
      }
      advance();
      break;
    }
    case 'stage-checked': {
      const job = next.current.find((candidate) => candidate.application === event.application);
      if (job?.checking?.id !== event.check) break;
      const commands: StopCommand[] = [];
      const sent: ProcessStop[] = [];
      for (const stop of job.checking.stops) {
        const check = event.checks.get(stopKey(stop)) ?? { kind: 'skip' };
        if (check.kind === 'skip') continue;
        commands.push({ stop, deadline: event.now.monotonic + check.stopwaitsecs + next.marginS, stopwaitsecs: check.stopwaitsecs, reported: check.state });
        if (check.kind === 'follow') continue;
        effects.push({ type: 'log', level: 'info', text: `stopping ${stop.namespec} on ${stop.identifier}` });
        sent.push(stop);
      }
      effects.push(...stopBatches(sent));
      updateCurrent(job.application, (current) => ({ ...current, checking: undefined, commands: [...current.commands, ...commands] }));
      advance();
      break;
    }
    case 'reports': {
      const byStop = new Map(event.reports.map((report) => [stopKey(report), report]));
      const again: ProcessStop[] = [];
      settle((command) => {
        const report = byStop.get(stopKey(command.stop));
        if (report === undefined) return command;
        if (report.respawns) return { ...command, reported: report.state };
        if (stopResult(report.state) === 'success') return undefined;
        if (report.state === 'STARTING' && command.reported !== 'STARTING') {
          effects.push({ type: 'log', level: 'info', text: `${command.stop.namespec} on ${command.stop.identifier} spawned again by Supervisor's autorestart: stopping it again` });
          again.push(command.stop);
          return { ...command, reported: report.state, deadline: event.now.monotonic + command.stopwaitsecs + next.marginS };
        }
        return { ...command, reported: report.state };
      });
      effects.push(...stopBatches(again));
      break;
    }
    case 'command-failed':
      // NOT_RUNNING: it stopped by itself meanwhile, and the report of that says whether for good;
      // any other refusal (or the instance out of reach): nothing more to wait for
      if (event.stoppedMeanwhile) break;
      settle((command) => {
        if (command.stop.namespec !== event.namespec || command.stop.identifier !== event.identifier) return command;
        effects.push({ type: 'log', level: 'warn', text: `stop of ${event.namespec} on ${event.identifier} failed: ${event.reason}` });
        return undefined;
      });
      break;
    case 'targets-lost':
      settle((command) => (event.identifiers.includes(command.stop.identifier) ? undefined : command));
      break;
    case 'tick':
      settle((command) => {
        if (event.now.monotonic <= command.deadline) return command;
        // still EXITED: the new spawn awaited did not come, so it stays stopped
        if (command.reported === 'EXITED') return undefined;
        const reason = `process ${command.reported === 'STOPPING' ? 'STOPPED' : 'STOPPING'} event not received in time`;
        effects.push({ type: 'log', level: 'warn', text: `stop of ${command.stop.namespec} on ${command.stop.identifier}: ${reason}` });
        effects.push({ type: 'force-stopped', namespec: command.stop.namespec, reason, target: command.stop.identifier, at: event.now.monotonic });
        return undefined;
      });
      break;
    case 'abort': {
      const dropped = [...next.current, ...next.planned];
      if (dropped.length === 0) break;
      effects.push({ type: 'log', level: 'warn', text: `stop jobs aborted (${dropped.length})` });
      effects.push({ type: 'aborted', waiters: dropped.flatMap((job) => job.waiters) });
      next = { ...next, planned: [], current: [] };
      break;
    }
  }
  return { state: next, effects };
}
