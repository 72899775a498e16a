import type { ActorContext, ActorFactory, Behavior, ReplyTo } from '../actors/core/index.js';
import { describeError, isSupvisorsError, toError } from '../errors/errors.js';
import { afterStart, setDisabled, startArgs, startBatch, stopBatch, stopProcess, updateNumprocs } from './bridge-commands.js';
import { BridgeState, SPAWN_GRACE_MS, type BridgeOptions } from './bridge-state.js';
import type { BridgeMessage } from './messages.js';

/** Resync retries while supervisord does not answer: 0.25 s doubling up to 5 s. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/**
 * Resyncs asked by events wait this long, so that a burst (supervisord starting 300 programs,
 * events buffered while the runtime was down) costs one snapshot, not one per event.
 */
const RESYNC_DEBOUNCE_MS = 30;
/** Exits are completed from supervisord this long after their event, once for a whole burst. */
const DETAILS_DELAY_MS = 20;

/**
 * The Supervisor bridge actor: the one link to the local supervisord. It mirrors supervisord's
 * processes from pushed events (in order, one at a time), resynchronises from a full snapshot at
 * start and after any gap, and carries out the commands supervisord's own API lacks (extra
 * arguments, enforced disable, numprocs). Subscribers get every change.
 */
export function supervisorBridge(options: BridgeOptions): ActorFactory<BridgeMessage> {
  return (context: ActorContext<BridgeMessage>): Behavior<BridgeMessage> => {
    const state = new BridgeState(options, context.log);
    state.tellSelf = (message) => void context.self.tell(message);
    let retryMs = RETRY_MIN_MS;

    const resync = async (reason: string): Promise<void> => {
      context.timers.cancel('resync');
      try {
        await state.resync(reason);
        retryMs = RETRY_MIN_MS;
      } catch (thrown) {
        state.synced = false;
        state.lastResyncError = describeError(thrown);
        if (isSupvisorsError(thrown) && thrown.fault === 'SHUTDOWN_STATE') {
          // supervisord is stopping or reloading: it stops this runtime too (and starts a new one).
          context.log.info(`supervisord is shutting down: no resync (${state.lastResyncError})`);
          return;
        }
        context.log.warn(`resync failed (${state.lastResyncError}): retrying in ${retryMs} ms`);
        context.timers.once('resync', retryMs, { type: 'resync', reason: `retry after: ${state.lastResyncError}` });
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
      }
    };

    const requestResync = (reason: string): void => {
      if (context.timers.isActive('resync')) return;
      context.log.debug(`resync in ${RESYNC_DEBOUNCE_MS} ms: ${reason}`);
      context.timers.once('resync', RESYNC_DEBOUNCE_MS, { type: 'resync', reason });
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

    /** Follow-ups asked by a message run later, once for a burst (see BridgeState). */
    const scheduleFollowups = (): void => {
      if (state.detailsPending.size > 0 && !context.timers.isActive('details')) {
        context.timers.once('details', DETAILS_DELAY_MS, { type: 'read-details' });
      }
      if (state.stopsPending.size > 0 && !context.timers.isActive('stops')) context.timers.once('stops', SPAWN_GRACE_MS, { type: 'impose-stops' });
    };

    const handle = async (message: BridgeMessage): Promise<void> => {
      switch (message.type) {
        case 'resync':
          return resync(message.reason);
        case 'supervisor-event': {
          if (message.event.kind === 'supervisor-stopping') for (const subscriber of state.subscribers) subscriber.tell({ type: 'local-stopping' });
          const reason = state.applyEvent(message.event, message.poolSerial);
          if (reason !== undefined) requestResync(reason);
          return;
        }
        case 'read-details':
          return state.readDetails();
        case 'details':
          return state.applyDetails(message.infos);
        case 'impose-stops':
          return state.imposeStops();
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
        case 'stop-process':
          return answer(message.replyTo, () => stopProcess(state, message.namespec, message.replyTo));
        case 'start-batch':
          return answer(message.replyTo, () => startBatch(state, message.starts, message.replyTo));
        case 'stop-batch':
          return answer(message.replyTo, () => stopBatch(state, message.namespecs, message.replyTo));
        case 'started':
          return answer(message.replyTo, () => afterStart(state, message));
        case 'set-disabled':
          return answer(message.replyTo, () => setDisabled(state, message.program, message.disabled, message.wait, message.replyTo));
        case 'update-numprocs':
          return answer(message.replyTo, () => updateNumprocs(state, message.program, message.numprocs, message, message.replyTo));
      }
    };

    context.self.tell({ type: 'resync', reason: 'start' });

    return {
      async receive(message) {
        await handle(message);
        scheduleFollowups();
      },
    };
  };
}
