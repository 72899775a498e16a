/**
 * How the starter and the stopper send a stage to an instance's bridge: `start-batch` /
 * `stop-batch` of at most BATCH_SIZE items, one after the other. supervisord answers nothing
 * else while it runs a multicall (a start costs it about 10 ms: spawning), so a bounded batch
 * keeps its event listener and its other clients served between batches, and keeps each ask
 * well within its timeout however large the stage.
 */
import { describeError } from '../errors/errors.js';
import type { BatchOutcome } from './messages.js';

export const BATCH_SIZE = 20;

export function inBatches<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

/** An item refused by the bridge or supervisord, or lost with its batch's ask. */
export interface BatchFailure {
  readonly namespec: string;
  readonly reason: string;
  /** supervisord's fault code; undefined when the ask itself failed. */
  readonly code: number | undefined;
}

/** Sends `items` batch after batch; `failed` is told the failures of each batch, if any. */
export async function sendInBatches<T>(
  items: readonly T[],
  namespecOf: (item: T) => string,
  send: (batch: readonly T[]) => Promise<readonly BatchOutcome[]>,
  failed: (failures: readonly BatchFailure[]) => void,
): Promise<void> {
  for (const batch of inBatches(items)) {
    let failures: BatchFailure[];
    try {
      failures = (await send(batch)).flatMap(({ namespec, fault }) => (fault === undefined ? [] : [{ namespec, reason: fault.text, code: fault.code }]));
    } catch (error) {
      failures = batch.map((item) => ({ namespec: namespecOf(item), reason: describeError(error), code: undefined }));
    }
    if (failures.length > 0) failed(failures);
  }
}
