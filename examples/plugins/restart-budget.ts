/**
 * An example running failure plugin (docs/extending.md): RESTART_BUDGET restarts a failed process
 * for its first 3 failures within 60 seconds, then stops its whole application.
 *
 *   [supvisors]
 *   plugins = /path/to/dist/examples/plugins/restart-budget.js
 *
 * then `<running_failure_strategy>RESTART_BUDGET</running_failure_strategy>` for an application
 * or a program in a rules file.
 *
 * The failures are remembered per namespec in the module: the memory lives as long as the
 * plugin's worker thread, on the Master (the node that decides), and is lost when the worker is
 * restarted or another node becomes Master. A namespec's memory is cleared when its application is
 * stopped, so that an operator restarting the application gives it a new budget.
 */
import type { RunningFailure } from '../../plugin-worker/protocol.js';

export const name = 'RESTART_BUDGET';
export const kind = 'running_failure';

/** What the budget allows: `limit` failures of a process within `windowMs`, by the clock `now` (ms). */
export interface Budget {
  readonly limit: number;
  readonly windowMs: number;
  readonly now: () => number;
}

/** A `decide` with its own memory: restart while within the budget, stop the application past it. */
export function restartBudget(budget: Budget): (failure: RunningFailure) => 'RESTART_PROCESS' | 'STOP_APPLICATION' {
  const failures = new Map<string, number[]>();
  return (failure) => {
    const now = budget.now();
    const recent = (failures.get(failure.namespec) ?? []).filter((at) => now - at < budget.windowMs);
    recent.push(now);
    if (recent.length <= budget.limit) {
      failures.set(failure.namespec, recent);
      return 'RESTART_PROCESS';
    }
    failures.delete(failure.namespec);
    return 'STOP_APPLICATION';
  };
}

/** Monotonic: a change of the wall clock neither forgets nor invents failures. */
export const decide = restartBudget({ limit: 3, windowMs: 60_000, now: () => performance.now() });
