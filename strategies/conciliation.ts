/**
 * Conciliation strategies (strategies.md §9): per conflicting process, which instances to stop
 * and what else to ask for. The Master runs these on CONCILIATION entry and again at each
 * evaluation while conflicts remain and no job runs; the caller triggers the Stopper once after.
 */
import { uptime } from '../model/process-state.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';
import type { ConciliationStrategy } from '../vocabulary/strategies.js';

export interface ConflictInstance {
  readonly identifier: string;
  readonly state: ProcessState;
  /** Both on the reporting instance's monotonic clock. */
  readonly startMonotonic: number;
  readonly nowMonotonic: number;
}

export interface ConflictingProcess {
  readonly namespec: string;
  /** The instances in `running_identifiers`, in that order (ties keep the first). */
  readonly instances: readonly ConflictInstance[];
}

export type ConciliationAction =
  /** `stop_process(process, identifiers)` through the Stopper. */
  | { readonly kind: 'stop'; readonly namespec: string; readonly identifiers: readonly string[] }
  /** `restart_process` with the application default strategy and no extra_args. */
  | { readonly kind: 'restart'; readonly namespec: string }
  /** `add_default_job` of the running-failure handler, then its trigger. */
  | { readonly kind: 'running-failure'; readonly namespec: string };

/** The instance to keep: smallest uptime for SENICIDE, largest for INFANTICIDE; a STARTING copy has uptime 0. */
function kept(process: ConflictingProcess, youngest: boolean): string | undefined {
  let best: { identifier: string; uptime: number } | undefined;
  for (const instance of process.instances) {
    const candidate = { identifier: instance.identifier, uptime: uptime(instance) };
    if (best === undefined || (youngest ? candidate.uptime < best.uptime : candidate.uptime > best.uptime)) best = candidate;
  }
  return best?.identifier;
}

export function conciliate(strategy: ConciliationStrategy, conflicts: readonly ConflictingProcess[]): ConciliationAction[] {
  return conflicts.flatMap((process): ConciliationAction[] => {
    const { namespec } = process;
    const everywhere = process.instances.map((instance) => instance.identifier);
    switch (strategy) {
      case 'SENICIDE':
      case 'INFANTICIDE': {
        const keep = kept(process, strategy === 'SENICIDE');
        return [{ kind: 'stop', namespec, identifiers: everywhere.filter((identifier) => identifier !== keep) }];
      }
      case 'USER':
        return [];
      case 'STOP':
        return [{ kind: 'stop', namespec, identifiers: everywhere }];
      case 'RESTART':
        return [{ kind: 'restart', namespec }];
      case 'RUNNING_FAILURE':
        return [
          { kind: 'stop', namespec, identifiers: everywhere },
          { kind: 'running-failure', namespec },
        ];
    }
  });
}
