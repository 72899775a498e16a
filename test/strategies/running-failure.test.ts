import assert from 'node:assert/strict';
import { initialSynthesis } from '../../model/process-state.js';
import { addDefaultJob, crashReaction, noRunningFailureJobs, triggerJobs, type FailedProcess, type RunningFailureJobs } from '../../strategies/running-failure.js';
import type { ProcessState } from '../../vocabulary/supervisor-states.js';
import type { RunningFailureStrategy } from '../../vocabulary/strategies.js';

/** `app:name`; sequenced unless told. */
function failed(namespec: string, runningFailureStrategy: RunningFailureStrategy, sequenced = true): FailedProcess {
  return { namespec, applicationName: namespec.split(':')[0] ?? '', sequenced, runningFailureStrategy };
}

function view(jobs: RunningFailureJobs): Record<string, string[]> {
  return { stopApp: [...jobs.stopApplication], restartApp: [...jobs.restartApplication], restartProcess: [...jobs.restartProcess.keys()], continueProcess: [...jobs.continueProcess.keys()] };
}

const none = { stopApp: [], restartApp: [], restartProcess: [], continueProcess: [] };

/** Adds in order; the application of each is running (no promotion) unless listed in `stopped`. */
function jobsOf(processes: readonly FailedProcess[], stopped: readonly string[] = [], from = noRunningFailureJobs): RunningFailureJobs {
  return processes.reduce((jobs, process) => addDefaultJob(jobs, process, stopped.includes(process.applicationName)), from);
}

