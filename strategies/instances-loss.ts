/**
 * What the Starter and Stopper do with one application job when instances are lost
 * (`on_instances_invalidation`, strategies.md §6.7).
 */

export interface JobCommands {
  /** Commands sent and awaiting their result. */
  readonly current: readonly { readonly namespec: string; readonly target: string | null }[];
  /** Namespecs of the commands still planned. */
  readonly planned: readonly string[];
}

export interface LossOutcome {
  /** Current commands whose target was lost: removed; for a start job each is a starting failure. */
  readonly removed: readonly string[];
  /** Lost processes still to hand to the running-failure handler. */
  readonly lostProcesses: ReadonlySet<string>;
}

/**
 * A process the job is handling is the job's concern, not a running failure, so it leaves the lost
 * set. Planned commands already bound to a lost instance are not re-targeted.
 */
export function jobOnInstancesLoss(job: JobCommands, lostInstances: ReadonlySet<string>, lostProcesses: ReadonlySet<string>): LossOutcome {
  const removed = job.current.filter((command) => command.target !== null && lostInstances.has(command.target)).map((command) => command.namespec);
  const handled = new Set([...removed, ...job.planned]);
  return { removed, lostProcesses: new Set([...lostProcesses].filter((namespec) => !handled.has(namespec))) };
}
