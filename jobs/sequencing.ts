/**
 * The sequencing the Starter and the Stopper share (spec/strategies.md §6.3, §7): jobs, one per
 * application, are grouped by their application's sequence; one group runs at a time and all
 * its jobs run in parallel; inside a job, its process stages run strictly one after the other.
 * The Starter picks the smallest sequence first at both levels, the Stopper the greatest.
 */

export type Pickup = 'smallest' | 'greatest';

/** What a machine's step gives: its new state and the effects the shell runs, in order. */
export interface Step<S, E> {
  readonly state: S;
  readonly effects: readonly E[];
}

/** A line for the shell's log. */
export interface LogEffect {
  readonly type: 'log';
  readonly level: 'info' | 'warn';
  readonly text: string;
}

/** Items keyed by their sequence (a process stage of a job). */
export type Stages<T> = ReadonlyMap<number, readonly T[]>;

const better = (pickup: Pickup) => (left: number, right: number): boolean => (pickup === 'smallest' ? left < right : left > right);

/** The key picked next, undefined when there is none. */
export function nextKey(keys: Iterable<number>, pickup: Pickup): number | undefined {
  const isBetter = better(pickup);
  let picked: number | undefined;
  for (const key of keys) if (picked === undefined || isBetter(key, picked)) picked = key;
  return picked;
}

/** The next stage and the stages left. */
export function popStage<T>(stages: Stages<T>, pickup: Pickup): { readonly stage: readonly T[]; readonly rest: Stages<T> } | undefined {
  const key = nextKey(stages.keys(), pickup);
  if (key === undefined) return undefined;
  const rest = new Map(stages);
  rest.delete(key);
  return { stage: stages.get(key) ?? [], rest };
}

/** Items added to their stage, unless `known` says the job already has them. */
export function addToStages<T>(stages: Stages<T>, items: readonly T[], sequenceOf: (item: T) => number, known: (item: T) => boolean): Stages<T> {
  const merged = new Map(stages);
  for (const item of items) {
    if (known(item)) continue;
    const sequence = sequenceOf(item);
    merged.set(sequence, [...(merged.get(sequence) ?? []), item]);
  }
  return merged;
}

export function stageItems<T>(stages: Stages<T>): T[] {
  return [...stages.values()].flat();
}

export interface Grouped<J extends { readonly key: number }> {
  /** Jobs waiting for their group. */
  readonly planned: readonly J[];
  /** The group running: every job shares one key. */
  readonly current: readonly J[];
}

/**
 * The group that runs now: when no job is current, every planned job of the picked key; a
 * planned job with the current group's key joins it (it would have run in parallel with them).
 */
export function promoteGroup<J extends { readonly key: number }>(jobs: Grouped<J>, pickup: Pickup): Grouped<J> {
  const key = jobs.current[0]?.key ?? nextKey(jobs.planned.map((job) => job.key), pickup);
  if (key === undefined) return jobs;
  const joining = jobs.planned.filter((job) => job.key === key);
  if (joining.length === 0) return jobs;
  return { planned: jobs.planned.filter((job) => job.key !== key), current: [...jobs.current, ...joining] };
}