describe('running failure (strategies.md §8)', () => {
  describe('job sets and precedence', () => {
    const table: readonly { title: string; processes: readonly FailedProcess[]; stopped?: readonly string[]; expected: Record<string, string[]> }[] = [
      { title: 'STOP_APPLICATION makes an application job', processes: [failed('A:p', 'STOP_APPLICATION')], expected: { ...none, stopApp: ['A'] } },
      { title: 'RESTART_APPLICATION makes an application job', processes: [failed('A:p', 'RESTART_APPLICATION')], expected: { ...none, restartApp: ['A'] } },
      { title: 'RESTART_PROCESS makes a process job', processes: [failed('A:p', 'RESTART_PROCESS')], expected: { ...none, restartProcess: ['A:p'] } },
      { title: 'CONTINUE makes a process job (only logged)', processes: [failed('A:p', 'CONTINUE')], expected: { ...none, continueProcess: ['A:p'] } },
      { title: 'SHUTDOWN makes no job (ignored on instance loss)', processes: [failed('A:p', 'SHUTDOWN')], expected: none },
      { title: 'RESTART makes no job (ignored on instance loss)', processes: [failed('A:p', 'RESTART')], expected: none },
      {
        title: 'STOP_APPLICATION supersedes every other job of its application only',
        processes: [failed('A:r', 'RESTART_APPLICATION'), failed('A:p', 'RESTART_PROCESS', false), failed('A:q', 'CONTINUE', false), failed('B:p', 'RESTART_PROCESS'), failed('A:s', 'STOP_APPLICATION')],
        expected: { stopApp: ['A'], restartApp: [], restartProcess: ['B:p'], continueProcess: [] },
      },
      { title: 'nothing is added once the application is to stop', processes: [failed('A:s', 'STOP_APPLICATION'), failed('A:r', 'RESTART_APPLICATION'), failed('A:p', 'RESTART_PROCESS'), failed('A:q', 'CONTINUE')], expected: { ...none, stopApp: ['A'] } },
      {
        title: 'RESTART_APPLICATION removes the sequenced process jobs of its application, not the others',
        processes: [failed('A:p', 'RESTART_PROCESS'), failed('A:q', 'CONTINUE'), failed('A:u', 'RESTART_PROCESS', false), failed('A:v', 'CONTINUE', false), failed('B:p', 'CONTINUE'), failed('A:r', 'RESTART_APPLICATION')],
        expected: { stopApp: [], restartApp: ['A'], restartProcess: ['A:u'], continueProcess: ['A:v', 'B:p'] },
      },
      {
        title: 'a sequenced process job is ignored while its application is to restart, a non-sequenced one is kept',
        processes: [failed('A:r', 'RESTART_APPLICATION'), failed('A:p', 'RESTART_PROCESS'), failed('A:q', 'CONTINUE'), failed('A:u', 'RESTART_PROCESS', false), failed('A:v', 'CONTINUE', false)],
        expected: { stopApp: [], restartApp: ['A'], restartProcess: ['A:u'], continueProcess: ['A:v'] },
      },
      { title: 'RESTART_PROCESS supersedes CONTINUE of the same process', processes: [failed('A:p', 'CONTINUE'), failed('A:p', 'RESTART_PROCESS')], expected: { ...none, restartProcess: ['A:p'] } },
      { title: 'CONTINUE is ignored for a process to restart', processes: [failed('A:p', 'RESTART_PROCESS'), failed('A:p', 'CONTINUE')], expected: { ...none, restartProcess: ['A:p'] } },
      { title: 'promotion: RESTART_PROCESS of a sequenced process in a STOPPED application restarts the application', processes: [failed('A:p', 'RESTART_PROCESS')], stopped: ['A'], expected: { ...none, restartApp: ['A'] } },
      { title: 'no promotion for a process outside the start sequence', processes: [failed('A:p', 'RESTART_PROCESS', false)], stopped: ['A'], expected: { ...none, restartProcess: ['A:p'] } },
      { title: 'no promotion while the application still runs', processes: [failed('A:p', 'RESTART_PROCESS')], expected: { ...none, restartProcess: ['A:p'] } },
      { title: 'no promotion under a STOP_APPLICATION job', processes: [failed('A:s', 'STOP_APPLICATION'), failed('A:p', 'RESTART_PROCESS')], stopped: ['A'], expected: { ...none, stopApp: ['A'] } },
      { title: 'the promoted job removes the earlier process jobs of the application', processes: [failed('A:q', 'CONTINUE'), failed('A:p', 'RESTART_PROCESS')], stopped: ['A'], expected: { ...none, restartApp: ['A'] } },
    ];
    for (const row of table) {
      it(row.title, () => assert.deepEqual(view(jobsOf(row.processes, row.stopped)), row.expected));
    }
  });

  describe('crash reaction of the Master', () => {
    const synthesis = (state: ProcessState, expectedExit = false, forced = false): typeof initialSynthesis => ({ ...initialSynthesis, state, expectedExit, forced: forced ? { state: 'FATAL', reason: 'No resource available' } : null });
    const table: readonly { title: string; state: ProcessState; expectedExit?: boolean; forced?: boolean; strategy: RunningFailureStrategy; expected: ReturnType<typeof crashReaction> }[] = [
      { title: 'RESTART restarts Supvisors', state: 'FATAL', strategy: 'RESTART', expected: 'restart' },
      { title: 'SHUTDOWN shuts Supvisors down', state: 'EXITED', strategy: 'SHUTDOWN', expected: 'shutdown' },
      { title: 'STOP_APPLICATION makes a job', state: 'FATAL', strategy: 'STOP_APPLICATION', expected: 'job' },
      { title: 'RESTART_APPLICATION makes a job', state: 'EXITED', strategy: 'RESTART_APPLICATION', expected: 'job' },
      { title: 'no application job for a forced state (it would retry a failed start in a loop)', state: 'FATAL', forced: true, strategy: 'RESTART_APPLICATION', expected: 'none' },
      { title: 'a forced state still restarts Supvisors', state: 'FATAL', forced: true, strategy: 'RESTART', expected: 'restart' },
      { title: 'RESTART_PROCESS leaves it to autorestart', state: 'FATAL', strategy: 'RESTART_PROCESS', expected: 'none' },
      { title: 'CONTINUE does nothing', state: 'FATAL', strategy: 'CONTINUE', expected: 'none' },
      { title: 'an expected exit is no crash', state: 'EXITED', expectedExit: true, strategy: 'SHUTDOWN', expected: 'none' },
      { title: 'a running process is no crash', state: 'RUNNING', strategy: 'SHUTDOWN', expected: 'none' },
    ];
    for (const row of table) {
      it(row.title, () => assert.equal(crashReaction(synthesis(row.state, row.expectedExit, row.forced), row.strategy), row.expected));
    }
  });

  describe('trigger', () => {
    const jobs = jobsOf([failed('A:s', 'STOP_APPLICATION'), failed('B:r', 'RESTART_APPLICATION'), failed('C:p', 'RESTART_PROCESS'), failed('D:p', 'RESTART_PROCESS'), failed('D:c', 'CONTINUE', false), failed('E:c', 'CONTINUE')]);

    it('releases application stops, then application restarts, then process restarts; logs and clears CONTINUE', () => {
      const triggered = triggerJobs(jobs, new Set());
      assert.deepEqual(triggered.actions, [
        { kind: 'stop-application', application: 'A' },
        { kind: 'restart-application', application: 'B' },
        { kind: 'restart-process', namespec: 'C:p', application: 'C' },
        { kind: 'restart-process', namespec: 'D:p', application: 'D' },
      ]);
      assert.deepEqual(triggered.continued, ['D:c', 'E:c']);
      assert.deepEqual(view(triggered.remaining), none);
    });

    it('defers the jobs of applications the Starter or Stopper is handling', () => {
      const triggered = triggerJobs(jobs, new Set(['A', 'D']));
      assert.deepEqual(triggered.actions, [
        { kind: 'restart-application', application: 'B' },
        { kind: 'restart-process', namespec: 'C:p', application: 'C' },
      ]);
      assert.deepEqual(triggered.continued, ['D:c', 'E:c']);
      assert.deepEqual(view(triggered.remaining), { stopApp: ['A'], restartApp: [], restartProcess: ['D:p'], continueProcess: [] });
    });
  });
});
