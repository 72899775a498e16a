/**
 * An example starting strategy plugin (docs/extending.md): ROUND_ROBIN places each process on the
 * next valid candidate, turn by turn, whatever the loads.
 *
 *   [supvisors]
 *   plugins = /path/to/dist/examples/plugins/round-robin.js
 *
 * then `supvisors.start_process('ROUND_ROBIN', 'app:prg')`, or
 * `<starting_strategy>ROUND_ROBIN</starting_strategy>` in a rules file.
 *
 * The turn counter is module state: it lives as long as the plugin's worker thread, one per node,
 * and starts again from 0 when the worker is restarted.
 */
import type { PlacementInput } from '../../strategies/placement.js';

export const name = 'ROUND_ROBIN';
export const kind = 'starting';

let turn = 0;

/** Called once per placement; answers at once (no promise). */
export function choose(input: PlacementInput): string | null {
  const valid = input.candidates.filter((candidate) => candidate.valid);
  const chosen = valid[turn % Math.max(valid.length, 1)];
  if (chosen === undefined) return null;
  turn += 1;
  return chosen.identifier;
}
