/**
 * Bounded histories of integrated statistics. Each list keeps the last `histo` points: the
 * oldest are dropped from the front (spec/stats.md §2.2).
 */

/** Appends `value` and drops the oldest points beyond `histo`. */
export function pushBounded(list: number[], value: number, histo: number): void {
  list.push(value);
  if (list.length > histo) list.splice(0, list.length - histo);
}

/** The history of one network interface, disk or partition: its own timeline and components. */
export interface EntryHistory {
  /** Uptimes of the points, seconds. */
  readonly times: number[];
  /** One list per component: `[recv, sent]`, `[read, write]`, or `[percent]`. */
  readonly values: number[][];
}

export function newEntryHistory(components: number): EntryHistory {
  return { times: [], values: Array.from({ length: components }, () => []) };
}

/** Names of the entries created and deleted by one history update. */
export interface EntryChanges {
  readonly added: string[];
  readonly removed: string[];
}

/**
 * Updates keyed histories with one integration result: known entries present in the result get
 * a point at `uptime`; known entries missing from the result are deleted ("obsolete"); new
 * entries are created with one point ("new").
 */
export function updateEntries(
  histories: Map<string, EntryHistory>,
  result: Readonly<Record<string, readonly number[]>>,
  uptime: number,
  histo: number,
): EntryChanges {
  const added: string[] = [];
  const removed: string[] = [];
  for (const name of [...histories.keys()]) {
    if (!Object.hasOwn(result, name)) {
      histories.delete(name);
      removed.push(name);
    }
  }
  for (const [name, components] of Object.entries(result)) {
    let history = histories.get(name);
    if (history === undefined) {
      history = newEntryHistory(components.length);
      histories.set(name, history);
      added.push(name);
    }
    pushBounded(history.times, uptime, histo);
    components.forEach((value, index) => {
      const list = history.values[index];
      if (list !== undefined) pushBounded(list, value, histo);
    });
  }
  return { added, removed };
}
