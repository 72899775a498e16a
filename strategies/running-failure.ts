/**
 * Running failure strategies (strategies.md §8): what a crash asks for, the four job sets with
 * their precedence STOP_APPLICATION > RESTART_APPLICATION > RESTART_PROCESS > CONTINUE, the
 * promotion of RESTART_PROCESS, and what a trigger releases.
 */
import { crashed } from '../model/process-state.js';
import type { ProcessSynthesis } from '../model/types.js';
import type { RunningFailureStrategy } from '../vocabulary/strategies.js';

export interface FailedProcess {
  /** The built-in strategy: a plugin's name is decided into one before (actors/failure-handler). */
  readonly runningFailureStrategy: RunningFailureStrategy;
  readonly namespec: string;
  readonly applicationName: string;
  /** In its application start sequence (start_sequence > 0). */
  readonly sequenced: boolean;
}

export interface RunningFailureJobs {
  readonly stopApplication: ReadonlySet<string>;
  readonly restartApplication: ReadonlySet<string>;
  readonly restartProcess: ReadonlyMap<string, FailedProcess>;
  readonly continueProcess: ReadonlyMap<string, FailedProcess>;
}

/** Also what SYNCHRONIZATION, ELECTION and the ending states reset the sets to. */
export const noRunningFailureJobs: RunningFailureJobs = { stopApplication: new Set(), restartApplication: new Set(), restartProcess: new Map(), continueProcess: new Map() };

function without(processes: ReadonlyMap<string, FailedProcess>, drop: (process: FailedProcess) => boolean): Map<string, FailedProcess> {
  return new Map([...processes].filter(([, process]) => !drop(process)));
}

/** SHUTDOWN and RESTART produce no job: on instance loss they are ignored. */
function addJob(jobs: RunningFailureJobs, strategy: RunningFailureStrategy, process: FailedProcess): RunningFailureJobs {
  const application = process.applicationName;
  const stopping = jobs.stopApplication.has(application);
  // A restart of the application restarts its sequenced processes anyway.
  const restartedWithApplication = jobs.restartApplication.has(application) && process.sequenced;
  switch (strategy) {
    case 'STOP_APPLICATION': {
      const ofApplication = (item: FailedProcess): boolean => item.applicationName === application;
      const restartApplication = new Set([...jobs.restartApplication].filter((name) => name !== application));
      return { stopApplication: new Set([...jobs.stopApplication, application]), restartApplication, restartProcess: without(jobs.restartProcess, ofApplication), continueProcess: without(jobs.continueProcess, ofApplication) };
    }
    case 'RESTART_APPLICATION': {
      if (stopping) return jobs;
      const sequencedOfApplication = (item: FailedProcess): boolean => item.applicationName === application && item.sequenced;
      return { ...jobs, restartApplication: new Set([...jobs.restartApplication, application]), restartProcess: without(jobs.restartProcess, sequencedOfApplication), continueProcess: without(jobs.continueProcess, sequencedOfApplication) };
    }
    case 'RESTART_PROCESS': {
      if (stopping || restartedWithApplication) return jobs;
      const restartProcess = new Map(jobs.restartProcess).set(process.namespec, process);
      return { ...jobs, restartProcess, continueProcess: without(jobs.continueProcess, (item) => item.namespec === process.namespec) };
    }
    case 'CONTINUE': {
      if (stopping || restartedWithApplication || jobs.restartProcess.has(process.namespec)) return jobs;
      return { ...jobs, continueProcess: new Map(jobs.continueProcess).set(process.namespec, process) };
    }
    case 'SHUTDOWN':
    case 'RESTART':
      return jobs;
  }
}

/**
 * `add_default_job`: the job of the process strategy, then the promotion. A sequenced process to
 * restart in an application that is now STOPPED (typically all lost with their instance) is better
 * served by restarting the whole application; that job then supersedes the process job.
 */
export function addDefaultJob(jobs: RunningFailureJobs, process: FailedProcess, applicationStopped: boolean): RunningFailureJobs {
  const added = addJob(jobs, process.runningFailureStrategy, process);
  const promoted = process.runningFailureStrategy === 'RESTART_PROCESS' && applicationStopped && process.sequenced;
  return promoted ? addJob(added, 'RESTART_APPLICATION', process) : added;
}

export type CrashReaction = 'none' | 'restart' | 'shutdown' | 'job';

/**
 * What the Master does after applying an event, on the resulting synthetic state (not only on a
 * transition). CONTINUE and RESTART_PROCESS leave local restarts to Supervisor's `autorestart`.
 * A forced state comes from a failed start: an application job would retry it in a loop.
 */
export function crashReaction(synthesis: ProcessSynthesis, strategy: RunningFailureStrategy): CrashReaction {
  if (!crashed(synthesis)) return 'none';
  switch (strategy) {
    case 'RESTART':
      return 'restart';
    case 'SHUTDOWN':
      return 'shutdown';
    case 'STOP_APPLICATION':
    case 'RESTART_APPLICATION':
      return synthesis.forced === null ? 'job' : 'none';
    case 'CONTINUE':
    case 'RESTART_PROCESS':
      return 'none';
  }
}

export type RunningFailureAction =
  | { readonly kind: 'stop-application'; readonly application: string }
  /** Stop then start with the application default strategy, or start at once if nothing runs. */
  | { readonly kind: 'restart-application'; readonly application: string }
  /** Stop then start with the application default strategy and empty extra_args, or start at once. */
  | { readonly kind: 'restart-process'; readonly namespec: string; readonly application: string };

export interface TriggeredJobs {
  /** In this order: application stops, application restarts, process restarts. */
  readonly actions: readonly RunningFailureAction[];
  /** CONTINUE jobs: only logged, then cleared. */
  readonly continued: readonly string[];
  /** Deferred jobs. */
  readonly remaining: RunningFailureJobs;
}

/**
 * `trigger_jobs`: jobs of an application the Starter or Stopper is handling (planned or current)
 * are deferred; the others are released. The caller then runs the Stopper and the Starter.
 */
export function triggerJobs(jobs: RunningFailureJobs, busyApplications: ReadonlySet<string>): TriggeredJobs {
  const released = (application: string): boolean => !busyApplications.has(application);
  const stops = [...jobs.stopApplication].filter(released);
  const restarts = [...jobs.restartApplication].filter(released);
  const processes = [...jobs.restartProcess.values()].filter((process) => released(process.applicationName));
  return {
    actions: [
      ...stops.map((application) => ({ kind: 'stop-application' as const, application })),
      ...restarts.map((application) => ({ kind: 'restart-application' as const, application })),
      ...processes.map((process) => ({ kind: 'restart-process' as const, namespec: process.namespec, application: process.applicationName })),
    ],
    continued: [...jobs.continueProcess.keys()],
    remaining: {
      stopApplication: new Set([...jobs.stopApplication].filter((application) => !released(application))),
      restartApplication: new Set([...jobs.restartApplication].filter((application) => !released(application))),
      restartProcess: without(jobs.restartProcess, (process) => released(process.applicationName)),
      continueProcess: new Map(),
    },
  };
}
