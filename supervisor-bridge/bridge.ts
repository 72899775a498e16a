import type { ActorContext, ActorFactory, Behavior, ReplyTo } from '../actors/core/index.js';
import { toError } from '../errors/errors.js';
import { setDisabled, startArgs, updateNumprocs } from './bridge-commands.js';
import { BridgeState, type BridgeOptions } from './bridge-state.js';
import type { BridgeMessage } from './messages.js';

/** Resync retries while supervisord does not answer: 0.25 s doubling up to 5 s. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * The Supervisor bridge actor: the one link to the local supervisord. It mirrors supervisord's
 * processes from pushed events (in order, one at a time), resynchronises from a full snapshot at
 * start and after any gap, and carries out the commands supervisord's own API lacks (extra
 * arguments, enforced disable, numprocs). Subscribers get every change.
 */
export function supervisorBridge(options: BridgeOptions): ActorFactory<BridgeMessage> {
  return (context: ActorContext<BridgeMessage>): Behavior<BridgeMessage> => {
    const state = new BridgeState(options, context.log);
    let retryMs = RETRY_MIN_MS;

    const resync = async (reason: string): Promise<void> => {
      context.timers.cancel('resync');
      try {
        await state.resync(reason);
        retryMs = RETRY_MIN_MS;
      } catch (thrown) {
        state.synced = false;
        state.lastResyncError = toError(thrown).message;
        context.log.warn(`resync failed (${state.lastResyncError}): retrying in ${retryMs} ms`);
        context.timers.once('resync', retryMs, { type: 'resync', reason: `retry after: ${state.lastResyncError}` });
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
      }
    };

    const watchWaiters = (): void => {
      if (state.waiters.size > 0 && !context.timers.isActive('waiters')) context.timers.every('waiters', 500, { type: 'check-waiters' });
    };

    /** A refused command is a fault for its caller, not a failure of the bridge. */
    const answer = async <R>(replyTo: ReplyTo<R>, command: () => void | Promise<void>): Promise<void> => {
      try {
        await command();
      } catch (thrown) {
        replyTo.fail(toError(thrown));
      }
      watchWaiters();
    };

    context.self.tell({ type: 'resync', reason: 'start' });

    return {
      async receive(message) {
        switch (message.type) {
          case 'resync':
            return resync(message.reason);
          case 'supervisor-event': {
            const followup = state.applyEvent(message.event, message.poolSerial);
            if (followup?.kind === 'resync') return resync(followup.reason);
            if (followup?.kind === 'refresh' && followup.key !== undefined) {
              context.log.debug(`refresh: ${followup.reason}`);
              return state.refresh(followup.key).catch((thrown: unknown) => resync(`refresh failed: ${toError(thrown).message}`));
            }
            return;
          }
          case 'check-waiters':
            state.checkWaiters();
            if (state.waiters.size === 0) context.timers.cancel('waiters');
            return;
          case 'subscribe':
            state.subscribers.push(message.subscriber);
            message.subscriber.tell({ type: 'local-synced', model: state.model });
            return;
          case 'get-model':
            return message.replyTo.reply(state.model);
          case 'start-args':
            return answer(message.replyTo, () => startArgs(state, message.namespec, message.extraArgs, message.wait, message.replyTo));
          case 'set-disabled':
            return answer(message.replyTo, () => setDisabled(state, message.program, message.disabled, message.wait, message.replyTo));
          case 'update-numprocs':
            return answer(message.replyTo, () => updateNumprocs(state, message.program, message.numprocs, message, message.replyTo));
        }
      },
    };
  };
}
