/**
 * An example conciliation plugin (docs/extending.md): KEEP_FIRST resolves each conflict by keeping
 * the copy on the first instance in code-point order of the identifiers and stopping the others,
 * whatever their ages: a predictable place for every process after a partition heals.
 *
 *   [supvisors]
 *   plugins = /path/to/dist/examples/plugins/keep-first.js
 *   conciliation_strategy = KEEP_FIRST
 *
 * or `supvisors.conciliate('KEEP_FIRST')` while the cluster is in CONCILIATION.
 */
import type { ConciliationAction, ConflictingProcess } from '../../strategies/conciliation.js';

export const name = 'KEEP_FIRST';
export const kind = 'conciliation';

/** Code-point order, the same in every locale (`<` on strings compares UTF-16 code units). */
function byCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

export function conciliate(conflicts: readonly ConflictingProcess[]): ConciliationAction[] {
  return conflicts.flatMap((conflict): ConciliationAction[] => {
    const [, ...others] = conflict.instances.map((instance) => instance.identifier).sort(byCodePoints);
    return others.length === 0 ? [] : [{ kind: 'stop', namespec: conflict.namespec, identifiers: others }];
  });
}
