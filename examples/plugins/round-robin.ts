/**
 * An example strategy plugin (docs/extending.md): ROUND_ROBIN places each process on the next
 * valid candidate, turn by turn, whatever the loads. Its turn counter is the actor's own state.
 *
 *   [supvisors]
 *   plugins = /path/to/dist/examples/plugins/round-robin.js
 *
 * then `supvisors.start_process('ROUND_ROBIN', 'app:prg')`, or
 * `<starting_strategy>ROUND_ROBIN</starting_strategy>` in a rules file.
 */
import type { ActorFactory } from '../../actors/core/index.js';
import type { ChooseMessage } from '../../actors/plugins/plugins.js';

export const strategy = 'ROUND_ROBIN';
export const kind = 'starting';

export const actor: ActorFactory<ChooseMessage> = () => {
  let turn = 0;
  return {
    receive(message) {
      const valid = message.candidates.filter((candidate) => candidate.valid);
      const chosen = valid[turn % Math.max(valid.length, 1)];
      turn += 1;
      message.replyTo.reply(chosen?.identifier ?? null);
    },
  };
};
