/**
 * The collector: a child of the statistics actor that owns the worker-thread pool (piscina,
 * one thread) and runs one sampling task per `sample` message.
 *
 * A failed task (it threw, its worker thread exited, or it timed out and its thread was
 * terminated) is reported to the parent and then rethrown: the runtime counts it in this
 * actor's mailbox (`failed`, `lastFailure`) and restarts it (`restarts`), and the restart
 * destroys the pool and builds a new one. So a crash of the collector shows in the node's
 * actor diagnostics under `<stats>-collector`.
 */
import { describeError, toError } from '../../errors/errors.js';
import { SamplerPool } from '../../stats-worker/pool.js';
import type { SampleResult } from '../../stats-worker/protocol.js';
import type { ActorFactory, ActorRef, SupervisionPolicy } from '../core/index.js';
import type { CollectorMessage, StatsMessage } from './messages.js';

export interface CollectorDeps {
  /** Where results and failures go (the statistics actor). */
  readonly report: ActorRef<StatsMessage>;
  /** The compiled task module; default: dist/stats-worker/worker.js. */
  readonly workerFile?: string;
  /** A task running longer is aborted and its worker thread terminated. */
  readonly taskTimeoutMs: number;
}

/**
 * Restarts with a backoff; lenient intensity because the parent already slows its requests down
 * after consecutive failures (a failing collector never takes the statistics actor down with it
 * unless it fails more than 10 times a minute).
 */
export const COLLECTOR_POLICY: SupervisionPolicy = {
  kind: 'restart',
  backoff: { minMs: 100, maxMs: 10_000, factor: 2 },
  intensity: { maxRestarts: 10, withinMs: 60_000 },
};

export function collectorActor(deps: CollectorDeps): ActorFactory<CollectorMessage> {
  return (context) => {
    const pool = new SamplerPool(deps.workerFile, (error) => context.log.error(`worker thread error: ${error.message}`));
    return {
      async receive(message) {
        let result: SampleResult;
        try {
          result = await pool.run(message.task, deps.taskTimeoutMs);
        } catch (thrown) {
          const error = toError(thrown);
          deps.report.tell({ type: 'sample-failed', seq: message.seq, error: describeError(error) });
          throw error;
        }
        deps.report.tell({ type: 'sampled', seq: message.seq, result });
      },
      postStop: () => pool.destroy(),
    };
  };
}
