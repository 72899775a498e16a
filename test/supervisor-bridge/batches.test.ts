/**
 * supervisor-bridge/batches.ts: a stage cut in batches of BATCH_SIZE, sent one after the other,
 * the failures of each told (refused items, or every item of a batch whose ask failed).
 */
import assert from 'node:assert/strict';
import { BATCH_SIZE, inBatches, sendInBatches, type BatchFailure } from '../../supervisor-bridge/batches.js';
import type { BatchOutcome } from '../../supervisor-bridge/messages.js';

describe('bridge batches', () => {
  it('cuts items in batches of BATCH_SIZE, in order', () => {
    const items = Array.from({ length: 2 * BATCH_SIZE + 3 }, (_, index) => index);
    const batches = inBatches(items);
    assert.deepEqual(batches.map((batch) => batch.length), [BATCH_SIZE, BATCH_SIZE, 3]);
    assert.deepEqual(batches.flat(), items);
    assert.deepEqual(inBatches([]), []);
  });

  it("sends a batch only once the previous one is answered, and tells refused items (with supervisord's fault code) and lost batches", async () => {
    const items = Array.from({ length: BATCH_SIZE + 2 }, (_, index) => `app:p${index}`);
    let inFlight = 0;
    const sent: number[] = [];
    const failures: BatchFailure[] = [];
    await sendInBatches(
      items,
      (namespec) => namespec,
      async (batch): Promise<readonly BatchOutcome[]> => {
        inFlight += 1;
        assert.equal(inFlight, 1, 'one batch at a time');
        sent.push(batch.length);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        if (batch.length === 2) throw new Error('peer unreachable');
        return batch.map((namespec) => (namespec === 'app:p3' ? { namespec, fault: { code: 30, text: 'DISABLED: app:p3' } } : { namespec }));
      },
      (batchFailures) => failures.push(...batchFailures),
    );
    assert.deepEqual(sent, [BATCH_SIZE, 2]);
    assert.deepEqual(failures, [
      { namespec: 'app:p3', reason: 'DISABLED: app:p3', code: 30 },
      { namespec: `app:p${BATCH_SIZE}`, reason: 'peer unreachable', code: undefined },
      { namespec: `app:p${BATCH_SIZE + 1}`, reason: 'peer unreachable', code: undefined },
    ]);
  });
});
